import type { LayerSpecification, StyleSpecification, SymbolLayerSpecification } from 'maplibre-gl';

type TextSize = NonNullable<SymbolLayerSpecification['layout']>['text-size'];

/**
 * The offline basemap: the app's own boundary tiles and place names, nothing else.
 *
 * The style has no `glyphs` URL on purpose: MapLibre ≥ 5.11 then draws labels from the
 * page's web fonts, so `text-font` names a CSS family (Marianne, loaded by the DSFR) and no
 * request leaves the machine. A first name carrying a weight (« Marianne Bold ») is how
 * MapLibre learns the weight; the CSS family that matches is the second one.
 */

export type LonLatBounds = [number, number, number, number];

export const BOUNDARIES_SOURCE = 'boundaries';
export const FONT_REGULAR = ['Marianne Regular', 'Marianne'];
export const FONT_BOLD = ['Marianne Bold', 'Marianne'];

/** Tiles exist up to this zoom (full detail there: DETAILED_ZOOM on the server); MapLibre enlarges them beyond. */
const TILES_MAX_ZOOM = 12;

const COLORS = {
	outside: '#dde3ea',
	region: '#fbfbf8',
	regionOutline: '#000091',
	departement: '#5e5e78',
	epci: '#8d8db4',
	commune: '#c4c4cc',
	text: '#2a2a3a',
	halo: '#ffffff'
};

export interface OfflineStyleOptions {
	/** The page's origin: tile URLs must be absolute, they are fetched from a worker. */
	origin: string;
	/** The region's extent: MapLibre asks for no tile outside it. */
	bounds?: LonLatBounds | null;
}

export function offlineStyle({ origin, bounds }: OfflineStyleOptions): StyleSpecification {
	return {
		version: 8,
		name: 'Cartonum — fond de carte hors ligne',
		sources: {
			[BOUNDARIES_SOURCE]: {
				type: 'vector',
				tiles: [`${origin}/tiles/boundaries/{z}/{x}/{y}.mvt`],
				minzoom: 0,
				maxzoom: TILES_MAX_ZOOM,
				...(bounds ? { bounds } : {})
			}
		},
		layers: boundaryLayers()
	};
}

function boundaryLayers(): LayerSpecification[] {
	const source = BOUNDARIES_SOURCE;
	return [
		{ id: 'background', type: 'background', paint: { 'background-color': COLORS.outside } },
		{
			id: 'region-fill',
			type: 'fill',
			source,
			'source-layer': 'region',
			paint: { 'fill-color': COLORS.region }
		},
		{
			id: 'commune-outline',
			type: 'line',
			source,
			'source-layer': 'commune',
			minzoom: 8,
			paint: {
				'line-color': COLORS.commune,
				'line-width': ['interpolate', ['linear'], ['zoom'], 8, 0.4, 12, 1]
			}
		},
		{
			id: 'epci-outline',
			type: 'line',
			source,
			'source-layer': 'epci',
			minzoom: 7,
			paint: {
				'line-color': COLORS.epci,
				'line-width': ['interpolate', ['linear'], ['zoom'], 7, 0.6, 12, 1.4],
				'line-dasharray': [3, 2]
			}
		},
		{
			id: 'departement-outline',
			type: 'line',
			source,
			'source-layer': 'departement',
			paint: {
				'line-color': COLORS.departement,
				'line-width': ['interpolate', ['linear'], ['zoom'], 5, 0.8, 10, 2]
			}
		},
		{
			id: 'region-outline',
			type: 'line',
			source,
			'source-layer': 'region',
			paint: {
				'line-color': COLORS.regionOutline,
				'line-width': ['interpolate', ['linear'], ['zoom'], 5, 1.5, 10, 3]
			}
		},
		label('label-commune', 'commune', 9, 24, FONT_REGULAR, [
			'interpolate',
			['linear'],
			['zoom'],
			9,
			11,
			13,
			14
		]),
		label('label-departement', 'departement', 6, 11, FONT_BOLD, 14, true),
		label('label-region', 'region', 0, 7, FONT_BOLD, 16, true)
	];
}

function label(
	id: string,
	kind: string,
	minzoom: number,
	maxzoom: number,
	font: string[],
	size: TextSize,
	uppercase = false
): LayerSpecification {
	return {
		id,
		type: 'symbol',
		source: BOUNDARIES_SOURCE,
		'source-layer': 'labels',
		minzoom,
		maxzoom,
		filter: ['==', ['get', 'kind'], kind],
		layout: {
			'text-field': uppercase ? ['upcase', ['get', 'name']] : ['get', 'name'],
			'text-font': font,
			'text-size': size,
			'text-max-width': 8,
			'text-letter-spacing': uppercase ? 0.04 : 0,
			// Larger places first when labels collide.
			'symbol-sort-key': ['-', 0, ['coalesce', ['get', 'population'], 0]]
		},
		paint: {
			'text-color': COLORS.text,
			'text-halo-color': COLORS.halo,
			'text-halo-width': 1.5
		}
	};
}
