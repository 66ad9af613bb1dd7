/** A placeholder origin: only paths that stay on it are paths of this site. */
const HERE = 'http://cartonum.invalid';

/**
 * The path and query to come back to after signing in, normalised, or null when `value` could
 * lead anywhere else (no open redirect). The raw input is never returned: `/.//evil.example`,
 * `/a/..//evil.example` or `/./\evil.example` resolve to `//evil.example`, which a browser reads
 * as another host, so the normalised path must itself resolve to the same place on this origin.
 * Tabs and newlines are dropped and `\` read as `/` by the URL parser, as browsers do.
 */
export function returnPath(value: string | null | undefined): string | null {
	if (typeof value !== 'string' || !value.startsWith('/')) return null;
	const path = normalised(value);
	if (path === null || !path.startsWith('/') || path.startsWith('//')) return null;
	return normalised(path) === path ? path : null;
}

function normalised(value: string): string | null {
	try {
		const url = new URL(value, HERE);
		return url.origin === HERE ? url.pathname + url.search : null;
	} catch {
		return null;
	}
}

/** `returnPath`, or `fallback` when the value is missing or could lead elsewhere. */
export function safeReturnPath(value: string | null | undefined, fallback = '/compte'): string {
	return returnPath(value) ?? fallback;
}
