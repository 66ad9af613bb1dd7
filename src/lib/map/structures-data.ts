import type { FeatureCollection } from 'geojson';

/**
 * The structures' GeoJSON, requested once per URL. The page starts the request as soon as it
 * runs (its `<link rel="preload">` has usually fetched the body already) and the map layer takes
 * the same answer once MapLibre is ready: the data never waits for the map's scripts.
 *
 * The request carries no custom header, so that it matches the preload (`Accept` would not):
 * the `.geojson` path alone asks for GeoJSON.
 */
const pending = new Map<string, Promise<FeatureCollection>>();
/** Only the latest few URLs are kept: filters change, old answers are not needed again. */
const KEPT = 4;

export function loadStructures(url: string): Promise<FeatureCollection> {
	const known = pending.get(url);
	if (known) return known;
	const request = fetch(url).then(async (response) => {
		if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
		return (await response.json()) as FeatureCollection;
	});
	// A failed request is not kept: the next attempt asks again.
	request.catch(() => pending.delete(url));
	pending.set(url, request);
	while (pending.size > KEPT) pending.delete(pending.keys().next().value!);
	return request;
}
