import { CATEGORIES, type CategoryCode } from '../../src/lib/domain/categories';
import type { Sql } from '../../src/lib/server/db';

/**
 * A small directory for the search tests: real names and places of the region (from db/data),
 * communes drawn as squares around their real centres, so that filters have answers that can
 * be checked by hand.
 */
interface Commune {
	insee: string;
	name: string;
	dep: string;
	aca: 'besancon' | 'dijon';
	lon: number;
	lat: number;
	former?: string[];
}

export const COMMUNES: Commune[] = [
	{ insee: '25056', name: 'Besançon', dep: '25', aca: 'besancon', lon: 6.0, lat: 47.24 },
	{ insee: '58194', name: 'Nevers', dep: '58', aca: 'dijon', lon: 3.16, lat: 46.99 },
	{ insee: '21231', name: 'Dijon', dep: '21', aca: 'dijon', lon: 5.04, lat: 47.32 },
	{ insee: '21166', name: 'Chenôve', dep: '21', aca: 'dijon', lon: 5.01, lat: 47.29 },
	{ insee: '21584', name: 'Saulieu', dep: '21', aca: 'dijon', lon: 4.23, lat: 47.28 },
	{
		insee: '39198',
		name: 'Dole',
		dep: '39',
		aca: 'besancon',
		lon: 5.49,
		lat: 47.09,
		former: ['39999']
	},
	{ insee: '70311', name: 'Luxeuil-les-Bains', dep: '70', aca: 'besancon', lon: 6.38, lat: 47.82 }
];

const DEPARTEMENTS: [string, string, string][] = [
	['21', 'Côte-d’Or', 'dijon'],
	['25', 'Doubs', 'besancon'],
	['39', 'Jura', 'besancon'],
	['58', 'Nièvre', 'dijon'],
	['70', 'Haute-Saône', 'besancon']
];

const square = (lon: number, lat: number, half: number) =>
	`MULTIPOLYGON(((${lon - half} ${lat - half},${lon + half} ${lat - half},${lon + half} ${lat + half},${lon - half} ${lat + half},${lon - half} ${lat - half})))`;

export async function seedReference(sql: Sql) {
	for (const [i, c] of CATEGORIES.entries())
		await sql`insert into categories (code, label, label_plural, color, sort)
			values (${c.code}, ${c.label}, ${c.plural}, ${c.color}, ${i})`;
	await sql`insert into axes (code, kind, number, title) values
		('S3', 'structurant', 3, 'L’effet levier du numérique éducatif'),
		('O1', 'opérationnel', 1, 'Formation et accompagnement')`;
	await sql`insert into programmes (number, axis_code, title, summary) values
		(6, 'S3', 'Cartographie fine de l’écosystème numérique', 'Identifier les acteurs.'),
		(9, 'O1', 'Évolution des pratiques professionnelles et des méthodes d’enseignement', 'Accompagner.')`;
	await sql`insert into territories (code, kind, insee_code, name, geom, label_point)
		values ('reg:27', 'region', '27', 'Bourgogne-Franche-Comté',
			ST_GeomFromText(${square(5, 47.2, 3)}, 4326), ST_SetSRID(ST_MakePoint(5, 47.2), 4326))`;
	for (const [code, name, aca] of DEPARTEMENTS) {
		const centre = COMMUNES.find((c) => c.dep === code)!;
		await sql`insert into territories (code, kind, insee_code, name, departement_code, academie_code, geom, label_point)
			values (${`dep:${code}`}, 'departement', ${code}, ${name}, ${code}, ${aca},
				ST_GeomFromText(${square(centre.lon, centre.lat, 0.3)}, 4326),
				ST_SetSRID(ST_MakePoint(${centre.lon}, ${centre.lat}), 4326))`;
	}
	for (const c of COMMUNES)
		await sql`insert into territories (code, kind, insee_code, name, departement_code, academie_code,
				former_codes, geom, label_point)
			values (${`com:${c.insee}`}, 'commune', ${c.insee}, ${c.name}, ${c.dep}, ${c.aca},
				${c.former ?? []}::text[], ST_GeomFromText(${square(c.lon, c.lat, 0.05)}, 4326),
				ST_SetSRID(ST_MakePoint(${c.lon}, ${c.lat}), 4326))`;
}

export interface Seed {
	key: string;
	name: string;
	categories: CategoryCode[];
	commune: string | null;
	lon: number;
	lat: number;
	description?: string;
	identifiers?: Record<string, string>;
	programmes?: number[];
	status?: string;
	attributes?: Record<string, unknown>;
}

