import { beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/lib/server/db';
import * as duplicates from '../../src/lib/server/duplicates';
import { freshDatabase } from '../helpers/database';

/**
 * Duplicate detection and UAI prefill on real PostGIS. Positions are offsets from a point of
 * Dijon, in metres east (1 m ≈ 1 / 75,500 degree of longitude at this latitude).
 */
let sql: Sql;

const HERE = { lon: 5.04, lat: 47.32 };
const east = (meters: number) => ({ lon: HERE.lon + meters / 75_500, lat: HERE.lat });

const ids: Record<string, string> = {};

async function insertStructure(
	key: string,
	name: string,
	at: { lon: number; lat: number },
	options: { status?: string; identifiers?: Record<string, string>; street?: string } = {}
) {
	const [row] = await sql<{ id: string }[]>`
		insert into structures (slug, name, category, categories, description, website, email,
			phone, address_street, postcode, commune_code, geom, status, source)
		values (${key}, ${name}, 'college', '{college}', 'Un collège du centre.',
			'https://exemple.fr', 'contact@exemple.fr', '03 80 00 00 00', ${options.street ?? null},
			'21000', '21231', ST_SetSRID(ST_MakePoint(${at.lon}, ${at.lat}), 4326),
			${options.status ?? 'published'}, 'test')
		returning id`;
	ids[key] = row!.id;
	for (const [scheme, value] of Object.entries(options.identifiers ?? {})) {
		await sql`insert into structure_identifiers (structure_id, scheme, value)
			values (${row!.id}, ${scheme}, ${value})`;
	}
}

beforeAll(async () => {
	sql = await freshDatabase();
	await sql`insert into categories (code, label, label_plural, color, sort)
		values ('college', 'Collège', 'Collèges', '#E4794A', 1)`;
	await sql`
		insert into territories (code, kind, insee_code, name, departement_code, postcodes, geom,
			label_point)
		values ('com:21231', 'commune', '21231', 'Dijon', '21', '{21000}',
			ST_GeomFromText('MULTIPOLYGON(((5 47.3,5.1 47.3,5.1 47.36,5 47.36,5 47.3)))', 4326),
			ST_SetSRID(ST_MakePoint(5.05, 47.33), 4326))`;
	await insertStructure('hugo', 'Collège Victor Hugo', HERE, {
		identifiers: { uai: '0210024M', siret: '19251215000363' },
		street: '15 rue Castelnau'
	});
	await insertStructure('hugo-far', 'Collège Victor Hugo', east(4000));
	await insertStructure('pergaud', 'ECOLE MATERNELLE PUBLIQUE LOUIS PERGAUD', east(200));
	await insertStructure('msap', 'MSAP Dijon', east(300));
	await insertStructure('generic', 'ECOLE PRIMAIRE PUBLIQUE', east(100));
	await insertStructure('pending', 'Fablab Secret', east(50), {
		status: 'pending',
		identifiers: { uai: '0210025N' }
	});
	await insertStructure('archived', 'Ancienne université', east(600), {
		status: 'archived',
		identifiers: { uai: '0251215K' }
	});
});

const names = (found: duplicates.Duplicate[]) => found.map((d) => d.name);

describe('duplicates.find', () => {
	it('finds the same identifier, normalized, in any scheme', async () => {
		expect(
			await duplicates.find({ name: 'Tout autre nom', identifiers: { uai: ' 0210024m ' } })
		).toEqual([
			{
				id: ids.hugo,
				slug: 'hugo',
				name: 'Collège Victor Hugo',
				reason: 'identifier',
				identifier: { scheme: 'uai', value: '0210024M' }
			}
		]);
		const [bySiret] = await duplicates.find({
			name: 'Tout autre nom',
			identifiers: { siret: '192 512 150 00363', uai: '', rnsr: null },
			...east(1500)
		});
		expect(bySiret).toMatchObject({ id: ids.hugo, reason: 'identifier' });
		expect(bySiret!.distanceMeters).toBeGreaterThan(1450);
		expect(bySiret!.distanceMeters).toBeLessThan(1550);
	});

	it('finds a similar name within 1 km, not beyond', async () => {
		const found = await duplicates.find({ name: 'College Victor-Hugo', ...east(500) });
		expect(found).toHaveLength(1);
		expect(found[0]).toMatchObject({ id: ids.hugo, reason: 'nom-proche', similarity: 1 });
		expect(found[0]!.distanceMeters).toBeGreaterThan(450);
		expect(found[0]!.distanceMeters).toBeLessThan(550);
		expect(names(await duplicates.find({ name: 'Colège Victor Hugo', ...HERE }))).toEqual([
			'Collège Victor Hugo'
		]);
		expect(await duplicates.find({ name: 'Collège Victor Hugo', ...east(2000) })).toEqual([]);
	});

	it('lists a structure once, for its identifier, when its name is also close', async () => {
		const found = await duplicates.find({
			name: 'Collège Victor Hugo',
			identifiers: { uai: '0210024M' },
			...HERE
		});
		expect(found.map((d) => [d.name, d.reason])).toEqual([['Collège Victor Hugo', 'identifier']]);
		expect(found[0]!.distanceMeters).toBe(0);
	});

	it('tells different levels of school apart', async () => {
		expect(
			names(await duplicates.find({ name: 'École élémentaire Louis Pergaud', ...HERE }))
		).toEqual([]);
		expect(names(await duplicates.find({ name: 'École Louis-Pergaud', ...HERE }))).toEqual([
			'ECOLE MATERNELLE PUBLIQUE LOUIS PERGAUD'
		]);
	});

	it('does not count the commune’s name as a likeness', async () => {
		expect(names(await duplicates.find({ name: 'La Poste Dijon', ...HERE }))).toEqual([]);
		expect(names(await duplicates.find({ name: 'MSAP de Dijon', ...HERE }))).toEqual([
			'MSAP Dijon'
		]);
	});

	it('matches generic names only with generic names', async () => {
		expect(names(await duplicates.find({ name: 'École primaire', ...HERE }))).toEqual([
			'ECOLE PRIMAIRE PUBLIQUE'
		]);
		expect(names(await duplicates.find({ name: 'École primaire Jean Moulin', ...HERE }))).toEqual(
			[]
		);
	});

	it('keeps unpublished structures out unless asked, and the edited structure out', async () => {
		expect(
			await duplicates.find({ name: 'Fablab Secret', identifiers: { uai: '0210025N' }, ...HERE })
		).toEqual([]);
		expect(await duplicates.find({ name: 'X', identifiers: { uai: '0251215K' } })).toEqual([]);
		const staff = await duplicates.find(
			{ name: 'Fablab Secret', identifiers: { uai: '0251215K' }, ...HERE },
			{ statuses: ['published', 'pending', 'archived'] }
		);
		expect(names(staff).sort()).toEqual(['Ancienne université', 'Fablab Secret']);
		expect(
			await duplicates.find(
				{ name: 'Collège Victor Hugo', identifiers: { uai: '0210024M' }, ...HERE },
				{ excludeId: ids.hugo }
			)
		).toEqual([]);
	});

	it('checks names only with a position, and takes hostile input inertly', async () => {
		expect(await duplicates.find({ name: 'Collège Victor Hugo' })).toEqual([]);
		expect(
			await duplicates.find({ name: 'Collège Victor Hugo', lon: Number.NaN, lat: 47 })
		).toEqual([]);
		for (const name of ["'; delete from structures; --", '%_\\', 'x'.repeat(10_000), '']) {
			expect(await duplicates.find({ name, ...HERE, identifiers: { "uai'; --": name } })).toEqual(
				[]
			);
		}
		const [{ count }] = (await sql`select count(*)::int as count from structures`) as unknown as [
			{ count: number }
		];
		expect(count).toBe(7);
	});
});

describe('structure_name_similarity', () => {
	it('scores the cores of names, without generic words and the commune', async () => {
		const score = async (a: string, b: string, commune = 'Dijon') =>
			(
				await sql<{ s: number }[]>`select structure_name_similarity(${a}, ${b}, ${commune}) as s`
			)[0]!.s;
		expect(await score('ECOLE PRIMAIRE PUBLIQUE JULES FERRY', 'École Jules-Ferry')).toBe(1);
		expect(await score('Collège St Exupéry', 'College Saint-Exupery')).toBe(1);
		expect(await score('Collège V. Hugo', 'Collège Victor Hugo - Dijon')).toBeGreaterThanOrEqual(
			duplicates.NAME_SIMILARITY_THRESHOLD
		);
		expect(await score('MSAP Bletterans', 'La Poste Bletterans', 'Bletterans')).toBe(0);
		expect(await score('École maternelle Pasteur', 'École élémentaire Pasteur')).toBe(0);
		expect(await score('Médiathèque', 'Fablab des Grésilles')).toBeLessThan(
			duplicates.NAME_SIMILARITY_THRESHOLD
		);
	});
});

describe('duplicates.prefillFromUai', () => {
	it('gives the public fields of the published establishment', async () => {
		expect(await duplicates.prefillFromUai('0210024 m')).toEqual({
			id: ids.hugo,
			slug: 'hugo',
			name: 'Collège Victor Hugo',
			categories: ['college'],
			description: 'Un collège du centre.',
			website: 'https://exemple.fr',
			email: 'contact@exemple.fr',
			phone: '03 80 00 00 00',
			street: '15 rue Castelnau',
			postcode: '21000',
			communeCode: '21231',
			communeName: 'Dijon',
			lon: HERE.lon,
			lat: HERE.lat,
			locationPrecision: 'exact',
			identifiers: { uai: '0210024M', siret: '19251215000363' }
		});
	});

	it('gives null for an invalid, unknown or unpublished UAI', async () => {
		expect(await duplicates.prefillFromUai('0210024N')).toBeNull();
		expect(await duplicates.prefillFromUai('0211237F')).toBeNull();
		expect(await duplicates.prefillFromUai('0210025N')).toBeNull();
		expect(await duplicates.prefillFromUai("'; --")).toBeNull();
	});
});
