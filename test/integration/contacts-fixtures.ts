import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Sql } from '../../src/lib/server/db';
import { freshDatabase } from '../helpers/database';
import { insertAccount } from '../helpers/handlers';
import { insertStructure, seedReference } from './structures-fixtures';

/**
 * The real boundaries of db/data/admin (region, départements, académies, EPCIs, communes) and
 * the real schools with coordinates, loaded straight from the files so that the contacts
 * tests run on the geometry the app ships.
 */
type Collection = {
	features: { geometry: unknown; properties: Record<string, unknown> }[];
};

const read = (path: string): Collection =>
	JSON.parse(readFileSync(`db/data/admin/${path}`, 'utf8'));

export async function seedRealTerritories(sql: Sql) {
	const region = read('region-bourgogne-franche-comte.geojson');
	const departements = read('departements-bourgogne-franche-comte.geojson');
	const epcis = read('epci-bourgogne-franche-comte.geojson');
	const communes = read('communes-bourgogne-franche-comte.geojson');
	const rows = [
		{
			code: 'reg:27',
			kind: 'region',
			insee: '27',
			name: 'Bourgogne-Franche-Comté',
			geometry: region.features[0]!.geometry
		},
		...departements.features.map((f) => ({
			code: `dep:${f.properties.code_departement}`,
			kind: 'departement',
			insee: f.properties.code_departement,
			name: f.properties.nom,
			dep: f.properties.code_departement,
			aca: f.properties.academie === 'Dijon' ? 'dijon' : 'besancon',
			geometry: f.geometry
		})),
		...epcis.features.map((f) => ({
			code: `epci:${f.properties.code_epci}`,
			kind: 'epci',
			insee: f.properties.code_epci,
			name: f.properties.nom,
			population: f.properties.population_totale,
			geometry: f.geometry
		})),
		...communes.features.map((f) => ({
			code: `com:${f.properties.code_insee}`,
			kind: 'commune',
			insee: f.properties.code_insee,
			name: f.properties.nom,
			dep: f.properties.code_departement,
			aca: ['21', '58', '71', '89'].includes(f.properties.code_departement as string)
				? 'dijon'
				: 'besancon',
			epci: f.properties.code_epci,
			population: f.properties.population,
			postcodes: String(f.properties.codes_postaux ?? '')
				.split(';')
				.filter(Boolean),
			geometry: f.geometry
		}))
	];
	await sql`insert into territories (code, kind, insee_code, name, departement_code, academie_code,
			epci_code, population, postcodes, geom, label_point)
		select r->>'code', r->>'kind', r->>'insee', r->>'name', r->>'dep', r->>'aca', r->>'epci',
			(r->>'population')::int,
			array(select json_array_elements_text(coalesce(r->'postcodes', '[]'::json))),
			ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(r->>'geometry'), 4326)),
			ST_PointOnSurface(ST_SetSRID(ST_GeomFromGeoJSON(r->>'geometry'), 4326))
		from json_array_elements(${JSON.stringify(rows)}::text::json) r`;
	await sql`insert into territories (code, kind, insee_code, name, geom, label_point)
		select 'aca:' || academie_code, 'academie', academie_code,
			case academie_code when 'dijon' then 'Académie de Dijon' else 'Académie de Besançon' end,
			ST_Multi(ST_Union(geom)), ST_PointOnSurface(ST_Union(geom))
		from territories where kind = 'departement' group by academie_code`;
}

export interface School {
	uai: string;
	name: string;
	category: 'ecole' | 'college' | 'lycee';
	commune: string;
	lon: number;
	lat: number;
}

/** The real schools of db/data that have coordinates, published as structures. */
export async function seedRealSchools(sql: Sql): Promise<School[]> {
	const records = parse(readFileSync('db/data/schools/etablissements-scolaires-bfc.csv'), {
		columns: true,
		skip_empty_lines: true
	}) as Record<string, string>[];
	const schools: School[] = records
		.filter((r) => r.latitude && r.longitude)
		.map((r) => ({
			uai: r.uai!,
			name: `${r.nom} (${r.commune})`,
			category: r.categorie as School['category'],
			commune: r.code_commune!,
			lon: Number(r.longitude),
			lat: Number(r.latitude)
		}));
	await sql`insert into structures (slug, name, category, categories, commune_code, geom, status, source, dataset_id)
		select lower(r->>'uai'), r->>'name', r->>'category', array[r->>'category'], r->>'commune',
			ST_SetSRID(ST_MakePoint((r->>'lon')::float8, (r->>'lat')::float8), 4326), 'published',
			'import:test-data', 'test-data'
		from json_array_elements(${JSON.stringify(schools)}::text::json) r`;
	await sql`insert into structure_identifiers (structure_id, scheme, value)
		select id, 'uai', upper(slug) from structures where slug ~ '^[0-9]{7}[a-z]$'`;
	return schools;
}

/**
 * A territory's outline as GeoJSON, simplified (a drawn zone the size of a real one), its
 * coordinates with `digits` decimals (PostGIS's default: 9).
 */
export async function outlineOf(
	sql: Sql,
	code: string,
	tolerance: number,
	digits = 9
): Promise<unknown> {
	const [row] = await sql<{ outline: unknown }[]>`
		select ST_AsGeoJSON(ST_SimplifyPreserveTopology(geom, ${tolerance}::float8), ${digits}::int)::json
			as outline
		from territories where code = ${code}`;
	return row!.outline;
}

/**
 * The contacts API tests' database: the real territories and schools, one account per role,
 * and a fablab in Dijon whose only contact is for staff (with a name a spreadsheet would run).
 */
export async function contactsApiDatabase() {
	const sql = await freshDatabase();
	await seedReference(sql);
	await seedRealTerritories(sql);
	await seedRealSchools(sql);
	const users = {
		moderator: await insertAccount(sql, 'moderator'),
		admin: await insertAccount(sql, 'admin'),
		partner: await insertAccount(sql, 'partner')
	};
	const fablab = await insertStructure(sql, {
		name: '=Fablab « Dijon » ; test',
		categories: ['fablab-tiers-lieu'],
		lon: 5.0415,
		lat: 47.3216,
		commune: '21231',
		slug: 'fablab-dijon'
	});
	await sql`insert into contacts (structure_id, name, role, email, phone, visibility) values
		(${fablab}, 'Sacha Secret', 'Référent, numérique', 'sacha.secret@fablab.test', '06 12 34 56 78', 'staff')`;
	return { sql, users, dijonOutline: await outlineOf(sql, 'com:21231', 0.001) };
}
