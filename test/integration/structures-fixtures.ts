import { CATEGORIES, type CategoryCode } from '../../src/lib/domain/categories';
import type { Sql } from '../../src/lib/server/db';
import { freshDatabase } from '../helpers/database';

/**
 * A small made-up geography of squares, so that every territory filter has an answer that can
 * be worked out by hand:
 *
 *   lon 4 ─────────── 5 ─────────── 6 ─────── 7      region reg:27 = [4,6]×[46,48]
 *   48 ┌ 21001 ┬ 21002 ┬─── 25001 ───┐ ┌ 01001 ┐    region reg:84 = [6,7]×[46,48]
 *      │ epci 1│ epci 1│   epci 3    │ │       │    aca:dijon = dep 21 + dep 71
 *  47.5├───────┴───────┤             │ │       │    aca:besancon = dep 25
 *      │ 21003 (epci 2)│             │ │       │    epci 2 spans dep 21 and dep 71
 *   47 ├───────────────┼─── 25002 ───┤ │       │    25002 absorbed the former commune 25999
 *      │ 71001 (epci 2)│   epci 3    │ │       │
 *   46 └───────────────┴─────────────┘ └───────┘
 */
export const EPCI = { one: '200000001', two: '200000002', three: '200000003' } as const;

const square = (w: number, s: number, e: number, n: number) =>
	`MULTIPOLYGON(((${w} ${s},${e} ${s},${e} ${n},${w} ${n},${w} ${s})))`;

interface Area {
	code: string;
	kind: string;
	insee: string;
	name: string;
	box: [number, number, number, number];
	dep?: string;
	aca?: string;
	epci?: string;
	postcodes?: string[];
	former?: string[];
}

const AREAS: Area[] = [
	{
		code: 'reg:27',
		kind: 'region',
		insee: '27',
		name: 'Bourgogne-Franche-Comté',
		box: [4, 46, 6, 48]
	},
	{
		code: 'reg:84',
		kind: 'region',
		insee: '84',
		name: 'Auvergne-Rhône-Alpes',
		box: [6, 46, 7, 48]
	},
	{
		code: 'aca:dijon',
		kind: 'academie',
		insee: 'dijon',
		name: 'Académie de Dijon',
		box: [4, 46, 5, 48]
	},
	{
		code: 'aca:besancon',
		kind: 'academie',
		insee: 'besancon',
		name: 'Académie de Besançon',
		box: [5, 46, 6, 48]
	},
	{
		code: 'dep:21',
		kind: 'departement',
		insee: '21',
		name: 'Côte-d’Or',
		box: [4, 47, 5, 48],
		dep: '21',
		aca: 'dijon'
	},
	{
		code: 'dep:71',
		kind: 'departement',
		insee: '71',
		name: 'Saône-et-Loire',
		box: [4, 46, 5, 47],
		dep: '71',
		aca: 'dijon'
	},
	{
		code: 'dep:25',
		kind: 'departement',
		insee: '25',
		name: 'Doubs',
		box: [5, 46, 6, 48],
		dep: '25',
		aca: 'besancon'
	},
	{ code: 'dep:01', kind: 'departement', insee: '01', name: 'Ain', box: [6, 46, 7, 48], dep: '01' },
	{
		code: `epci:${EPCI.one}`,
		kind: 'epci',
		insee: EPCI.one,
		name: 'CC Une',
		box: [4, 47.5, 5, 48]
	},
	{
		code: `epci:${EPCI.two}`,
		kind: 'epci',
		insee: EPCI.two,
		name: 'CA Deux',
		box: [4, 46, 5, 47.5]
	},
	{
		code: `epci:${EPCI.three}`,
		kind: 'epci',
		insee: EPCI.three,
		name: 'CC Trois',
		box: [5, 46, 6, 48]
	},
	{
		code: 'com:21001',
		kind: 'commune',
		insee: '21001',
		name: 'Aubigny',
		box: [4, 47.5, 4.5, 48],
		dep: '21',
		aca: 'dijon',
		epci: EPCI.one,
		postcodes: ['21170']
	},
	{
		code: 'com:21002',
		kind: 'commune',
		insee: '21002',
		name: 'Bèze',
		box: [4.5, 47.5, 5, 48],
		dep: '21',
		aca: 'dijon',
		epci: EPCI.one,
		postcodes: ['21310']
	},
	{
		code: 'com:21003',
		kind: 'commune',
		insee: '21003',
		name: 'Saint-Apollinaire',
		box: [4, 47, 5, 47.5],
		dep: '21',
		aca: 'dijon',
		epci: EPCI.two,
		postcodes: ['21850']
	},
	{
		code: 'com:71001',
		kind: 'commune',
		insee: '71001',
		name: 'Cluny',
		box: [4, 46, 5, 47],
		dep: '71',
		aca: 'dijon',
		epci: EPCI.two,
		postcodes: ['71250']
	},
	{
		code: 'com:25001',
		kind: 'commune',
		insee: '25001',
		name: 'Besançon',
		box: [5, 47, 6, 48],
		dep: '25',
		aca: 'besancon',
		epci: EPCI.three,
		postcodes: ['25000', '25030']
	},
	{
		code: 'com:25002',
		kind: 'commune',
		insee: '25002',
		name: 'Ornans',
		box: [5, 46, 6, 47],
		dep: '25',
		aca: 'besancon',
		epci: EPCI.three,
		postcodes: ['25290'],
		former: ['25999']
	},
	{
		code: 'com:01001',
		kind: 'commune',
		insee: '01001',
		name: 'Ambérieu',
		box: [6, 46, 7, 48],
		dep: '01',
		postcodes: ['01500']
	}
];

