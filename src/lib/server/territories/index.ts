import type { MultiPolygon } from 'geojson';
import type { BBox } from '../../domain/structure-filters';
import { parseTerritory, type StoredTerritoryKind } from '../../domain/territory-code';
import { clampLimit } from '../../domain/limit';
import { sql } from '../db';
import { geoPoint } from '../db/fragments';
import { departementsOfRegion } from '../structures/where';

/** A territory as lists, pickers and links show it. */
export interface TerritorySummary {
	/** reg:27, aca:besancon, dep:21, epci:<siren>, com:<insee> */
	code: string;
	kind: StoredTerritoryKind;
	name: string;
	population: number | null;
	/** Département of a commune (to tell namesakes apart), null otherwise. */
	departement_code: string | null;
	postcodes: string[];
}

export interface TerritoryLink {
	code: string;
	kind: StoredTerritoryKind;
	name: string;
}

export interface Territory extends TerritorySummary {
	insee_code: string;
	academie_code: string | null;
	epci_code: string | null;
	epci_type: string | null;
	/** INSEE population totale where the source gives it (EPCIs); `population` is municipale. */
	population_totale: number | null;
	/** An EPCI extending beyond the region: only its part inside is stored. */
	partial: boolean;
	/** Enclosing territories, nearest first: EPCI, département(s), académie, région. */
	parents: TerritoryLink[];
	bbox: BBox;
	/** Simplified outline for display. */
	outline: MultiPolygon;
	label_point: [number, number];
}

/** Outline simplification in degrees, by kind: enough for a page map, far lighter. */
const TOLERANCE: Record<StoredTerritoryKind, number> = {
	region: 0.005,
	academie: 0.004,
	departement: 0.002,
	epci: 0.001,
	commune: 0.0002
};

const summaryColumns = () => sql`
	t.code, t.kind, t.name, t.population,
	case when t.kind = 'commune' then t.departement_code end as departement_code,
	t.postcodes`;

/** A territory by code (e.g. `dep:21`), with parents, bbox and a simplified outline. */
export async function get(code: string): Promise<Territory | null> {
	const parsed = parseTerritory(code);
	if (!parsed.ok || parsed.value.kind === 'radius') return null;
	const [row] = await sql<(Omit<Territory, 'parents'> & { parents: TerritoryLink[] | null })[]>`
		select ${summaryColumns()}, t.insee_code, t.academie_code, t.epci_code, t.epci_type,
			t.population_totale, t.partial,
			json_build_array(ST_XMin(t.geom), ST_YMin(t.geom), ST_XMax(t.geom), ST_YMax(t.geom)) as bbox,
			ST_AsGeoJSON(ST_Multi(ST_SimplifyPreserveTopology(t.geom, ${TOLERANCE[parsed.value.kind]}::float8)), 6)::json
				as outline,
			json_build_array(round(ST_X(t.label_point)::numeric, 6), round(ST_Y(t.label_point)::numeric, 6))
				as label_point
		from territories t where t.code = ${code}`;
	if (!row) return null;
	return {
		...row,
		label_point: row.label_point.map(Number) as [number, number],
		parents: await parentsOf(row)
	};
}

/**
 * Parents come from the commune attributes: a commune's EPCI, département and académie; an
 * EPCI's départements through its member communes; the region contains the départements.
 */
async function parentsOf(t: Pick<Territory, 'kind' | 'insee_code'>): Promise<TerritoryLink[]> {
	if (t.kind === 'region') return [];
	const members =
		t.kind === 'commune'
			? sql`c.insee_code = ${t.insee_code}`
			: t.kind === 'epci'
				? sql`c.epci_code = ${t.insee_code}`
				: t.kind === 'departement'
					? sql`c.departement_code = ${t.insee_code}`
					: sql`c.academie_code = ${t.insee_code}`;
	return sql<TerritoryLink[]>`
		with member_communes as (
			select c.epci_code, c.departement_code, c.academie_code
			from territories c where c.kind = 'commune' and ${members})
		select p.code, p.kind, p.name from territories p
		where (p.kind = 'epci' and ${t.kind} = 'commune'
				and p.insee_code in (select epci_code from member_communes))
			or (p.kind = 'departement' and ${t.kind} in ('commune', 'epci')
				and p.insee_code in (select departement_code from member_communes))
			or (p.kind = 'academie' and ${t.kind} in ('commune', 'epci', 'departement')
				and p.insee_code in (select academie_code from member_communes))
			or (p.kind = 'region' and exists (
				select 1 from territories d
				where d.kind = 'departement' and ST_Intersects(p.geom, d.label_point)
					and d.insee_code in (select departement_code from member_communes)))
		order by array_position(array['epci', 'departement', 'academie', 'region'], p.kind), p.name`;
}

