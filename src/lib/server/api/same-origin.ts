import { config } from '../config';
import { problem } from './responses';

/**
 * SvelteKit checks the origin of form posts only. An endpoint that answers a cookie with
 * personal data, or changes state, calls this first: a cross-site page must not make a
 * signed-in browser post to it. The browser's `Origin` must be this site's (the request's own
 * or the configured `ORIGIN`), and `Sec-Fetch-Site`, when sent, `same-origin` or `none` (typed
 * in the address bar). Clients that send neither header (scripts) may go on.
 * Returns the French 403 to send back, or null when the request may go on.
 */
export function refuseCrossSite(request: Request, url: URL): Response | null {
	const origin = request.headers.get('origin');
	const site = request.headers.get('sec-fetch-site');
	const allowed = [url.origin, config.origin].filter(Boolean);
	if ((origin && !allowed.includes(origin)) || (site && site !== 'same-origin' && site !== 'none'))
		return problem(403, 'Requête refusée : elle ne vient pas de Cartonum.');
	return null;
}