/** Reference rows every structure needs: categories, axes, programmes 1–3, one dataset. */
export async function seedReference(sql: Sql) {
	for (const [i, c] of CATEGORIES.entries())
		await sql`insert into categories (code, label, label_plural, color, sort)
			values (${c.code}, ${c.label}, ${c.plural}, ${c.color}, ${i})`;
	await sql`insert into axes (code, kind, number, title, partners) values
		('S1', 'structurant', 1, 'Gouvernance', '{}'),
		('O1', 'opérationnel', 1, 'Formation', ${['Réseau Canopé']}::text[])`;
	await sql`insert into programmes (number, axis_code, title, summary, actions) values
		(1, 'S1', 'Gouvernance distribuée', 'Résumé 1', '{}'),
		(2, 'O1', 'Formation continue', 'Résumé 2', ${['Action A', 'Action B']}::text[]),
		(3, 'O1', 'Ressources', 'Résumé 3', '{}')`;
	await sql`insert into datasets (id, title, publisher, licence, licence_url, attribution, data_date)
		values ('test-data', 'Jeu de test', 'Tests', 'Licence Ouverte 2.0',
			'https://www.etalab.gouv.fr/licence-ouverte-open-licence', 'Tests Cartonum', '2026')`;
}

export async function seedTerritories(sql: Sql) {
	for (const a of AREAS) {
		const [w, s, e, n] = a.box;
		await sql`insert into territories (code, kind, insee_code, name, departement_code, academie_code,
				epci_code, postcodes, former_codes, population, geom, label_point)
			values (${a.code}, ${a.kind}, ${a.insee}, ${a.name}, ${a.dep ?? null}, ${a.aca ?? null},
				${a.epci ?? null}, ${a.postcodes ?? []}::text[], ${a.former ?? []}::text[], 1000,
				ST_GeomFromText(${square(w, s, e, n)}, 4326),
				ST_SetSRID(ST_MakePoint(${(w + e) / 2}, ${(s + n) / 2}), 4326))`;
	}
}

