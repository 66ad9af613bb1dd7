import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TransactionSql } from '../db';
import type { Json, TerritoryReport } from './types';

/**
 * The région, its two académies, 8 départements, 116 EPCIs and 3,685 communes from db/data/admin.
 * Geometries are made valid MultiPolygons; label_point is a point on the surface (the place of
 * structures whose source gives no coordinates). Upserts in batches, so that it stays fast on
 * the embedded PGlite, and rows whose values did not change are not rewritten.
 */

const BATCH = 500;

interface Feature {
	properties: Record<string, Json>;
	geometry: Json;
}

interface TerritoryRow {
	code: string;
	kind: 'region' | 'academie' | 'departement' | 'epci' | 'commune';
	insee_code: string;
	name: string;
	departement_code: string | null;
	academie_code: string | null;
	epci_code: string | null;
	epci_type: string | null;
	/** INSEE population municipale, the reference figure. */
	population: number | null;
	/** INSEE population totale, where the source gives it (EPCIs). */
	population_totale: number | null;
	postcodes: string[];
	former_codes: string[];
	partial: boolean;
	geometry: Json;
}

interface CommuneInfo {
	code_insee: string;
	nom: string;
	code_departement: string;
	codes_postaux: string[];
	population: number | null;
	code_epci: string | null;
	anciens_codes_insee: string[];
}

interface EpciInfo {
	code_epci: string;
	population_totale: number | null;
	population_municipale: number | null;
}

const ACADEMIE_OF_DEPARTEMENT: Record<string, 'besancon' | 'dijon'> = {
	'25': 'besancon',
	'39': 'besancon',
	'70': 'besancon',
	'90': 'besancon',
	'21': 'dijon',
	'58': 'dijon',
	'71': 'dijon',
	'89': 'dijon'
};

const ACADEMIE_NAMES = { besancon: 'Académie de Besançon', dijon: 'Académie de Dijon' };

export async function importTerritories(
	tx: TransactionSql,
	dataDir: string
): Promise<TerritoryReport> {
	const started = Date.now();
	const admin = join(dataDir, 'admin');
	const features = (file: string) =>
		(JSON.parse(readFileSync(join(admin, file), 'utf8')) as { features: Feature[] }).features;
	const communeInfo = new Map(
		(
			JSON.parse(
				readFileSync(join(admin, 'communes-bourgogne-franche-comte.json'), 'utf8')
			) as CommuneInfo[]
		).map((c) => [c.code_insee, c])
	);
	const epciInfo = new Map(
		(
			JSON.parse(
				readFileSync(join(admin, 'epci-bourgogne-franche-comte.json'), 'utf8')
			) as EpciInfo[]
		).map((e) => [String(e.code_epci), e])
	);

	const communes = features('communes-bourgogne-franche-comte.geojson').map((f): TerritoryRow => {
		const p = f.properties;
		const code = String(p.code_insee);
		const info = communeInfo.get(code);
		const departement = String(p.code_departement);
		return {
			code: `com:${code}`,
			kind: 'commune',
			insee_code: code,
			name: info?.nom ?? String(p.nom),
			departement_code: departement,
			academie_code: ACADEMIE_OF_DEPARTEMENT[departement] ?? null,
			epci_code: info?.code_epci ?? (p.code_epci ? String(p.code_epci) : null),
			epci_type: null,
			// Etalab's commune `population` is INSEE's population municipale.
			population: info?.population ?? (typeof p.population === 'number' ? p.population : null),
			population_totale: null,
			postcodes:
				info?.codes_postaux ??
				String(p.codes_postaux ?? '')
					.split(';')
					.filter(Boolean),
			former_codes: info?.anciens_codes_insee ?? [],
			partial: false,
			geometry: f.geometry
		};
	});
	const populationOf = (departements: string[]) =>
		communes
			.filter((c) => departements.includes(c.departement_code ?? ''))
			.reduce((sum, c) => sum + (c.population ?? 0), 0);

	const departements = features('departements-bourgogne-franche-comte.geojson').map(
		(f): TerritoryRow => {
			const code = String(f.properties.code_departement);
			return {
				...empty(f),
				code: `dep:${code}`,
				kind: 'departement',
				insee_code: code,
				name: String(f.properties.nom),
				departement_code: code,
				academie_code: ACADEMIE_OF_DEPARTEMENT[code] ?? null,
				population: populationOf([code])
			};
		}
	);
	const region = features('region-bourgogne-franche-comte.geojson').map((f): TerritoryRow => ({
		...empty(f),
		code: `reg:${f.properties.code_region}`,
		kind: 'region',
		insee_code: String(f.properties.code_region),
		name: String(f.properties.nom),
		population: populationOf(Object.keys(ACADEMIE_OF_DEPARTEMENT))
	}));
	const epcis = features('epci-bourgogne-franche-comte.geojson').map((f): TerritoryRow => {
		const info = epciInfo.get(String(f.properties.code_epci));
		const totale =
			info?.population_totale ??
			(typeof f.properties.population_totale === 'number' ? f.properties.population_totale : null);
		return {
			...empty(f),
			code: `epci:${f.properties.code_epci}`,
			kind: 'epci',
			insee_code: String(f.properties.code_epci),
			name: String(f.properties.nom),
			epci_type: f.properties.type ? String(f.properties.type) : null,
			population: info?.population_municipale ?? null,
			population_totale: totale,
			partial: f.properties.partiel_hors_region === true
		};
	});

	for (const rows of [region, departements, epcis, communes])
		for (let i = 0; i < rows.length; i += BATCH) await upsert(tx, rows.slice(i, i + BATCH));
	await upsertAcademies(tx, populationOf);

	const counts = Object.fromEntries(
		(
			await tx<{ kind: string; count: number }[]>`
				select kind, count(*)::int as count from territories group by kind order by kind`
		).map((r) => [r.kind, r.count])
	);
	return { counts, ms: Date.now() - started };
}

