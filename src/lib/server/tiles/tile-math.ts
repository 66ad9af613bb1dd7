/**
 * Web Mercator tile arithmetic (EPSG:3857, the XYZ scheme MapLibre requests).
 */

const WORLD = 20037508.342789244;
const MAX_LATITUDE = 85.0511287798066;

export const MAX_TILE_ZOOM = 16;

export interface TileCoordinates {
	z: number;
	x: number;
	y: number;
}

/** Whether z/x/y names a tile of the grid this server answers for. */
export function isTile({ z, x, y }: TileCoordinates): boolean {
	const size = 2 ** z;
	return (
		[z, x, y].every(Number.isInteger) &&
		z >= 0 &&
		z <= MAX_TILE_ZOOM &&
		x >= 0 &&
		x < size &&
		y >= 0 &&
		y < size
	);
}

/** [xmin, ymin, xmax, ymax] in metres (EPSG:3857), widened by `buffer` tile units each side. */
export function tileBounds3857(
	{ z, x, y }: TileCoordinates,
	extent: number,
	buffer = 0
): [number, number, number, number] {
	const size = (2 * WORLD) / 2 ** z;
	const margin = (size * buffer) / extent;
	const xmin = -WORLD + x * size;
	const ymax = WORLD - y * size;
	return [xmin - margin, ymax - size - margin, xmin + size + margin, ymax + margin];
}

/** The same box in degrees [west, south, east, north], clamped to the Mercator world. */
export function tileBoundsLonLat(
	tile: TileCoordinates,
	extent: number,
	buffer = 0
): [number, number, number, number] {
	const [xmin, ymin, xmax, ymax] = tileBounds3857(tile, extent, buffer);
	const lon = (m: number) => Math.max(-180, Math.min(180, (m / WORLD) * 180));
	const lat = (m: number) => {
		const degrees = (Math.atan(Math.sinh((m / WORLD) * Math.PI)) * 180) / Math.PI;
		return Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, degrees));
	};
	return [lon(xmin), lat(ymin), lon(xmax), lat(ymax)];
}

/**
 * Parameters of ST_Affine(geom, a, b, d, e, xoff, yoff) taking EPSG:3857 metres to tile units:
 * x grows to the east from the tile's west edge, y grows to the south from its north edge.
 */
export function tileAffine(tile: TileCoordinates, extent: number) {
	const [xmin, , xmax, ymax] = tileBounds3857(tile, extent);
	const k = extent / (xmax - xmin);
	return { a: k, b: 0, d: 0, e: -k, xoff: -xmin * k, yoff: ymax * k };
}
