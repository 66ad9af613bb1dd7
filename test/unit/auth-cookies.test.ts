import type { Cookies } from '@sveltejs/kit';
import { beforeEach, describe, expect, it, vi } from 'vitest';

type Options = Parameters<Cookies['set']>[2];

function recordingCookies() {
	const set: { name: string; value: string; options: Options }[] = [];
	const cookies = {
		set: (name: string, value: string, options: Options) => set.push({ name, value, options }),
		delete: (name: string, options: Options) => set.push({ name, value: '', options })
	} as unknown as Cookies;
	return { cookies, set };
}

async function cookiesModule(production: boolean) {
	vi.resetModules();
	vi.doMock('$app/environment', () => ({ dev: !production, browser: false, building: false }));
	return import('../../src/lib/server/auth/cookies');
}

describe('session cookie', () => {
	beforeEach(() => vi.resetModules());

	it('is `__Host-session`, Secure, HttpOnly, SameSite=Lax, Path=/ in production', async () => {
		const { setSessionCookie, sessionCookieName } = await cookiesModule(true);
		const url = new URL('https://cartonum.example/compte/connexion');
		const { cookies, set } = recordingCookies();
		const expires = new Date(Date.now() + 1000);
		setSessionCookie(cookies, url, 'id.secret', expires);
		expect(set).toEqual([
			{
				name: '__Host-session',
				value: 'id.secret',
				options: { path: '/', httpOnly: true, secure: true, sameSite: 'lax', expires }
			}
		]);
		// Even behind a proxy that reports http, production cookies stay Secure.
		expect(sessionCookieName(new URL('http://cartonum.example/'))).toBe('__Host-session');
	});

	it('is a plain `session` cookie over http in development, still HttpOnly and Lax', async () => {
		const { setSessionCookie, deleteSessionCookie } = await cookiesModule(false);
		const url = new URL('http://localhost:5173/compte/connexion');
		const { cookies, set } = recordingCookies();
		setSessionCookie(cookies, url, 'id.secret', new Date());
		deleteSessionCookie(cookies, url);
		expect(
			set.map((s) => [s.name, s.options?.secure, s.options?.httpOnly, s.options?.sameSite])
		).toEqual([
			['session', false, true, 'lax'],
			['session', false, true, 'lax']
		]);
		expect((await cookiesModule(false)).sessionCookieName(new URL('https://x.example/'))).toBe(
			'__Host-session'
		);
	});
});
