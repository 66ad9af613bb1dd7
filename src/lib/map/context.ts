import { getContext, setContext } from 'svelte';
import type { Map as MapLibreMap } from 'maplibre-gl';

/** What `Map.svelte` shares with its sources and layers: the map, once its style has loaded. */
export interface MapContext {
	readonly map: MapLibreMap | null;
}

const key = Symbol('map');

export function setMapContext(context: MapContext) {
	setContext(key, context);
}

export function getMapContext(): MapContext {
	const context = getContext<MapContext | undefined>(key);
	if (!context) throw new Error('Map layers must be placed inside <Map>');
	return context;
}
