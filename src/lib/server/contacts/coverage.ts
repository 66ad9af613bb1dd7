import type { FeatureCollection, Point } from 'geojson';
import type { CategoryCode } from '../../domain/categories';
import { sql } from '../db';

export interface UncoveredCommune {
	code: string;
	name: string;
	departement: string;
	population: number | null;
	/** Distance to the nearest structure of the category, null when the region has none. */
	distance_km: number | null;
	nearest: { slug: string; name: string } | null;
}

export interface Coverage {
	category: CategoryCode;
	km: number;
	departement: string | null;
	/** Communes farther than `km` from every structure of the category, farthest first. */
	communes: UncoveredCommune[];
	communesTotal: number;
	population: number;
	populationTotal: number;
	/**
	 * The uncovered communes as points (their label point) for the map: a few hundred
	 * kilobytes for the whole region, where simplified outlines would weigh megabytes.
	 */
	points: FeatureCollection<Point, CommunePointProperties>;
}

export interface CommunePointProperties {
	code: string;
	name: string;
	population: number;
	distance_km: number | null;
}

export const MAX_COVERAGE_KM = 200;

/**
 * Below this many structures, scanning them all for each commune beats the KNN index, which
 * would walk past every structure of other categories before meeting a rare one.
 */
const SPARSE_CATEGORY = 150;

/**
 * « Zones blanches »: the communes of the region (or of one département) whose reference
 * point lies farther than `km` from the nearest published structure of a category. The
 * reference point is the commune's label point (inside the commune, near its centre), and
 * the nearest structure is sought in the whole region, across département borders; places
 * in neighbouring regions are unknown to the directory, so border communes may look worse
 * served than they are.
 */
export async function coverage(
	category: CategoryCode,
	km: number,
	departement: string | null = null
): Promise<Coverage> {
	const inside = departement ? sql`c.departement_code = ${departement}` : sql`true`;
	const ofCategory = sql`s.status = 'published' and s.categories @> array[${category}::text]`;
	const [row] = await sql<{ count: number }[]>`
		select count(*)::int as count from structures s where ${ofCategory}`;
	const count = row?.count ?? 0;
	const nearest =
		count > SPARSE_CATEGORY
			? sql`select s.slug, s.name, ST_Distance(s.geom::geography, c.label_point::geography) as distance_m
				from structures s where ${ofCategory}
				-- No tie-breaker: a second sort key stops PostgreSQL from walking the KNN index.
				order by s.geom::geography <-> c.label_point::geography limit 1`
			: sql`select k.slug, k.name, ST_Distance(k.g, c.label_point::geography) as distance_m
				from candidates k order by k.g <-> c.label_point::geography limit 1`;
	const rows = await sql<(UncoveredCommune & { uncovered: boolean; lon: number; lat: number })[]>`
		with candidates as materialized (
			select s.slug, s.name, s.geom::geography as g from structures s
			where ${ofCategory} and ${count <= SPARSE_CATEGORY})
		select c.insee_code as code, c.name, c.departement_code as departement, c.population,
			round((n.distance_m / 1000)::numeric, 1)::float8 as distance_km,
			case when n.slug is null then null else json_build_object('slug', n.slug, 'name', n.name) end as nearest,
			(n.distance_m is null or n.distance_m > ${km * 1000}::float8) as uncovered,
			round(ST_X(c.label_point)::numeric, 5)::float8 as lon,
			round(ST_Y(c.label_point)::numeric, 5)::float8 as lat
		from territories c
		left join lateral (${nearest}) n on true
		where c.kind = 'commune' and ${inside}
		order by n.distance_m desc nulls first, c.name`;
	const uncovered = rows.filter((r) => r.uncovered);
	const sum = (list: { population: number | null }[]) =>
		list.reduce((total, r) => total + (r.population ?? 0), 0);
	return {
		category,
		km,
		departement,
		communes: uncovered.map(({ uncovered: _u, lon: _x, lat: _y, ...commune }) => commune),
		communesTotal: rows.length,
		population: sum(uncovered),
		populationTotal: sum(rows),
		points: {
			type: 'FeatureCollection',
			features: uncovered.map((r) => ({
				type: 'Feature',
				geometry: { type: 'Point', coordinates: [r.lon, r.lat] },
				properties: {
					code: r.code,
					name: r.name,
					population: r.population ?? 0,
					distance_km: r.distance_km
				}
			}))
		}
	};
}