export const STRUCTURES: Seed[] = [
	{
		key: 'clg-hugo-besancon',
		name: 'Collège Victor Hugo',
		categories: ['college'],
		commune: '25056',
		lon: 6.0206895,
		lat: 47.2376911,
		identifiers: { uai: '0251573Z' },
		programmes: [9]
	},
	{
		key: 'clg-hugo-nevers',
		name: 'Collège Victor Hugo',
		categories: ['college'],
		commune: '58194',
		lon: 3.1531504,
		lat: 46.9946696,
		identifiers: { uai: '0580034X' }
	},
	{
		key: 'ecole-hugo-besancon',
		name: 'ECOLE ELEMENTAIRE PUBLIQUE VICTOR HUGO',
		categories: ['ecole'],
		commune: '25056',
		lon: 6.01,
		lat: 47.25,
		identifiers: { uai: '0250369M' }
	},
	{
		key: 'clg-pasteur-dole',
		name: 'Collège Louis Pasteur',
		categories: ['college'],
		commune: '39198',
		lon: 5.4901,
		lat: 47.0921,
		identifiers: { uai: '0390960G' },
		attributes: { secteur: 'Privé sous contrat', type_detail: 'Collège' }
	},
	{
		key: 'lp-dijon',
		name: 'LYCEE PROFESSIONNEL LE CASTEL',
		categories: ['lycee'],
		commune: '21231',
		lon: 5.03,
		lat: 47.33,
		identifiers: { uai: '0210047M' },
		description: 'Lycée professionnel des métiers du numérique et de la relation client.'
	},
	{
		key: 'fablab-planoise',
		name: 'FabLab Planoise',
		categories: ['fablab-tiers-lieu', 'mediation-numerique'],
		commune: '25056',
		lon: 5.97359,
		lat: 47.2185,
		identifiers: { 'mednum-bfc': 'mednumBFC_TL_133_' },
		description: 'Atelier de fabrication numérique : impression 3D, découpe laser, électronique.',
		programmes: [6]
	},
	{
		key: 'fab-lab-luxeuil',
		name: 'Fab Lab des 3 lapins',
		categories: ['fablab-tiers-lieu'],
		commune: '70311',
		lon: 6.364494,
		lat: 47.815603,
		identifiers: { 'mednum-bfc': 'mednumBFC_TL_22_' }
	},
	{
		key: 'epn-chenove',
		name: 'Espace Public Numérique de Chenôve',
		categories: ['mediation-numerique'],
		commune: '21166',
		lon: 5.011769,
		lat: 47.299079,
		identifiers: { 'mednum-bfc': 'mednumBFC_TL_102_' }
	},
	{
		key: 'epn-planoise',
		name: 'EPN Planoise',
		categories: ['mediation-numerique', 'fablab-tiers-lieu'],
		commune: '25056',
		lon: 5.96744,
		lat: 47.2213,
		identifiers: { 'mednum-bfc': 'mednumBFC_TL_131_' },
		description: 'Espace public numérique et tiers-lieu du quartier.'
	},
	{
		key: 'mfs-planoise',
		name: 'MFS Planoise',
		categories: ['mediation-numerique'],
		commune: '25056',
		lon: 5.97366,
		lat: 47.2193,
		identifiers: { 'mednum-bfc': 'mednumBFC_TL_138_' }
	},
	{
		key: 'msap-saulieu',
		name: 'MSAP Saulieu',
		categories: ['mediation-numerique'],
		commune: '21584',
		lon: 4.229661,
		lat: 47.278252,
		identifiers: { 'mednum-bfc': 'mednumBFC_TL_93_' }
	},
	{
		key: 'lead',
		name: 'Laboratoire d’étude de l’apprentissage et du développement',
		categories: ['recherche'],
		commune: '21231',
		lon: 5.07,
		lat: 47.31,
		identifiers: { rnsr: '199511717M' },
		programmes: [6, 9],
		attributes: { sigle: 'LEAD', sigles_tutelles: ['CNRS', 'UBFC'], type_structure: 'Unité mixte' }
	},
	{
		key: 'inspe-nevers',
		name: 'INSPE de Bourgogne, site de Nevers',
		categories: ['inspe'],
		commune: '58194',
		lon: 3.17,
		lat: 46.98,
		identifiers: { siret: '13002613500018' },
		programmes: [9]
	},
	{
		key: 'pending-college',
		name: 'Collège Victor Hugo en projet',
		categories: ['college'],
		commune: '25056',
		lon: 6.0,
		lat: 47.24,
		status: 'pending'
	}
];

export type Fixture = Record<string, string>;

/** Seeds reference rows and structures; returns ids by key. Adds a staff-only contact too. */
export async function seedSearchFixtures(sql: Sql): Promise<Fixture> {
	await seedReference(sql);
	const ids: Fixture = {};
	for (const s of STRUCTURES) ids[s.key] = await insertSeed(sql, s);
	await sql`insert into contacts (structure_id, name, role, email, phone, visibility)
		values (${ids['clg-hugo-besancon']!}, 'Camille Secret', 'Principale', 'camille.secret@example.org',
			'03 81 00 00 00', 'staff')`;
	return ids;
}

let serial = 0;

export async function insertSeed(sql: Sql, s: Omit<Seed, 'key'>): Promise<string> {
	serial++;
	const [row] = await sql<{ id: string }[]>`
		insert into structures (slug, name, category, categories, description, email, phone,
			commune_code, geom, status, source, attributes)
		values (${`search-${serial}`}, ${s.name}, ${s.categories[0]!}, ${s.categories}::text[],
			${s.description ?? ''}, 'accueil@example.org', '03 00 00 00 00', ${s.commune},
			ST_SetSRID(ST_MakePoint(${s.lon}, ${s.lat}), 4326), ${s.status ?? 'published'}, 'test',
			${sql.json((s.attributes ?? {}) as never)})
		returning id`;
	for (const [scheme, value] of Object.entries(s.identifiers ?? {}))
		await sql`insert into structure_identifiers (structure_id, scheme, value)
			values (${row!.id}, ${scheme}, ${value})`;
	for (const number of s.programmes ?? [])
		await sql`insert into structure_programmes (structure_id, programme_number, role)
			values (${row!.id}, ${number}, 'partenaire')`;
	return row!.id;
}