/**
 * The territories of one kind, optionally inside a parent (`dep:21`, `aca:dijon`, `epci:…`,
 * `reg:27`), ordered by name. An EPCI belongs to every département where it has a commune.
 */
export async function list(
	kind: StoredTerritoryKind,
	options: { parent?: string } = {}
): Promise<TerritorySummary[]> {
	const inside = options.parent ? parentCondition(kind, options.parent) : sql`true`;
	if (!inside) return [];
	return sql<TerritorySummary[]>`
		select ${summaryColumns()} from territories t
		where t.kind = ${kind} and ${inside}
		order by t.name, t.code`;
}

function parentCondition(kind: StoredTerritoryKind, parentCode: string) {
	const parsed = parseTerritory(parentCode);
	if (!parsed.ok || parsed.value.kind === 'radius') return null;
	const parent = parsed.value;
	const communes =
		parent.kind === 'region'
			? sql`c.departement_code in (${departementsOfRegion(parent.code)})`
			: parent.kind === 'academie'
				? sql`c.academie_code = ${parent.code}`
				: parent.kind === 'departement'
					? sql`c.departement_code = ${parent.code}`
					: parent.kind === 'epci'
						? sql`c.epci_code = ${parent.code}`
						: null;
	if (!communes) return null;
	const memberCommunes = sql`select c.insee_code, c.epci_code, c.departement_code, c.academie_code
		from territories c where c.kind = 'commune' and ${communes}`;
	switch (kind) {
		case 'commune':
			return sql`t.insee_code in (select insee_code from (${memberCommunes}) m)`;
		case 'epci':
			return sql`t.insee_code in (select epci_code from (${memberCommunes}) m)`;
		case 'departement':
			return sql`t.insee_code in (select departement_code from (${memberCommunes}) m)`;
		case 'academie':
			return sql`t.insee_code in (select academie_code from (${memberCommunes}) m)`;
		case 'region':
			return null;
	}
}

/**
 * Territories for a picker: by name, ignoring case and accents (exact, then prefix, then
 * similar names), or by postcode / INSEE code when the text is five characters of a code.
 */
export async function search(
	text: string,
	options: { kinds?: StoredTerritoryKind[]; limit?: number } = {}
): Promise<TerritorySummary[]> {
	const query = text.trim().slice(0, 100);
	if (!query) return [];
	const limit = clampLimit(options.limit, { max: 50, fallback: 10 });
	const kinds = options.kinds?.length ? sql`t.kind = any(${options.kinds}::text[])` : sql`true`;
	if (/^(\d{5}|2[AB]\d{3})$/i.test(query)) {
		const code = query.toUpperCase();
		return sql<TerritorySummary[]>`
			select ${summaryColumns()} from territories t
			where ${kinds} and t.kind = 'commune'
				and (${code} = any(t.postcodes) or t.insee_code = ${code} or ${code} = any(t.former_codes))
			order by t.insee_code <> ${code}, t.population desc nulls last, t.name
			limit ${limit}`;
	}
	// LIKE wildcards typed by the user are literal characters.
	const wanted = normalized(sql`${query.replace(/[\\%_]/g, '\\$&')}::text`);
	const name = normalized(sql`t.name`);
	return sql<TerritorySummary[]>`
		select ${summaryColumns()} from territories t
		where ${kinds} and (${name} like '%' || ${wanted} || '%' or similarity(${name}, ${wanted}) > 0.35)
		order by ${name} = ${wanted} desc, ${name} like ${wanted} || '%' desc,
			array_position(array['region', 'academie', 'departement', 'epci', 'commune'], t.kind),
			similarity(${name}, ${wanted}) desc, t.population desc nulls last, t.name
		limit ${limit}`;
}

/** Lower case, no accents, hyphens and apostrophes as spaces: « Saint-Apollinaire » ≈ « saint apollinaire ». */
function normalized(text: ReturnType<typeof sql>) {
	return sql`regexp_replace(lower(unaccent(${text})), '[-''’[:space:]]+', ' ', 'g')`;
}

/** The territories of a kind (communes by default) whose outline contains a point. */
export async function containing(
	lon: number,
	lat: number,
	kind: StoredTerritoryKind = 'commune'
): Promise<TerritorySummary[]> {
	return sql<TerritorySummary[]>`
		select ${summaryColumns()} from territories t
		where t.kind = ${kind}
			and ST_Intersects(t.geom, ${geoPoint(lon, lat)})
		order by t.name, t.code`;
}
