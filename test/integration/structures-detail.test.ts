import { beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/lib/server/db';
import * as structures from '../../src/lib/server/structures';
import { freshDatabase } from '../helpers/database';
import { PLACES, insertStructure, seedReference, seedTerritories } from './structures-fixtures';

let sql: Sql;
let university: string;
let pending: string;

beforeAll(async () => {
	sql = await freshDatabase();
	await seedReference(sql);
	await seedTerritories(sql);
	const ids = [];
	for (const place of PLACES) ids.push(await insertStructure(sql, place));
	university = ids[PLACES.findIndex((p) => p.name === 'Université de Besançon')]!;
	pending = ids[PLACES.findIndex((p) => p.status === 'pending')]!;
	await sql`update structures set slug = 'universite-de-besancon', description = 'Une université.',
		website = 'https://www.univ-fcomte.fr', email = 'contact@univ-fcomte.fr', phone = '03 81 66 66 66',
		address_street = '1 rue Goudimel', postcode = '25000', attributes = ${sql.json({ secteur: 'Public' })}
		where id = ${university}`;
	await sql`insert into contacts (structure_id, name, role, email, phone, visibility) values
		(${university}, 'Accueil', 'Standard', 'accueil@univ-fcomte.fr', '03 81 00 00 00', 'public'),
		(${university}, 'Camille Martin', 'Référente numérique', 'camille.martin@univ-fcomte.fr', '06 00 00 00 00', 'staff'),
		(${university}, 'Dominique Petit', 'Direction', 'dominique.petit@univ-fcomte.fr', null, 'staff')`;
});

describe('structures.get', () => {
	it('returns everything public about a structure, by slug or by id', async () => {
		const bySlug = await structures.get('universite-de-besancon');
		const byId = await structures.get(university);
		expect(byId).toEqual(bySlug);
		expect(bySlug).toMatchObject({
			id: university,
			slug: 'universite-de-besancon',
			name: 'Université de Besançon',
			category: 'enseignement-superieur',
			categories: ['enseignement-superieur'],
			description: 'Une université.',
			address: { street: '1 rue Goudimel', postcode: '25000' },
			website: 'https://www.univ-fcomte.fr',
			email: 'contact@univ-fcomte.fr',
			phone: '03 81 66 66 66',
			commune: { code: '25001', name: 'Besançon' },
			departement: { code: '25', name: 'Doubs' },
			academie: { code: 'besancon', name: 'Académie de Besançon' },
			identifiers: { uai: '0251215K', siret: '19251215000011' },
			geometry: { type: 'Point', coordinates: [5.5, 47.5] },
			location_precision: 'exact',
			programmes: [
				{ number: 1, title: 'Gouvernance distribuée', axis_code: 'S1', role: 'partenaire' }
			],
			dataset: {
				id: 'test-data',
				title: 'Jeu de test',
				licence: 'Licence Ouverte 2.0',
				licence_url: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence',
				attribution: 'Tests Cartonum',
				data_date: '2026'
			},
			source: 'import:test-data',
			attributes: { secteur: 'Public' }
		});
		expect(bySlug!.updated_at).toBeInstanceOf(Date);
	});

	it('never returns staff-only contacts', async () => {
		const detail = await structures.get(university);
		expect(detail!.contacts).toEqual([
			{
				name: 'Accueil',
				role: 'Standard',
				email: 'accueil@univ-fcomte.fr',
				phone: '03 81 00 00 00'
			}
		]);
		const text = JSON.stringify(detail);
		expect(text).not.toContain('Camille');
		expect(text).not.toContain('dominique.petit');
		expect(text).not.toContain('06 00 00 00 00');
	});

	it('credits every dataset with values in source_values, the creating one first', async () => {
		await sql`insert into datasets (id, title, publisher, licence, licence_url, attribution, data_date)
			values ('annuaire-test', 'Annuaire de test', 'Tests', 'Licence Ouverte 2.0', null,
				'Annuaire Cartonum', '2026-05-27')`;
		const layer = (email: string) => ({ record_id: 'r1', values: { email } });
		await sql`update structures set source_values = ${sql.json({
			'annuaire-test': layer('contact@univ-fcomte.fr'),
			'test-data': layer('ancien@univ-fcomte.fr'),
			'jeu-disparu': layer('x@example.org')
		})} where id = ${university}`;
		const detail = await structures.get(university);
		expect(detail!.datasets).toEqual([
			detail!.dataset,
			{
				id: 'annuaire-test',
				title: 'Annuaire de test',
				licence: 'Licence Ouverte 2.0',
				licence_url: null,
				attribution: 'Annuaire Cartonum',
				data_date: '2026-05-27'
			}
		]);
		expect(detail!.dataset!.id).toBe('test-data');
	});

	it('credits only the creating dataset when no other contributed', async () => {
		const [row] = await sql<{ slug: string }[]>`
			select slug from structures where name = 'Point visio sans commune'`;
		const detail = await structures.get(row!.slug);
		expect(detail!.datasets).toEqual([detail!.dataset]);
		expect(detail!.dataset!.id).toBe('test-data');
	});

	it('returns nothing for unknown or unpublished structures', async () => {
		expect(await structures.get('inconnue')).toBeNull();
		expect(await structures.get('00000000-0000-4000-8000-000000000000')).toBeNull();
		expect(await structures.get(pending)).toBeNull();
	});

	it('keeps a structure without commune or programme readable', async () => {
		const [row] = await sql<{ slug: string }[]>`
			select slug from structures where name = 'Point visio sans commune'`;
		const detail = await structures.get(row!.slug);
		expect(detail).toMatchObject({
			commune: null,
			departement: null,
			academie: null,
			programmes: [],
			contacts: [],
			identifiers: {}
		});
	});
});
