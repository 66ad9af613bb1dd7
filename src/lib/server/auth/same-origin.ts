/**
 * SvelteKit checks the origin of form posts only. JSON endpoints that change state call this
 * first: the body must be JSON (a cross-site form cannot send that without a CORS preflight,
 * which this app never grants) and the browser must say the request comes from this site.
 * Returns a French `{ error: { message } }` response to send back, or null when the request may go on.
 */
export function refuseCrossSiteJson(request: Request, url: URL): Response | null {
	const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
	if (type !== 'application/json')
		return refusal(
			415,
			'Le corps de la requête doit être du JSON (Content-Type: application/json).'
		);
	const site = request.headers.get('sec-fetch-site');
	const origin = request.headers.get('origin');
	if ((site && site !== 'same-origin') || (origin && origin !== url.origin))
		return refusal(403, 'Requête refusée : elle ne vient pas de Cartonum.');
	return null;
}

function refusal(status: number, message: string): Response {
	return new Response(JSON.stringify({ error: { message } }), {
		status,
		headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }
	});
}
