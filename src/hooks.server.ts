import { dev } from '$app/environment';
import type { Handle, HandleServerError } from '@sveltejs/kit';
import { authenticate } from '$lib/server/auth/handle';
import { bodyLimit, readWithin, tooLarge } from '$lib/server/body-limit';
import { compress } from '$lib/server/compression';
import { ready } from '$lib/server/bootstrap';
import { config, proxyWarning } from '$lib/server/config';
import * as db from '$lib/server/db';
import { readOnlyRefusal, readsFromReplica } from '$lib/server/db/routing';
import { refuseControlCharacters } from '$lib/server/input/control-characters';
import { log } from '$lib/server/log';
import { isDevelopmentPath, secureHeaders } from '$lib/server/security-headers';

export const init = async () => {
	const warning = proxyWarning(config);
	if (warning) log.warn('config.proxy', { warning });
	await ready();
};

export const handle: Handle = async ({ event, resolve }) => {
	const started = Date.now();
	const limit = bodyLimit(event.url.pathname);
	const request = await readWithin(event.request, limit);
	let response: Response;
	const refused = refuseControlCharacters(event.url) ?? readOnlyRefusal(event.request.method);
	if (refused) {
		response = refused;
	} else if (!dev && isDevelopmentPath(event.url.pathname)) {
		// Development pages (the local outbox…) do not exist in the build, whatever they check.
		response = new Response('Page introuvable', {
			status: 404,
			headers: { 'content-type': 'text/plain; charset=utf-8' }
		});
	} else if (request) {
		event.request = request;
		await ready();
		await authenticate(event);
		const resolved = readsFromReplica(event.request.method, event.url.pathname)
			? db.reading(() => resolve(event))
			: resolve(event);
		response = await compress(event.request, await resolved);
	} else {
		response = tooLarge(event.url.pathname, limit);
	}
	secureHeaders(response.headers, event.url, {
		signedIn: !!event.locals.user,
		basemapStyleUrl: config.basemapStyleUrl
	});
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
