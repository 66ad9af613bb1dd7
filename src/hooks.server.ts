import type { Handle, HandleServerError } from '@sveltejs/kit';
import { authenticate } from '$lib/server/auth/handle';
import { compress } from '$lib/server/compression';
import { ready } from '$lib/server/bootstrap';
import { refuseControlCharacters } from '$lib/server/input/control-characters';
import { log } from '$lib/server/log';
import { securityHeaders } from '$lib/server/security-headers';

export const init = async () => {
	await ready();
};

export const handle: Handle = async ({ event, resolve }) => {
	const started = Date.now();
	const refused = refuseControlCharacters(event.url);
	if (refused) return refused;
	await ready();
	await authenticate(event);
	const response = await compress(event.request, await resolve(event));
	for (const [name, value] of Object.entries(securityHeaders(event.url))) {
		if (!response.headers.has(name)) response.headers.set(name, value);
	}
	if (!event.url.pathname.startsWith('/tiles/')) {
		log.info('http', {
			method: event.request.method,
			path: event.url.pathname,
			status: response.status,
			ms: Date.now() - started
		});
	}
	return response;
};

export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status !== 404)
		log.error('http.error', { path: event.url.pathname, status, error: String(error) });
	return {
		message:
			status === 404 ? 'Page introuvable' : 'Une erreur est survenue. Réessayez dans un instant.'
	};
};
