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

export interface ProblemOptions {
	/** The query parameter or field at fault, for clients that point at it. */
	parameter?: string;
	headers?: Record<string, string>;
	/** Open to every origin, as the public read API (never for answers tied to a session). */
	public?: boolean;
}

/**
 * The one JSON error of every endpoint: `{ error: { message, parameter? } }`, the message in
 * French, never cached.
 */
export function problem(status: number, message: string, options: ProblemOptions = {}): Response {
	const error = options.parameter ? { message, parameter: options.parameter } : { message };
	const headers = new Headers(options.headers);
	headers.set('Content-Type', 'application/json; charset=utf-8');
	headers.set('Cache-Control', 'no-store');
	if (options.public) headers.set('Access-Control-Allow-Origin', '*');
	return new Response(JSON.stringify({ error }), { status, headers });
}

/** 400 of the public API: a parameter was refused; the message names it. */
export function badRequest(error: { message: string; parameter?: string }): Response {
	return problem(400, error.message, { parameter: error.parameter, public: true });
}

/** 404 of the public API. */
export function notFound(message: string): Response {
	return problem(404, message, { public: true });
}

/** 429 of the public API, with the wait in `Retry-After`. */
export function tooManyRequests(message: string, retryAfterSeconds: number): Response {
	return problem(429, message, {
		public: true,
		headers: { 'Retry-After': String(retryAfterSeconds) }
	});
}

/** Whether the client asked for GeoJSON rather than plain JSON. */
export function wantsGeoJson(request: Request): boolean {
	return (request.headers.get('accept') ?? '').toLowerCase().includes('application/geo+json');
}
