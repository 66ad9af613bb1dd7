import type { FeatureCollection, Point } from 'geojson';
import { CATEGORY_CODES, type CategoryCode } from '../../domain/categories';
import {
	DEFAULT_LIMIT,
	MAX_LIMIT,
	emptyFilters,
	encodeCursor,
	type BBox,
	type Cursor,
	type StructureFilters
} from '../../domain/structure-filters';
import { clampLimit } from '../../domain/limit';
import { sql } from '../db';
import { geoPoint } from '../db/fragments';
import { cellScope, countByCategoryIn, countIn } from './cells';
import {
	freshnessColumns,
	listColumns,
	summaryColumns,
	summaryFrom,
	type StructureFreshness,
	type StructureListItem,
	type StructureSummary
} from './summary';
import { whereClause } from './where';

export { get, type ProgrammeRole, type StructureDetail } from './detail';
export type { StructureFreshness, StructureListItem, StructureSummary } from './summary';

export interface StructurePage {
	items: (StructureListItem & StructureFreshness)[];
	/** Cursor of the next page, null on the last one. */
	next: string | null;
	/** Number of structures matching the filters, over all pages. */
	total: number;
}

/** Light properties, enough to draw and label a point; details load on click. */
export interface StructureFeatureProperties {
	id: string;
	name: string;
	/** The primary category (colour on the map). */
	category: CategoryCode;
}

export type StructureFeatures = FeatureCollection<Point, StructureFeatureProperties>;

/**
 * One page of the structures matching the filters, in the list's order: by category (the
 * roadmap's order, schools first), then commune, then name, accents and case folded, then id
 * (the stored `list_key`, migration 024). Keyset pages: the cursor is the last row's key and id.
 */
export async function list(
	filters: StructureFilters,
	options: { limit?: number; cursor?: Cursor | null } = {}
): Promise<StructurePage> {
	const limit = clampLimit(options.limit, { max: MAX_LIMIT, fallback: DEFAULT_LIMIT });
	const where = whereClause(filters);
	const after = options.cursor
		? sql`and (s.list_key, s.id) > (${options.cursor.key}, ${options.cursor.id}::uuid)`
		: sql``;
	// The page and the total are read side by side, on two connections of the pool.
	const [rows, total] = await Promise.all([
		sql<(StructureListItem & StructureFreshness & { list_key: string })[]>`
		select ${listColumns()}, ${freshnessColumns()}, s.list_key from ${summaryFrom()}
		where ${where} ${after}
		order by s.list_key, s.id
		limit ${limit + 1}`,
		count(filters)
	]);
	const items = rows.slice(0, limit).map(({ list_key: _key, ...item }) => item);
	const last = rows[limit - 1];
	const next =
		rows.length > limit && last ? encodeCursor({ key: last.list_key, id: last.id }) : null;
	return { items, next, total };
}

/**
 * How many structures match the filters: from the cells pre-aggregated by trigger when they
 * can answer (no full scan on a page load), by counting the structures otherwise.
 */
export async function count(filters: StructureFilters): Promise<number> {
	const scope = cellScope(filters);
	if (scope) return countIn(scope);
	const [row] = await sql<{ total: number }[]>`
		select count(*)::int as total from structures s where ${whereClause(filters)}`;
	return row?.total ?? 0;
}

/** Every structure matching the filters as a GeoJSON FeatureCollection with light properties. */
export async function features(filters: StructureFilters): Promise<StructureFeatures> {
	return JSON.parse(await featuresJson(filters)) as StructureFeatures;
}

/**
 * `features` serialised by PostgreSQL, compactly, for responses that only pass it on (the
 * region's map layer is the API's largest answer).
 */
export async function featuresJson(filters: StructureFilters): Promise<string> {
	const [row] = await sql<{ collection: string }[]>`
		select '{"type":"FeatureCollection","features":[' || coalesce(string_agg(format(
				'{"type":"Feature","geometry":%s,"properties":{"id":"%s","name":%s,"category":%s}}',
				ST_AsGeoJSON(s.geom, 6), s.id, to_json(s.name), to_json(s.category)),
			',' order by s.list_key, s.id), '') || ']}' as collection
		from structures s where ${whereClause(filters)}`;
	return row!.collection;
}

/** The structures of the filters that lie inside a bounding box (the map's viewport). */
export function inBounds(
	bbox: BBox,
	filters: StructureFilters = emptyFilters()
): Promise<StructureFeatures> {
	return features({ ...filters, bbox });
}

/**
 * Number of matching structures in each category. A structure counts once in each of its
 * categories (a digital-mediation place that is also a fablab counts in both), which is what
 * toggling a category on the map shows.
 */
export async function countByCategory(
	filters: StructureFilters
): Promise<{ category: CategoryCode; count: number }[]> {
	const scope = cellScope(filters);
	const rows = scope
		? ((await countByCategoryIn(scope)) as { category: CategoryCode; count: number }[])
		: await sql<{ category: CategoryCode; count: number }[]>`
		select k as category, count(*)::int as count
		from structures s cross join unnest(s.categories) k
		where ${whereClause(filters)}
		group by k`;
	return rows.sort(
		(a, b) => CATEGORY_CODES.indexOf(a.category) - CATEGORY_CODES.indexOf(b.category)
	);
}

export interface NearbyStructure extends StructureSummary {
	/** Great-circle distance from the given point, in metres. */
	distance_m: number;
}

/** The published structures closest to a point, nearest first. */
export async function nearest(
	lon: number,
	lat: number,
	options: { categories?: CategoryCode[]; limit?: number } = {}
): Promise<NearbyStructure[]> {
	const limit = clampLimit(options.limit, { max: MAX_LIMIT, fallback: 10 });
	const point = sql`${geoPoint(lon, lat)}::geography`;
	const where = whereClause({ ...emptyFilters(), categories: options.categories ?? [] });
	// The KNN order alone lets PostgreSQL walk the geography index; ties are settled outside.
	const rows = await sql<NearbyStructure[]>`
		select * from (
			select ${summaryColumns()}, ST_Distance(s.geom::geography, ${point}, false) as distance_m
			from ${summaryFrom()}
			where ${where}
			order by s.geom::geography <-> ${point}
			limit ${limit}
		) nearest
		order by distance_m, id`;
	return rows;
}
