import type {
	ExpressionSpecification,
	GeoJSONSourceSpecification,
	LayerSpecification
} from 'maplibre-gl';
import { CATEGORIES } from '$lib/domain/categories';
import { FONT_BOLD, FONT_REGULAR } from './style';

/** The structures drawn on the map: clustered points coloured by primary category. */

export const STRUCTURES_SOURCE = 'structures';
export const CLUSTERS_LAYER = 'structures-clusters';
export const POINTS_LAYER = 'structures-points';

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

export function structureLayers(): LayerSpecification[] {
	const source = STRUCTURES_SOURCE;
	const clustered: ExpressionSpecification = ['has', 'point_count'];
	return [
		{
			id: CLUSTERS_LAYER,
			type: 'circle',
			source,
			filter: clustered,
			paint: {
				'circle-color': CLUSTER_COLOR,
				'circle-opacity': 0.88,
				'circle-radius': ['step', ['get', 'point_count'], 13, 10, 16, 50, 20, 200, 25, 1000, 31],
				'circle-stroke-color': '#ffffff',
				'circle-stroke-width': 2
			}
		},
		{
			id: 'structures-cluster-count',
			type: 'symbol',
			source,
			filter: clustered,
			layout: {
				'text-field': ['number-format', ['get', 'point_count'], { locale: 'fr-FR' }],
				'text-font': FONT_BOLD,
				'text-size': 13,
				'text-allow-overlap': true
			},
			paint: { 'text-color': '#ffffff' }
		},
		{
			id: POINTS_LAYER,
			type: 'circle',
			source,
			filter: ['!', clustered],
			paint: {
				'circle-color': categoryColor(),
				'circle-radius': ['interpolate', ['linear'], ['zoom'], 6, 5, 14, 8],
				'circle-stroke-color': '#ffffff',
				'circle-stroke-width': 1.5
			}
		},
		{
			id: 'structures-names',
			type: 'symbol',
			source,
			filter: ['!', clustered],
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
	];
}
