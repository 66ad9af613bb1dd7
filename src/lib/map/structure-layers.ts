import type {
	CircleLayerSpecification,
	ExpressionSpecification,
	FilterSpecification,
	GeoJSONSourceSpecification,
	LayerSpecification,
	VectorSourceSpecification
} from 'maplibre-gl';
import { CATEGORIES } from '$lib/domain/categories';
import { FONT_BOLD, FONT_REGULAR, type LonLatBounds } from './style';

/**
 * The structures drawn on a map, from one of two sources with the same look:
 * - `tiled`: the server's clustered vector tiles (`/tiles/structures/{z}/{x}/{y}.mvt`), whose
 *   `clusters` layer carries `count` and the main `category`, and whose `structures` layer (from
 *   the points zoom) carries `id`, `name` and `category`: the home page and the embedded map;
 * - GeoJSON clustered in the browser (`point_count`): small maps and a search's markers.
 * Clusters are navy discs with their count, ringed with the colour of their main category;
 * single structures are dots of their category's colour.
 */

export const STRUCTURES_SOURCE = 'structures';
export const CLUSTERS_LAYER = 'structures-clusters';
export const POINTS_LAYER = 'structures-points';
/** Tiled only: a cluster of one structure, drawn as its dot (a click zooms to it). */
export const SINGLES_LAYER = 'structures-singles';

/** Source layers of the structure tiles (see src/lib/server/tiles/structures.ts). */
export const TILE_CLUSTERS = 'clusters';
export const TILE_POINTS = 'structures';
/** Tiles are rendered up to this zoom; MapLibre enlarges the last ones beyond. */
export const TILES_MAX_ZOOM = 14;

const CLUSTER_COLOR = '#000091';
const FALLBACK_COLOR = '#666666';

/** `['match', category, code, colour, …, fallback]` from the shared category colours. */
export function categoryColor(): ExpressionSpecification {
	return [
		'match',
		['get', 'category'],
		...CATEGORIES.flatMap((c) => [c.code, c.color]),
		FALLBACK_COLOR
	] as unknown as ExpressionSpecification;
}

export function structuresSource(
	data: GeoJSONSourceSpecification['data']
): GeoJSONSourceSpecification {
	return {
		type: 'geojson',
		data,
		cluster: true,
		clusterRadius: 44,
		// Beyond this zoom points are drawn apart even when they overlap (same building).
		clusterMaxZoom: 14
	};
}

/** The server's structure tiles at `url` (absolute: tiles are fetched from a worker). */
export function structureTilesSource(
	url: string,
	bounds?: LonLatBounds | null
): VectorSourceSpecification {
	return {
		type: 'vector',
		tiles: [url],
		minzoom: 0,
		maxzoom: TILES_MAX_ZOOM,
		...(bounds ? { bounds } : {})
	};
}

interface Shape {
	/** The cluster size expression. */
	count: ExpressionSpecification;
	clusters: FilterSpecification;
	/** Tiled: none, the source layer holds only points. */
	points?: FilterSpecification;
	clustersLayer?: string;
	pointsLayer?: string;
	singles?: FilterSpecification;
}

const GEOJSON_SHAPE: Shape = {
	count: ['get', 'point_count'],
	clusters: ['has', 'point_count'],
	points: ['!', ['has', 'point_count']]
};

const TILED_SHAPE: Shape = {
	count: ['get', 'count'],
	clusters: ['>', ['get', 'count'], 1],
	clustersLayer: TILE_CLUSTERS,
	pointsLayer: TILE_POINTS,
	singles: ['==', ['get', 'count'], 1]
};

/** The layers of the structures, for the GeoJSON source (default) or the server's tiles. */
export function structureLayers({ tiled = false } = {}): LayerSpecification[] {
	const source = STRUCTURES_SOURCE;
	const shape = tiled ? TILED_SHAPE : GEOJSON_SHAPE;
	const from = (sourceLayer?: string) => (sourceLayer ? { 'source-layer': sourceLayer } : {});
	const dot: CircleLayerSpecification['paint'] = {
		'circle-color': categoryColor(),
		'circle-radius': ['interpolate', ['linear'], ['zoom'], 6, 5, 14, 8],
		'circle-stroke-color': '#ffffff',
		'circle-stroke-width': 1.5
	};
	const layers: LayerSpecification[] = [
		{
			id: CLUSTERS_LAYER,
			type: 'circle',
			source,
			...from(shape.clustersLayer),
			filter: shape.clusters,
			paint: {
				'circle-color': CLUSTER_COLOR,
				'circle-opacity': 0.88,
				'circle-radius': ['step', shape.count, 13, 10, 16, 50, 20, 200, 25, 1000, 31, 10000, 36],
				// Tiles tell the main category of a cluster: its ring has that colour.
				'circle-stroke-color': tiled ? categoryColor() : '#ffffff',
				'circle-stroke-width': tiled ? 3 : 2
			}
		},
		{
			id: 'structures-cluster-count',
			type: 'symbol',
			source,
			...from(shape.clustersLayer),
			filter: shape.clusters,
			layout: {
				'text-field': ['number-format', shape.count, { locale: 'fr-FR' }],
				'text-font': FONT_BOLD,
				'text-size': 13,
				'text-allow-overlap': true
			},
			paint: { 'text-color': '#ffffff' }
		}
	];
	if (shape.singles) {
		layers.push({
			id: SINGLES_LAYER,
			type: 'circle',
			source,
			...from(shape.clustersLayer),
			filter: shape.singles,
			paint: dot
		});
	}
	layers.push(
		{
			id: POINTS_LAYER,
			type: 'circle',
			source,
			...from(shape.pointsLayer),
			...(shape.points ? { filter: shape.points } : {}),
			paint: dot
		},
		{
			id: 'structures-names',
			type: 'symbol',
			source,
			...from(shape.pointsLayer),
			...(shape.points ? { filter: shape.points } : {}),
			minzoom: 13,
			layout: {
				'text-field': ['get', 'name'],
				'text-font': FONT_REGULAR,
				'text-size': 12,
				'text-anchor': 'top',
				'text-offset': [0, 0.9],
				'text-max-width': 12,
				'text-optional': true
			},
			paint: { 'text-color': '#1e1e1e', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 }
		}
	);
	return layers;
}
