import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
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
	/** Outlines of the uncovered communes, simplified for the map. */
	outlines: FeatureCollection<
		Polygon | MultiPolygon,
		{ code: string; name: string; distance_km: number | null }
	>;
}

export const MAX_COVERAGE_KM = 200;

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
	const rows = await sql<
		(UncoveredCommune & { uncovered: boolean; outline: Polygon | MultiPolygon | null })[]
	>`
		select c.insee_code as code, c.name, c.departement_code as departement, c.population,
			round((n.distance_m / 1000)::numeric, 1)::float8 as distance_km,
			case when n.slug is null then null else json_build_object('slug', n.slug, 'name', n.name) end as nearest,
			(n.distance_m is null or n.distance_m > ${km * 1000}::float8) as uncovered,
			case when n.distance_m is null or n.distance_m > ${km * 1000}::float8
				then ST_AsGeoJSON(ST_SimplifyPreserveTopology(c.geom, 0.001), 4)::json end as outline
		from territories c
		left join lateral (
			select s.slug, s.name, ST_Distance(s.geom::geography, c.label_point::geography) as distance_m
			from structures s
			where s.status = 'published' and s.categories @> array[${category}::text]
			order by s.geom::geography <-> c.label_point::geography, s.id
			limit 1
		) n on true
		where c.kind = 'commune' and ${inside}
		order by n.distance_m desc nulls first, c.name`;
	const uncovered = rows.filter((r) => r.uncovered);
	const sum = (list: { population: number | null }[]) =>
		list.reduce((total, r) => total + (r.population ?? 0), 0);
	return {
		category,
		km,
		departement,
		communes: uncovered.map(({ uncovered: _u, outline: _o, ...commune }) => commune),
		communesTotal: rows.length,
		population: sum(uncovered),
		populationTotal: sum(rows),
		outlines: {
			type: 'FeatureCollection',
			features: uncovered.map((r) => ({
				type: 'Feature',
				geometry: r.outline!,
				properties: { code: r.code, name: r.name, distance_km: r.distance_km }
			}))
		}
	};
}
