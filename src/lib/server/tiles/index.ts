import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { sql } from '../db';
import { renderBoundaries } from './boundaries';
import { LruCache } from './lru';
import { isTile, type TileCoordinates } from './tile-math';

export { isTile, MAX_TILE_ZOOM, type TileCoordinates } from './tile-math';
export { EXTENT, LABELS_LAYER, LABEL_KINDS, POLYGON_LAYERS } from './boundaries';

/** The tilesets this server renders, as named in `/tiles/{tileset}/{z}/{x}/{y}.mvt`. */
export const TILESETS = ['boundaries'] as const;
export type Tileset = (typeof TILESETS)[number];

export function isTileset(name: string): name is Tileset {
	return (TILESETS as readonly string[]).includes(name);
}

/** A tile as served: the protobuf, and its gzip for clients that accept it (null when empty). */
export interface EncodedTile {
	raw: Uint8Array;
	gzip: Uint8Array | null;
}

const compress = promisify(gzip);

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
		.then(async (raw) => ({ raw, gzip: raw.byteLength > 0 ? await compress(raw) : null }))
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

/** Forgets every encoded tile (after a re-import of the territories). */
export function clearCache() {
	cache.clear();
}

/** [west, south, east, north] of the region, so the map asks only for tiles that hold data. */
export async function bounds(): Promise<[number, number, number, number] | null> {
	const [row] = await sql<{ w: number | null; s: number; e: number; n: number }[]>`
		select ST_XMin(b) as w, ST_YMin(b) as s, ST_XMax(b) as e, ST_YMax(b) as n
		from (select ST_Extent(geom)::box2d as b from territories where kind = 'region') r`;
	if (!row || row.w === null) return null;
	return [row.w, row.s, row.e, row.n];
}
