import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { filtersToSearchParams, type StructureFilters } from '../../domain/structure-filters';
import { config } from '../config';
import * as db from '../db';
import { sql } from '../db';
import { renderBoundaries } from './boundaries';
import { mapDataVersion } from './data-version';
import { LruCache } from './lru';
import { renderStructures } from './structures';
import { isTile, type TileCoordinates } from './tile-math';

export { isTile, MAX_TILE_ZOOM, type TileCoordinates } from './tile-math';
export { EXTENT, LABELS_LAYER, LABEL_KINDS, POLYGON_LAYERS } from './boundaries';
export { mapDataVersion } from './data-version';
export { CATEGORY_COUNT_PREFIX, CLUSTERS_LAYER, MAX_POINTS, POINTS_LAYER } from './structures';

/** The tilesets this server renders, as named in `/tiles/{tileset}/{z}/{x}/{y}.mvt`. */
export const TILESETS = ['boundaries', 'structures'] as const;
export type Tileset = (typeof TILESETS)[number];

export function isTileset(name: string): name is Tileset {
	return (TILESETS as readonly string[]).includes(name);
}

/** A tile as served: the protobuf, and its gzip for clients that accept it (null when empty). */
export interface EncodedTile {
	raw: Uint8Array;
	gzip: Uint8Array | null;
	/** A weak validator (the same tile whatever the encoding), when the tile can change. */
	etag?: string;
}

const compress = promisify(gzip);

async function encoded(raw: Uint8Array): Promise<EncodedTile> {
	return { raw, gzip: raw.byteLength > 0 ? await compress(raw) : null };
}

/**
 * Boundaries change only with a re-import, so encoded tiles are kept in memory. Pending
 * renders are shared, so a burst of requests for one tile queries the database once.
 */
const cache = new LruCache<string, Promise<EncodedTile>>(1024);

/** The boundaries tile z/x/y, from the cache when it was rendered before. */
export function encodedBoundaries(tile: TileCoordinates): Promise<EncodedTile> {
	if (!isTile(tile)) throw new RangeError(`Not a tile: ${tile.z}/${tile.x}/${tile.y}`);
	const key = `${tile.z}/${tile.x}/${tile.y}`;
	const cached = cache.get(key);
	if (cached) return cached;
	const rendering = renderBoundaries(tile)
		.then(encoded)
		.catch((error: unknown) => {
			// A failure is not cached: the next request renders again.
			cache.delete(key);
			throw error;
		});
	cache.set(key, rendering);
	return rendering;
}

/** The boundaries tile z/x/y as a Mapbox Vector Tile (protobuf). */
export async function boundaries(tile: TileCoordinates): Promise<Uint8Array> {
	return (await encodedBoundaries(tile)).raw;
}

/**
 * Forgets every encoded tile. Only the scale benchmark calls it, to measure cold renders. The
 * boundary tiles have no data version: after a re-import of the territories (a CLI process),
 * the app serves the old ones until it restarts; structure tiles follow `mapDataVersion`.
 */
export function clearCache() {
	cache.clear();
	structureCache.clear();
}

/**
 * Structure tiles, cached under the map data version: a write to the structures (through any
 * app process) bumps it, and the tiles of the old version are dropped here.
 */
const structureCache = new LruCache<string, Promise<EncodedTile>>(4096);
let structureCacheVersion: string | null = null;

/**
 * The filters as a canonical string: equal filters (in any order, repeated or comma-separated)
 * share one cache entry and one ETag.
 */
export function filtersKey(filters: StructureFilters): string {
	return filtersToSearchParams({
		...filters,
		categories: [...filters.categories].sort(),
		programmes: [...filters.programmes].sort((a, b) => a - b)
	}).toString();
}

/**
 * The structures tile z/x/y for these filters (clusters or points, by zoom), always read from
 * the replica when one is set (`DATABASE_READ_URL`): the cache and its version follow one database.
 */
export function encodedStructures(
	tile: TileCoordinates,
	filters: StructureFilters
): Promise<EncodedTile> {
	return db.reading(() => renderedStructures(tile, filters));
}

async function renderedStructures(
	tile: TileCoordinates,
	filters: StructureFilters
): Promise<EncodedTile> {
	if (!isTile(tile)) throw new RangeError(`Not a tile: ${tile.z}/${tile.x}/${tile.y}`);
	const version = await mapDataVersion();
	if (version !== structureCacheVersion) {
		structureCache.clear();
		structureCacheVersion = version;
	}
	const key = `${tile.z}/${tile.x}/${tile.y}?${filtersKey(filters)}`;
	const cached = structureCache.get(key);
	if (cached) return cached;
	const etag = `W/"${version}-${createHash('sha1').update(key).digest('base64url').slice(0, 16)}"`;
	const rendering = renderStructures(tile, filters, config.tilesPointsZoom)
		.then(async (raw) => ({ ...(await encoded(raw)), etag }))
		.catch((error: unknown) => {
			structureCache.delete(key);
			throw error;
		});
	structureCache.set(key, rendering);
	return rendering;
}

/** [west, south, east, north] of the region, so the map asks only for tiles that hold data. */
export async function bounds(): Promise<[number, number, number, number] | null> {
	const [row] = await sql<{ w: number | null; s: number; e: number; n: number }[]>`
		select ST_XMin(b) as w, ST_YMin(b) as s, ST_XMax(b) as e, ST_YMax(b) as n
		from (select ST_Extent(geom)::box2d as b from territories where kind = 'region') r`;
	if (!row || row.w === null) return null;
	return [row.w, row.s, row.e, row.n];
}
