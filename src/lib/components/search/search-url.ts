import type { Polygon } from 'geojson';
import { FILTER_PARAMETERS } from '$lib/domain/structure-filters';
import { readableQuery } from '$lib/map/view';

/**
 * The parameters of `GET /api/v1/search` (the server's list, restated for the browser;
 * test/unit/search-url.test.ts checks it against the server's schema).
 */
export const SEARCH_API_PARAMETERS = [...FILTER_PARAMETERS, 'near', 'limit', 'offset', 'markers'];

/** What the page searches besides its filters: the text typed and the point to sort around. */
export interface SearchTerms {
	/** As typed; blank means no text. */
	q: string;
	/** `<lon>,<lat>` (already checked by the server), or null. */
	near: string | null;
}

/** Whether these terms call for the search (a text or a point) rather than the plain list. */
export const isSearching = ({ q, near }: SearchTerms): boolean => q.trim() !== '' || near !== null;

/**
 * The page's query parameters for the filters (`?category=…`, as the server gives them) and the
 * search terms, with some parameters changed (null removes one).
 */
export function searchParams(
	filters: string,
	{ q, near }: SearchTerms,
	changes: Record<string, string | null> = {}
): URLSearchParams {
	const params = new URLSearchParams(filters);
	if (q.trim()) params.set('q', q.trim());
	if (near) params.set('near', near);
	for (const [name, value] of Object.entries(changes)) {
		if (value === null) params.delete(name);
		else params.set(name, value);
	}
	return params;
}

/**
 * `GET /api/v1/search` for a page's search parameters (a query string such as `?q=…`): one
 * page of hits (from the query's own `offset` unless `offset` is given), and with `markers`
 * every match as light map features, from the same query.
 */
export function searchApiUrl(
	query: string,
	{ limit, offset, markers = false }: { limit: number; offset?: number; markers?: boolean }
): string {
	const params = new URLSearchParams(query);
	// The API refuses parameters it does not read: the page's own (view, map…) stay behind.
	for (const name of [...params.keys()])
		if (!(SEARCH_API_PARAMETERS as readonly string[]).includes(name)) params.delete(name);
	params.set('limit', String(limit));
	if (offset) params.set('offset', String(offset));
	else if (offset === 0) params.delete('offset');
	if (markers) params.set('markers', '1');
	return `/api/v1/search${readableQuery(params)}`;
}

/**
 * The map's extent as a `bbox` parameter, rounded outwards to 4 decimals (about 10 m) so that
 * links stay short and nothing on the edge of the view is left out.
 */
export function areaParam([west, south, east, north]: [number, number, number, number]): string {
	const down = (n: number) => Math.floor(n * 1e4) / 1e4;
	const up = (n: number) => Math.ceil(n * 1e4) / 1e4;
	const lon = (n: number) => Math.min(180, Math.max(-180, n));
	const lat = (n: number) => Math.min(90, Math.max(-90, n));
	return [down(lon(west)), down(lat(south)), up(lon(east)), up(lat(north))].join(',');
}

/** A `near` parameter for a position, to about a metre. */
export const nearParam = (lon: number, lat: number): string =>
	`${Number(lon.toFixed(5))},${Number(lat.toFixed(5))}`;

/** The position a `near` value names, as [longitude, latitude]. */
export function pointOf(near: string | null): [number, number] | null {
	const [lon, lat] = near?.split(',').map(Number) ?? [];
	return lon !== undefined && lat !== undefined ? [lon, lat] : null;
}

/** The rectangle a `bbox` value names (`west,south,east,north`), to draw on the map. */
export function areaOutline(bbox: string | null): Polygon | null {
	const [w, s, e, n] = bbox?.split(',').map(Number) ?? [];
	if (w === undefined || s === undefined || e === undefined || n === undefined) return null;
	const ring = [
		[w, s],
		[e, s],
		[e, n],
		[w, n],
		[w, s]
	];
	return { type: 'Polygon', coordinates: [ring] };
}
