import type { StructureFilters } from '../../domain/structure-filters';
import { sql } from '../db';
import type { Fragment } from '../db/fragments';
import {
	FINEST_LEVEL,
	cellScope,
	cellTable,
	cellWhere,
	storedLevel,
	type CellScope
} from '../structures/cells';
import { whereClause } from '../structures/where';
import { DEFAULT_EXTENT, encodeTile, type TileFeature } from './mvt-encoder';
import { tileAffine, tileBoundsLonLat, type TileCoordinates } from './tile-math';

/**
 * The structures as vector tiles: below `pointsZoom`, one `clusters` layer of grid clusters
 * (count, main category, count per main category), from the cells pre-aggregated by trigger
 * when the filters allow it, else from the structures of the tile's envelope; from
 * `pointsZoom` on, one `structures` layer with the structures themselves (id, name, category).
 */

export const CLUSTERS_LAYER = 'clusters';
export const POINTS_LAYER = 'structures';
/** Prefix of the per-category counts of a cluster: `count:ecole`, `count:college`… */
export const CATEGORY_COUNT_PREFIX = 'count:';
/** Clusters per tile side: 2^3 = 8, one cluster for 64 of the 512 pixels a tile is drawn on. */
const CLUSTER_SHIFT = 3;
/**
 * A high-zoom tile lists its structures one by one up to this many; beyond (a dense synthetic
 * town), it keeps finer clusters, so that no tile grows unbounded.
 */
export const MAX_POINTS = 4000;
const EXTENT = DEFAULT_EXTENT;

interface ClusterRow {
	cx: number;
	cy: number;
	/** The category its structures are drawn with (see shownCategory). */
	category: string;
	count: number;
	/** Mean position in tile units. */
	px: number;
	py: number;
}

interface PointRow {
	id: string;
	name: string;
	category: string;
	px: number;
	py: number;
}

export async function renderStructures(
	tile: TileCoordinates,
	filters: StructureFilters,
	pointsZoom: number
): Promise<Uint8Array> {
	// 8 × 8 clusters per tile, or the finest cells kept when the tile is finer than that.
	const level = Math.max(tile.z, Math.min(tile.z + CLUSTER_SHIFT, FINEST_LEVEL));
	const scope = level <= FINEST_LEVEL ? cellScope(filters) : null;
	if (tile.z >= pointsZoom) {
		if (scope) {
			// The cells tell how many structures the tile holds before any is read.
			const clusters = await cellClusterRows(tile, level, scope, filters);
			if (clusters.reduce((n, c) => n + c.count, 0) > MAX_POINTS)
				return encodeClusters(clusters, tile, level);
		}
		const points = await pointRows(tile, filters);
		if (points.length <= MAX_POINTS) return encodePoints(points);
	}
	const rows = scope
		? await cellClusterRows(tile, level, scope, filters)
		: await structureClusterRows(tile, level, filters);
	return encodeClusters(rows, tile, level);
}

function cellClusterRows(
	tile: TileCoordinates,
	level: number,
	scope: CellScope,
	filters: StructureFilters
): Promise<ClusterRow[]> {
	const stored = storedLevel(scope, level);
	const shift = stored - level;
	const span = 2 ** (stored - tile.z);
	const x0 = tile.x * span;
	const y0 = tile.y * span;
	const { a, e, xoff, yoff } = tileAffine(tile, EXTENT);
	return sql<ClusterRow[]>`
		select c.x / ${2 ** shift}::int as cx, c.y / ${2 ** shift}::int as cy,
			${shownCategory(sql`c.categories`, filters)} as category,
			sum(c.count)::int as count,
			sum(c.sum_x) / sum(c.count) * ${a}::float8 + ${xoff}::float8 as px,
			sum(c.sum_y) / sum(c.count) * ${e}::float8 + ${yoff}::float8 as py
		from ${cellTable(scope)} c
		where ${cellWhere(scope, stored)}
			and c.x between ${x0}::int and ${x0 + span - 1}::int
			and c.y between ${y0}::int and ${y0 + span - 1}::int
		group by 1, 2, 3
		having sum(c.count) > 0`;
}

/**
 * The structures matching `filters` inside the tile, each with its shown category and its
 * position in tile pixels (px, py): a FROM item for the clusters and the points.
 */
function placedIn(tile: TileCoordinates, filters: StructureFilters): Fragment {
	const [west, south, east, north] = tileBoundsLonLat(tile, EXTENT);
	const { a, e, xoff, yoff } = tileAffine(tile, EXTENT);
	return sql`(
			select s.id, s.name, ${shownCategory(sql`s.categories`, filters)} as category,
				map_mercator_x(s.geom) * ${a}::float8 + ${xoff}::float8 as px,
				map_mercator_y(s.geom) * ${e}::float8 + ${yoff}::float8 as py
			from structures s
			where ${whereClause(filters)}
				and s.geom && ST_MakeEnvelope(${west}::float8, ${south}::float8, ${east}::float8, ${north}::float8, 4326)
		) placed
		where px >= 0 and px < ${EXTENT} and py >= 0 and py < ${EXTENT}`;
}