export interface StructureSeed {
	name: string;
	categories: CategoryCode[];
	lon: number;
	lat: number;
	commune?: string | null;
	status?: string;
	identifiers?: Record<string, string>;
	programmes?: [number, string][];
	slug?: string;
}

let serial = 0;

export async function insertStructure(sql: Sql, seed: StructureSeed): Promise<string> {
	serial++;
	const [row] = await sql<{ id: string }[]>`
		insert into structures (slug, name, category, categories, commune_code, geom, status, source, dataset_id)
		values (${seed.slug ?? `s-${serial}`}, ${seed.name}, ${seed.categories[0]!}, ${seed.categories}::text[],
			${seed.commune === undefined ? null : seed.commune},
			ST_SetSRID(ST_MakePoint(${seed.lon}, ${seed.lat}), 4326), ${seed.status ?? 'published'},
			'import:test-data', 'test-data')
		returning id`;
	for (const [scheme, value] of Object.entries(seed.identifiers ?? {}))
		await sql`insert into structure_identifiers (structure_id, scheme, value)
			values (${row!.id}, ${scheme}, ${value})`;
	for (const [number, role] of seed.programmes ?? [])
		await sql`insert into structure_programmes (structure_id, programme_number, role)
			values (${row!.id}, ${number}, ${role})`;
	return row!.id;
}

/**
 * One structure per line: name, categories, position, commune. The names say where they are.
 */
export const PLACES: StructureSeed[] = [
	{
		name: 'École d’Aubigny',
		categories: ['ecole'],
		lon: 4.25,
		lat: 47.75,
		commune: '21001',
		identifiers: { uai: '0210001A' }
	},
	{
		name: 'Collège de Bèze',
		categories: ['college'],
		lon: 4.75,
		lat: 47.75,
		commune: '21002',
		identifiers: { uai: '0210002B' },
		programmes: [[2, 'feuille-de-route']]
	},
	{
		name: 'Fablab de Saint-Apollinaire',
		categories: ['mediation-numerique', 'fablab-tiers-lieu'],
		lon: 4.5,
		lat: 47.25,
		commune: '21003',
		identifiers: { 'mednum-bfc': 'm-1' },
		programmes: [[3, 'partenaire']]
	},
	{
		name: 'Lycée de Cluny',
		categories: ['lycee'],
		lon: 4.5,
		lat: 46.5,
		commune: '71001',
		identifiers: { uai: '0710001C' },
		programmes: [
			[2, 'porteur'],
			[3, 'feuille-de-route']
		]
	},
	{
		name: 'Université de Besançon',
		categories: ['enseignement-superieur'],
		lon: 5.5,
		lat: 47.5,
		commune: '25001',
		identifiers: { uai: '0251215K', siret: '19251215000011' },
		programmes: [[1, 'partenaire']]
	},
	{
		name: 'Tiers-lieu d’Ornans',
		categories: ['fablab-tiers-lieu'],
		lon: 5.5,
		lat: 46.5,
		commune: '25002'
	},
	{ name: 'Canopé d’Ambérieu', categories: ['canope'], lon: 6.5, lat: 47, commune: '01001' },
	{
		name: 'Point visio sans commune',
		categories: ['point-visio'],
		lon: 4.9,
		lat: 47.9,
		commune: null
	},
	{
		name: 'Association en attente',
		categories: ['association'],
		lon: 4.25,
		lat: 47.6,
		commune: '21001',
		status: 'pending',
		programmes: [[2, 'partenaire']]
	},
	{
		name: 'Collège fermé',
		categories: ['college'],
		lon: 5.4,
		lat: 47.4,
		commune: '25001',
		status: 'archived'
	}
];

/** A fresh schema with the reference data, the made-up territories and every one of PLACES. */
export async function placesDatabase(): Promise<Sql> {
	const sql = await freshDatabase();
	await seedReference(sql);
	await seedTerritories(sql);
	for (const place of PLACES) await insertStructure(sql, place);
	return sql;
}
