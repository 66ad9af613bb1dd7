/**
 * The map's view in the URL: `map=<zoom>/<latitude>/<longitude>`, as OpenStreetMap writes it.
 */
export interface MapView {
	zoom: number;
	lat: number;
	lon: number;
}

export const MAX_ZOOM = 19;
const MAX_LATITUDE = 85.0511;

/** The view a `map` parameter names, or null when it is absent or not a view. */
export function parseMapView(text: string | null | undefined): MapView | null {
	if (!text) return null;
	const parts = text.split('/');
	if (parts.length !== 3) return null;
	if (!parts.every((p) => /^-?\d+(\.\d+)?$/.test(p.trim()))) return null;
	const [zoom, lat, lon] = parts.map(Number) as [number, number, number];
	if (zoom < 0 || zoom > MAX_ZOOM) return null;
	if (Math.abs(lat) > MAX_LATITUDE || Math.abs(lon) > 180) return null;
	return { zoom, lat, lon };
}

/**
 * Writes a view with as many decimals as the zoom can tell apart (about a tenth of a pixel),
 * so that links stay short and a view survives a round trip.
 */
export function formatMapView({ zoom, lat, lon }: MapView): string {
	const z = Math.round(Math.min(Math.max(zoom, 0), MAX_ZOOM) * 100) / 100;
	const decimals = Math.min(6, Math.max(2, Math.ceil(z * Math.log10(2) + 2)));
	const fixed = (n: number) => String(Number(n.toFixed(decimals)));
	return `${z}/${fixed(lat)}/${fixed(wrapLongitude(lon))}`;
}

function wrapLongitude(lon: number): number {
	return ((((lon + 180) % 360) + 360) % 360) - 180;
}

/**
 * A query string that keeps `/` and `,` readable: both are allowed in a query, and links
 * such as `?category=ecole,college&map=9/47.3/5.04` are easier to read and share.
 */
export function readableQuery(params: URLSearchParams): string {
	const text = params.toString().replace(/%2F/gi, '/').replace(/%2C/gi, ',').replace(/%3A/gi, ':');
	return text ? `?${text}` : '';
}
