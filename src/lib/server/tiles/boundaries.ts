import type { Geometry } from 'geojson';
import { sql } from '../db';
import { DEFAULT_EXTENT, encodeTile, type TileFeature, type TileLayer } from './mvt-encoder';
import { tileAffine, tileBoundsLonLat, type TileCoordinates } from './tile-math';

/**
 * The offline basemap: administrative outlines and place names from `territories`.
 *
 * Clipping, simplification and quantisation run in SQL that both engines accept (PGlite's
 * PostGIS has no ST_AsMVT); the protobuf is written by our encoder.
 */

export const EXTENT = DEFAULT_EXTENT;
/** Tile units kept beyond each edge, so that outlines join without seams. */
const BUFFER = 64;
/**
 * Douglas-Peucker tolerance in tile units: a tile is drawn 512 px wide, 8 units a pixel, so
 * one pixel up to zoom 11. The style's last tile zoom (12) is enlarged beyond, so it keeps
 * full detail. Snapping to the grid first leaves far fewer vertices to simplify; the
 * topology-preserving variant was three times slower for no visible difference.
 */
const DETAILED_ZOOM = 12;
function simplifyTolerance(z: number) {
	return z >= DETAILED_ZOOM ? 1 : 8;
}

type Kind = 'region' | 'departement' | 'epci' | 'commune';

/** Polygon layers, each named after its territory kind, and the zoom they start at. */
export const POLYGON_LAYERS: { kind: Kind; minzoom: number }[] = [
	{ kind: 'region', minzoom: 0 },
	{ kind: 'departement', minzoom: 0 },
	{ kind: 'epci', minzoom: 7 },
	{ kind: 'commune', minzoom: 8 }
];

/** Place names in the `labels` point layer, by kind and zoom range (inclusive). */
export const LABEL_KINDS: { kind: Kind; minzoom: number; maxzoom: number }[] = [
	{ kind: 'region', minzoom: 0, maxzoom: 6 },
	{ kind: 'departement', minzoom: 6, maxzoom: 10 },
	{ kind: 'commune', minzoom: 9, maxzoom: Infinity }
];

export const LABELS_LAYER = 'labels';

interface OutlineRow {
	kind: Kind;
	code: string;
	name: string;
	geometry: string;
}

interface LabelRow {
	kind: Kind;
	code: string;
	name: string;
	population: number | null;
	x: number;
	y: number;
}

/** Encodes the boundaries tile z/x/y; an empty tile is a zero-length buffer. */
export async function renderBoundaries(tile: TileCoordinates): Promise<Uint8Array> {
	const [outlines, labels] = await Promise.all([outlineRows(tile), labelRows(tile)]);
	const layers: TileLayer[] = POLYGON_LAYERS.map(({ kind }) => ({
		name: kind,
		features: outlines
			.filter((row) => row.kind === kind)
			.map((row) => ({
				geometry: JSON.parse(row.geometry) as Geometry,
				properties: { code: row.code, name: row.name }
			}))
	}));
	layers.push({
		name: LABELS_LAYER,
		features: labels.map((row): TileFeature => ({
			geometry: { type: 'Point', coordinates: [row.x, row.y] },
			properties: {
				kind: row.kind,
				code: row.code,
				name: row.name,
				population: row.population
			}
		}))
	});
	return encodeTile(layers);
}

function outlineRows(tile: TileCoordinates): Promise<OutlineRow[]> {
	const kinds = POLYGON_LAYERS.filter((l) => tile.z >= l.minzoom).map((l) => l.kind);
	// Mercator maps a longitude/latitude box to a rectangle, so clipping in degrees first is
	// exact and leaves fewer vertices to project.
	const [west, south, east, north] = tileBoundsLonLat(tile, EXTENT, BUFFER);
	const { a, b, d, e, xoff, yoff } = tileAffine(tile, EXTENT);
	return sql<OutlineRow[]>`
		select kind, code, name, ST_AsGeoJSON(geom, 0) as geometry
		from (
			select t.kind, t.code, t.name,
				ST_Simplify(
					ST_SnapToGrid(
						ST_Affine(
							ST_Transform(
								ST_ClipByBox2D(
									t.geom,
									ST_MakeEnvelope(${west}::float8, ${south}::float8, ${east}::float8, ${north}::float8, 4326)::box2d
								),
								3857
							),
							${a}::float8, ${b}::float8, ${d}::float8, ${e}::float8, ${xoff}::float8, ${yoff}::float8
						),
						1
					),
					${simplifyTolerance(tile.z)}::float8
				) as geom
			from territories t
			where t.kind = any(${kinds}::text[])
				and t.geom && ST_MakeEnvelope(${west}::float8, ${south}::float8, ${east}::float8, ${north}::float8, 4326)
		) clipped
		where not ST_IsEmpty(geom) and ST_Dimension(geom) = 2
		order by kind, code`;
}

async function labelRows(tile: TileCoordinates): Promise<LabelRow[]> {
	const kinds = LABEL_KINDS.filter((l) => tile.z >= l.minzoom && tile.z <= l.maxzoom).map(
		(l) => l.kind
	);
	if (kinds.length === 0) return [];
	const [west, south, east, north] = tileBoundsLonLat(tile, EXTENT);
	const { a, b, d, e, xoff, yoff } = tileAffine(tile, EXTENT);
	const rows = await sql<LabelRow[]>`
		select kind, code, name, population, round(ST_X(p))::int as x, round(ST_Y(p))::int as y
		from (
			select t.kind, t.code, t.name, t.population,
				ST_Affine(ST_Transform(t.label_point, 3857),
					${a}::float8, ${b}::float8, ${d}::float8, ${e}::float8, ${xoff}::float8, ${yoff}::float8) as p
			from territories t
			where t.kind = any(${kinds}::text[])
				and t.label_point && ST_MakeEnvelope(${west}::float8, ${south}::float8, ${east}::float8, ${north}::float8, 4326)
		) placed
		order by population desc nulls last, code`;
	// A label on the tile's east or south edge belongs to the next tile.
	return rows.filter((r) => r.x >= 0 && r.x < EXTENT && r.y >= 0 && r.y < EXTENT);
}
