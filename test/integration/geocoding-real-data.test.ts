import { beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/lib/server/db';
import * as duplicates from '../../src/lib/server/duplicates';
import { communeAt, offlineGeocoder } from '../../src/lib/server/geocoding';
import { importAll } from '../../src/lib/server/import';
import { freshDatabase } from '../helpers/database';

/**
 * The registration building blocks over the real regional data, imported by the real importers:
 * the gazetteer of 3,685 communes and of the streets of imported addresses, the commune under
 * a point, duplicates and the UAI prefill.
 */
let sql: Sql;

beforeAll(async () => {
	sql = await freshDatabase();
	await importAll(sql);
}, 600_000);

const first = async (query: string) => (await offlineGeocoder.geocode(query))[0];

describe('the real gazetteer', () => {
	it('holds every commune of the region and streets of exactly placed addresses', async () => {
		const [row] = await sql<{ communes: number; addresses: number; outside: number }[]>`
			select (select count(*)::int from geocoding_communes) as communes,
				(select count(*)::int from geocoding_addresses) as addresses,
				(select count(*)::int from geocoding_addresses a join structures s on s.id = a.structure_id
					where s.location_precision <> 'exact' or s.status <> 'published') as outside`;
		expect(row!.communes).toBe(3685);
		expect(row!.addresses).toBeGreaterThan(800);
		expect(row!.outside).toBe(0);
	});

	it('resolves communes by name, postcode, both, and without accents or hyphens', async () => {
		expect(await first('Besançon')).toMatchObject({
			communeCode: '25056',
			label: '25000 Besançon',
			precision: 'commune'
		});
		expect(await first('25000')).toMatchObject({ communeCode: '25056', precision: 'postcode' });
		expect(await first('21000 Dijon')).toMatchObject({
			communeCode: '21231',
			label: '21000 Dijon'
		});
		expect(await first('Chalon sur Saone')).toMatchObject({ communeName: 'Chalon-sur-Saône' });
		expect(await first('st claude')).toMatchObject({ communeName: 'Saint-Claude' });
		expect(await first('lons le saunier')).toMatchObject({ communeCode: '39300' });
		expect(await first('macon')).toMatchObject({ communeName: 'Mâcon' });
	});

	it('puts the commune’s label point inside the commune', async () => {
		for (const query of ['Besançon', 'Belfort', 'Nevers', 'Auxerre', 'Vesoul']) {
			const candidate = await first(query);
			expect((await communeAt(candidate!.lon, candidate!.lat))?.communeCode).toBe(
				candidate!.communeCode
			);
		}
	});

	it('resolves a real address to its street, CEDEX and postal box ignored', async () => {
		expect(await first('38 Avenue Françoise Giroud 21000 DIJON')).toMatchObject({
			street: '38 avenue Françoise Giroud',
			communeCode: '21231',
			precision: 'street'
		});
		expect(
			await first('Pôle AAFE - 11 Esplanade Erasme - BP 26513 21065 DIJON CEDEX')
		).toMatchObject({ communeCode: '21231', precision: 'street' });
		expect(await first('12 rue de la préfecture, vesoul')).toMatchObject({
			street: '12 rue de la Préfecture',
			communeName: 'Vesoul',
			precision: 'street'
		});
	});

	it('finds the commune under real points, and nothing outside the region', async () => {
		expect(await communeAt(5.0415, 47.322)).toMatchObject({
			communeCode: '21231',
			departementCode: '21'
		});
		expect(await communeAt(6.0243, 47.2378)).toMatchObject({ communeCode: '25056' });
		expect(await communeAt(4.8357, 45.764)).toBeNull(); // Lyon
		expect(await communeAt(2.3522, 48.8566)).toBeNull(); // Paris
	});
});

describe('duplicates over the real data', () => {
	it('prefills from a real UAI', async () => {
		const prefill = await duplicates.prefillFromUai('0210024m');
		expect(prefill).toMatchObject({
			name: 'Collège Champollion',
			communeCode: '21231',
			communeName: 'Dijon',
			locationPrecision: 'exact',
			identifiers: { uai: '0210024M' }
		});
	});

	it('warns of the real neighbour a registration would duplicate', async () => {
		const champollion = (await duplicates.prefillFromUai('0210024M'))!;
		const found = await duplicates.find({
			name: 'College Champollion - Dijon',
			lon: champollion.lon + 0.004,
			lat: champollion.lat
		});
		expect(found[0]).toMatchObject({ id: champollion.id, reason: 'nom-proche', similarity: 1 });
		const byUai = await duplicates.find({ name: 'Autre', identifiers: { uai: '0210024M' } });
		expect(byUai.map((d) => d.id)).toEqual([champollion.id]);
	});
});