function empty(f: Feature): Omit<TerritoryRow, 'code' | 'kind' | 'insee_code' | 'name'> {
	return {
		departement_code: null,
		academie_code: null,
		epci_code: null,
		epci_type: null,
		population: null,
		population_totale: null,
		postcodes: [],
		former_codes: [],
		partial: false,
		geometry: f.geometry
	};
}

async function upsert(tx: TransactionSql, rows: TerritoryRow[]) {
	await tx`
		insert into territories (code, kind, insee_code, name, departement_code, academie_code, epci_code,
			epci_type, population, population_totale, postcodes, former_codes, partial, geom, label_point)
		select x.code, x.kind, x.insee_code, x.name, x.departement_code, x.academie_code, x.epci_code,
			x.epci_type, x.population, x.population_totale,
			array(select json_array_elements_text(x.postcodes)),
			array(select json_array_elements_text(x.former_codes)),
			x.partial, g.geom, ST_PointOnSurface(g.geom)
		from json_to_recordset(${JSON.stringify(rows)}::text::json) as x(code text, kind text, insee_code text,
			name text, departement_code text, academie_code text, epci_code text, epci_type text,
			population integer, population_totale integer, postcodes json, former_codes json, partial boolean, geometry json)
		cross join lateral (
			select ST_Multi(ST_CollectionExtract(ST_MakeValid(
				ST_SetSRID(ST_GeomFromGeoJSON(x.geometry::text), 4326)), 3)) as geom
		) g
		on conflict (code) do update set kind = excluded.kind, insee_code = excluded.insee_code,
			name = excluded.name, departement_code = excluded.departement_code,
			academie_code = excluded.academie_code, epci_code = excluded.epci_code,
			epci_type = excluded.epci_type, population = excluded.population,
			population_totale = excluded.population_totale,
			postcodes = excluded.postcodes, former_codes = excluded.former_codes,
			partial = excluded.partial, geom = excluded.geom, label_point = excluded.label_point
		where (territories.kind, territories.insee_code, territories.name, territories.departement_code,
				territories.academie_code, territories.epci_code, territories.epci_type,
				territories.population, territories.population_totale, territories.postcodes,
				territories.former_codes, territories.partial)
			is distinct from (excluded.kind, excluded.insee_code, excluded.name, excluded.departement_code,
				excluded.academie_code, excluded.epci_code, excluded.epci_type, excluded.population,
				excluded.population_totale, excluded.postcodes, excluded.former_codes, excluded.partial)
			or not ST_OrderingEquals(territories.geom, excluded.geom)`;
}

/** Each académie is the union of its départements. */
async function upsertAcademies(
	tx: TransactionSql,
	populationOf: (departements: string[]) => number
) {
	const academies = (['besancon', 'dijon'] as const).map((code) => ({
		code,
		name: ACADEMIE_NAMES[code],
		population: populationOf(
			Object.entries(ACADEMIE_OF_DEPARTEMENT)
				.filter(([, a]) => a === code)
				.map(([d]) => d)
		)
	}));
	await tx`
		insert into territories (code, kind, insee_code, name, academie_code, population, geom, label_point)
		select 'aca:' || a.code, 'academie', a.code, a.name, a.code, a.population, u.geom,
			ST_PointOnSurface(u.geom)
		from json_to_recordset(${JSON.stringify(academies)}::text::json) as a(code text, name text, population integer)
		cross join lateral (
			select ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Union(d.geom)), 3)) as geom
			from territories d where d.kind = 'departement' and d.academie_code = a.code
		) u
		on conflict (code) do update set name = excluded.name, population = excluded.population,
			geom = excluded.geom, label_point = excluded.label_point
		where (territories.name, territories.population) is distinct from (excluded.name, excluded.population)
			or not ST_OrderingEquals(territories.geom, excluded.geom)`;
}
