import type { Cookies } from '@sveltejs/kit';
import { deleteSessionCookie, readSessionCookie, setSessionCookie } from './cookies';
import * as sessions from './sessions';

/** What the hook puts in `event.locals` (App.Locals is derived from it). */
export type AuthLocals = Awaited<ReturnType<typeof sessions.validate>> & {
	/** The page to come back to after signing in (path and query, without a form action). */
	requestPath: string;
};

/**
 * Reads the session cookie, validates it and fills `locals`; sends the cookie again when the
 * session was extended, and removes it when it no longer matches a session.
 */
export async function authenticate(event: {
	cookies: Cookies;
	url: URL;
	locals: App.Locals;
}): Promise<void> {
	const { cookies, url, locals } = event;
	locals.requestPath = returnPath(url);
	const token = readSessionCookie(cookies, url);
	const { session, user } = await sessions.validate(token);
	locals.session = session;
	locals.user = user;
	if (session?.fresh && token) setSessionCookie(cookies, url, token, session.expiresAt);
	else if (!session && token) deleteSessionCookie(cookies, url);
}

/** The URL's path and query, minus the `?/action` of a form post. */
function returnPath(url: URL): string {
	const params = new URLSearchParams(url.search);
	for (const key of [...params.keys()]) if (key.startsWith('/')) params.delete(key);
	const query = params.toString();
	return url.pathname + (query ? `?${query}` : '');
}
