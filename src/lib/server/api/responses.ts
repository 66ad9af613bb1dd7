/**
 * Responses of the public read API: JSON open to every origin (read-only, no credentials),
 * cacheable for a short while, errors as `{ error: { message, parameter? } }` in French.
 */

/** How long clients and proxies may reuse an answer, in seconds. */
export const MAX_AGE = {
	/** Structures change with moderation: a minute. */
	structures: 60,
	/** Programmes and territories change only with an import: an hour. */
	reference: 3600
} as const;

interface Options {
	status?: number;
	maxAge?: number;
	contentType?: string;
	headers?: Record<string, string>;
}

export function json(body: unknown, options: Options = {}): Response {
	return serialized(JSON.stringify(body), options);
}

export function geojson(body: unknown, options: Omit<Options, 'contentType'> = {}): Response {
	return json(body, { ...options, contentType: GEOJSON });
}

/** GeoJSON already serialised (by PostgreSQL), passed on as is. */
export function geojsonText(text: string, options: Omit<Options, 'contentType'> = {}): Response {
	return serialized(text, { ...options, contentType: GEOJSON });
}

const GEOJSON = 'application/geo+json; charset=utf-8';

function serialized(text: string, options: Options): Response {
	const headers = new Headers(options.headers);
	headers.set('Content-Type', options.contentType ?? 'application/json; charset=utf-8');
	headers.set('Access-Control-Allow-Origin', '*');
	headers.set('Cache-Control', options.maxAge ? `public, max-age=${options.maxAge}` : 'no-store');
	return new Response(text, { status: options.status ?? 200, headers });
}

/** 400: a parameter was refused; the message names it. */
export function badRequest(error: { message: string; parameter: string }): Response {
	return json({ error: { message: error.message, parameter: error.parameter } }, { status: 400 });
}

export function notFound(message: string): Response {
	return json({ error: { message } }, { status: 404 });
}

/** Whether the client asked for GeoJSON rather than plain JSON. */
export function wantsGeoJson(request: Request): boolean {
	return (request.headers.get('accept') ?? '').toLowerCase().includes('application/geo+json');
}
