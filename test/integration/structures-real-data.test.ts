import { beforeAll, describe, expect, it } from 'vitest';
import {
	decodeCursor,
	emptyFilters,
	type StructureFilters
} from '../../src/lib/domain/structure-filters';
import type { TerritoryRef } from '../../src/lib/domain/territory-code';
import type { Sql } from '../../src/lib/server/db';
import { importAll } from '../../src/lib/server/import';
import * as structures from '../../src/lib/server/structures';
import * as territories from '../../src/lib/server/territories';
import { GET as structureList } from '../../src/routes/api/v1/structures/+server';
import { freshDatabase } from '../helpers/database';

/**
 * The read side over the real regional data, imported by the real importers: every territory
 * partition adds up, the list and the map agree, and a radius matches distances computed here.
 */
let sql: Sql;
let published: { id: string; lon: number; lat: number; commune_code: string | null }[];

beforeAll(async () => {
	sql = await freshDatabase();
	await importAll(sql);
	published = await sql`
		select id, ST_X(geom) as lon, ST_Y(geom) as lat, commune_code
		from structures where status = 'published'`;
}, 600_000);

const where = (territory: TerritoryRef): StructureFilters => ({ ...emptyFilters(), territory });
const total = (filters: StructureFilters) => structures.count(filters);

function haversine(lon1: number, lat1: number, lon2: number, lat2: number): number {
	const R = 6371008.8;
	const rad = Math.PI / 180;
	const a =
		Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
		Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
	return 2 * R * Math.asin(Math.sqrt(a));
}

describe('the read API over the real regional data', () => {
	it('has thousands of published structures, all inside BFC communes', async () => {
		expect(published.length).toBeGreaterThan(2000);
		const region = await total(where({ kind: 'region', code: '27' }));
		const withCommune = published.filter((s) => s.commune_code).length;
		expect(region).toBe(withCommune);
		expect(await total(emptyFilters())).toBe(published.length);
	});

	it('partitions the region into its académies, départements and EPCIs', async () => {
		const region = await total(where({ kind: 'region', code: '27' }));
		const academies = await Promise.all(
			['besancon', 'dijon'].map((code) =>
				total(where({ kind: 'academie', code: code as 'besancon' | 'dijon' }))
			)
		);
		expect(academies.every((n) => n > 100)).toBe(true);
		expect(academies[0]! + academies[1]!).toBe(region);

		const departements = await territories.list('departement', { parent: 'reg:27' });
		expect(departements.map((d) => d.code).sort()).toEqual(
			['21', '25', '39', '58', '70', '71', '89', '90'].map((d) => `dep:${d}`)
		);
		let sum = 0;
		for (const d of departements) {
			const n = await total(where({ kind: 'departement', code: d.code.slice(4) }));
			expect(n, d.code).toBeGreaterThan(0);
			sum += n;
		}
		expect(sum).toBe(region);

		// Every BFC commune has an EPCI, so the EPCIs cover the region once.
		let epciSum = 0;
		for (const e of await territories.list('epci'))
			epciSum += await total(where({ kind: 'epci', code: e.code.slice(5) }));
		expect(epciSum).toBe(region);
	});

	it('counts the structures of Dijon by commune, and they lie in or near its outline', async () => {
		const dijon = await territories.get('com:21231');
		expect(dijon).toMatchObject({ name: 'Dijon', kind: 'commune' });
		expect(dijon!.parents.map((p) => p.code)).toEqual([
			'epci:242100410',
			'dep:21',
			'aca:dijon',
			'reg:27'
		]);
		const inDijon = await structures.list(where({ kind: 'commune', code: '21231' }), {
			limit: 500
		});
		expect(inDijon.total).toBeGreaterThan(20);
		const [west, south, east, north] = dijon!.bbox;
		const margin = 0.02;
		for (const s of inDijon.items) {
			const [lon, lat] = s.geometry.coordinates as [number, number];
			expect(lon).toBeGreaterThan(west - margin);
			expect(lon).toBeLessThan(east + margin);
			expect(lat).toBeGreaterThan(south - margin);
			expect(lat).toBeLessThan(north + margin);
		}
		const byCategory = await structures.countByCategory(where({ kind: 'commune', code: '21231' }));
		expect(byCategory.find((c) => c.category === 'ecole' || c.category === 'college')).toBeTruthy();
	});

	it('selects, within 10 km of Besançon, exactly the structures a haversine puts there', async () => {
		const center = { lon: 6.0241, lat: 47.2378 };
		const page = await structures.list(where({ kind: 'radius', ...center, meters: 10_000 }), {
			limit: 500
		});
		const expected = published
			.filter((s) => haversine(center.lon, center.lat, s.lon, s.lat) <= 10_000)
			.map((s) => s.id)
			.sort();
		expect(expected.length).toBeGreaterThan(30);
		expect(page.total).toBe(expected.length);
		expect(page.items.map((s) => s.id).sort()).toEqual(expected);
	});

	it('gives the map the same structures as the list for the whole region and a département', async () => {
		for (const filters of [emptyFilters(), where({ kind: 'departement', code: '21' })]) {
			const map = await structures.features(filters);
			const ids: string[] = [];
			let cursor: string | null = null;
			do {
				const page = await structures.list(filters, {
					limit: 500,
					cursor: cursor ? decodeCursor(cursor) : null
				});
				ids.push(...page.items.map((s) => s.id));
				cursor = page.next;
			} while (cursor);
			expect(new Set(ids).size).toBe(ids.length);
			expect(map.features.map((f) => f.properties.id).sort()).toEqual(ids.sort());
		}
	});

	it('finds a school by its UAI through the API', async () => {
		const [school] = await sql<{ value: string; name: string }[]>`
			select i.value, s.name from structure_identifiers i join structures s on s.id = i.structure_id
			where i.scheme = 'uai' and s.status = 'published' order by i.value limit 1`;
		const url = new URL(
			`http://localhost/api/v1/structures?identifier=uai:${school!.value.toLowerCase()}`
		);
		const response = await structureList({ url, request: new Request(url), params: {} } as never);
		const body = (await response.json()) as { items: { name: string }[]; total: number };
		expect(body.total).toBe(1);
		expect(body.items[0]!.name).toBe(school!.name);
	});

	it('credits every dataset that completed a school, the creating extract first', async () => {
		// 0700585F is in the composite schools file (otsc-fc extract) and in the Annuaire, which
		// supplies its email: both must be credited, and `dataset` still names the creator.
		const [school] = await sql<{ id: string }[]>`
			select structure_id as id from structure_identifiers
			where scheme = 'uai' and value = '0700585F'`;
		const detail = await structures.get(school!.id);
		expect(detail!.email).toBe('ce.0700585F@ac-besancon.fr');
		expect(detail!.datasets.map((d) => d.id)).toEqual(['otsc-fc', 'annuaire-education']);
		expect(detail!.dataset).toEqual(detail!.datasets[0]);
		expect(detail!.datasets[1]).toMatchObject({
			title: 'Annuaire de l’éducation',
			licence_url: expect.stringContaining('etalab'),
			data_date: '2026-05-27'
		});
	});

	it('finds territories for a picker by name and postcode', async () => {
		expect((await territories.search('dijon'))[0]!.code).toBe('com:21231');
		expect((await territories.search('besancon'))[0]!.code).toBe('com:25056');
		expect((await territories.search('21000')).map((t) => t.code)).toContain('com:21231');
		expect((await territories.search('cote d or'))[0]!.code).toBe('dep:21');
		expect((await territories.containing(5.0415, 47.322)).map((t) => t.code)).toEqual([
			'com:21231'
		]);
	});
});
