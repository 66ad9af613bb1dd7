import { dev } from '$app/environment';
import type { Cookies } from '@sveltejs/kit';

/**
 * `__Host-` makes the browser refuse the cookie unless it is Secure, host-only and Path=/,
 * so no subdomain can plant or read it. Plain http (`vite dev`) cannot satisfy it; the built
 * server always asks for it, even behind a proxy that reports http.
 */
function secure(url: URL): boolean {
	return !dev || url.protocol === 'https:';
}

export function sessionCookieName(url: URL): string {
	return secure(url) ? '__Host-session' : 'session';
}

export function readSessionCookie(cookies: Cookies, url: URL): string | undefined {
	return cookies.get(sessionCookieName(url));
}

export function setSessionCookie(cookies: Cookies, url: URL, token: string, expiresAt: Date) {
	cookies.set(sessionCookieName(url), token, {
		path: '/',
		httpOnly: true,
		secure: secure(url),
		sameSite: 'lax',
		expires: expiresAt
	});
}

export function deleteSessionCookie(cookies: Cookies, url: URL) {
	cookies.delete(sessionCookieName(url), {
		path: '/',
		httpOnly: true,
		secure: secure(url),
		sameSite: 'lax'
	});
}