/** The same clusters computed from the structures of the tile (filters the cells cannot answer). */
function structureClusterRows(
	tile: TileCoordinates,
	level: number,
	filters: StructureFilters
): Promise<ClusterRow[]> {
	const perTile = 2 ** (level - tile.z);
	const cell = EXTENT / perTile;
	// Cells are numbered on the whole grid of the level, as in the cell table.
	return sql<ClusterRow[]>`
		select ${tile.x * perTile}::int + floor(px / ${cell}::float8)::int as cx,
			${tile.y * perTile}::int + floor(py / ${cell}::float8)::int as cy,
			category, count(*)::int as count, avg(px) as px, avg(py) as py
		from ${placedIn(tile, filters)}
		group by 1, 2, 3`;
}

async function pointRows(tile: TileCoordinates, filters: StructureFilters): Promise<PointRow[]> {
	// No order in SQL: sorting by name would tempt the planner to walk the name index.
	const rows = await sql<PointRow[]>`
		select id, name, category, px, py from ${placedIn(tile, filters)}
		limit ${MAX_POINTS + 1}`;
	return rows.sort((p, q) => (p.name < q.name ? -1 : p.name > q.name ? 1 : p.id < q.id ? -1 : 1));
}

/**
 * The category a structure is drawn with: its first category among those asked for (a
 * digital-mediation place that is also a fablab is drawn as a fablab when fablabs are asked
 * for), its main category otherwise. `categories` is a text[] column.
 */
function shownCategory(categories: Fragment, filters: StructureFilters): Fragment {
	const asked = filters.categories as string[];
	if (!asked.length) return sql`${categories}[1]`;
	return sql`coalesce((select k from unnest(${categories}) with ordinality u(k, i)
		where k = any(${asked}::text[]) order by i limit 1), ${categories}[1])`;
}

function encodePoints(rows: PointRow[]): Uint8Array {
	return encodeTile([
		{
			name: POINTS_LAYER,
			extent: EXTENT,
			features: rows.map((row): TileFeature => ({
				geometry: { type: 'Point', coordinates: [row.px, row.py] },
				properties: {
					id: row.id,
					name: row.name,
					category: row.category
				}
			}))
		}
	]);
}

function encodeClusters(rows: ClusterRow[], tile: TileCoordinates, level: number): Uint8Array {
	const clusters = new Map<
		string,
		{
			cx: number;
			cy: number;
			count: number;
			sx: number;
			sy: number;
			byCategory: Map<string, number>;
		}
	>();
	for (const row of rows) {
		const key = `${row.cx}/${row.cy}`;
		let cluster = clusters.get(key);
		if (!cluster) {
			cluster = { cx: row.cx, cy: row.cy, count: 0, sx: 0, sy: 0, byCategory: new Map() };
			clusters.set(key, cluster);
		}
		cluster.count += row.count;
		cluster.sx += row.px * row.count;
		cluster.sy += row.py * row.count;
		cluster.byCategory.set(row.category, (cluster.byCategory.get(row.category) ?? 0) + row.count);
	}
	const side = 2 ** level;
	const cellSize = EXTENT / 2 ** (level - tile.z);
	const features: TileFeature[] = [...clusters.values()].map((cluster) => {
		const counts = [...cluster.byCategory].sort((p, q) => q[1] - p[1] || (p[0] < q[0] ? -1 : 1));
		const properties: TileFeature['properties'] = {
			count: cluster.count,
			category: counts[0]![0],
			categories: counts.length
		};
		for (const [category, n] of counts) properties[`${CATEGORY_COUNT_PREFIX}${category}`] = n;
		// The mean point stays inside its cell (rounding aside), hence inside this tile.
		const clamp = (v: number, low: number) =>
			Math.min(Math.max(v, low), low + cellSize - 1, EXTENT - 1);
		const localX = cluster.cx % 2 ** (level - tile.z);
		const localY = cluster.cy % 2 ** (level - tile.z);
		return {
			id: cluster.cy * side + cluster.cx,
			geometry: {
				type: 'Point',
				coordinates: [
					clamp(cluster.sx / cluster.count, localX * cellSize),
					clamp(cluster.sy / cluster.count, localY * cellSize)
				]
			},
			properties
		};
	});
	return encodeTile([{ name: CLUSTERS_LAYER, extent: EXTENT, features }]);
}
