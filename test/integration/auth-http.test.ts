import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer } from '../helpers/dev-server';
import * as users from '../../src/lib/server/auth/users';
import type { Sql } from '../../src/lib/server/db';
import { freshDatabase } from '../helpers/database';

/**
 * The account pages through real HTTP: the app runs in this process on a Vite dev server,
 * against this file's fresh schema (the app's pool is the one `freshDatabase()` set).
 * SvelteKit checks the origin of form posts only in a production build: the cross-site 403
 * is tested by test/e2e/auth-account.test.ts.
 */
let sql: Sql;
let server: ViteDevServer;
let base: string;
const PASSWORD = 'cheval agrafe batterie correcte';

beforeAll(async () => {
	sql = await freshDatabase();
	({ server, base } = await startDevServer());
	await users.create({
		email: 'web@exemple.fr',
		password: PASSWORD,
		displayName: 'Wendy Web',
		verified: true,
		via: 'command-line'
	});
}, 180_000);

afterAll(async () => {
	await server?.close();
});

function post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
	return fetch(base + path, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			// A browser without JavaScript: HTML answers and 303 redirects, not JSON action results.
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded',
			origin: base,
			...headers
		},
		body: new URLSearchParams(fields)
	});
}

const get = (path: string, cookie?: string) =>
	fetch(base + path, { redirect: 'manual', headers: cookie ? { cookie } : {} });

async function signIn(redirectTo = '/compte'): Promise<string> {
	const response = await post('/compte/connexion', {
		email: 'web@exemple.fr',
		password: PASSWORD,
		redirectTo
	});
	expect(response.status).toBe(303);
	const cookie = response.headers.get('set-cookie')!;
	return cookie.split(';')[0]!;
}

describe('account pages over HTTP', () => {
	it('send an anonymous visitor of /compte to the sign-in page, and back after signing in', async () => {
		const anonymous = await get('/compte');
		expect(anonymous.status).toBe(303);
		expect(anonymous.headers.get('location')).toBe('/compte/connexion?redirectTo=%2Fcompte');

		const response = await post('/compte/connexion', {
			email: 'web@exemple.fr',
			password: PASSWORD,
			redirectTo: '/compte'
		});
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/compte');
		const cookie = response.headers.get('set-cookie')!;
		expect(cookie).toMatch(/^session=[a-z2-7]{32}\.[a-z2-7]{32}; /);
		expect(cookie).toMatch(/; HttpOnly/i);
		expect(cookie).toMatch(/; SameSite=Lax/i);
		expect(cookie).toMatch(/; Path=\//i);
		expect(cookie).toMatch(/; Expires=/i);

		const page = await get('/compte', cookie.split(';')[0]);
		expect(page.status).toBe(200);
		expect(page.headers.get('cache-control')).toBe('private, no-store');
		const html = await page.text();
		expect(html).toContain('web@exemple.fr');
		expect(html).toContain('Wendy Web');
	});

	it('never redirect elsewhere after signing in', async () => {
		const response = await post('/compte/connexion', {
			email: 'web@exemple.fr',
			password: PASSWORD,
			redirectTo: '//evil.example/'
		});
		// The default landing page instead: the partner space.
		expect(response.headers.get('location')).toBe('/espace');
	});

	it('answer a wrong password in French, refill the address and never echo the password', async () => {
		const response = await post('/compte/connexion', {
			email: 'web@exemple.fr',
			password: 'mauvais-mot-de-passe-<b>'
		});
		expect(response.status).toBe(400);
		const html = await response.text();
		expect(html).toContain('Adresse électronique ou mot de passe incorrect.');
		expect(html).toContain('value="web@exemple.fr"');
		expect(html).not.toContain('mauvais-mot-de-passe');
	});

	it('sign up with a French message per field, then the same answer for new and taken addresses', async () => {
		const invalid = await post('/compte/inscription', {
			displayName: '',
			email: 'pas-une-adresse',
			password: 'court'
		});
		expect(invalid.status).toBe(400);
		const html = await invalid.text();
		expect(html).toContain('Indiquez votre prénom et votre nom.');
		expect(html).toContain('Saisissez une adresse électronique valide');
		expect(html).toContain('au moins 12 caractères');
		expect(html).toContain('fr-message--error');

		const fresh = await post('/compte/inscription', {
			displayName: 'Nouvelle Personne',
			email: 'nouvelle-web@exemple.fr',
			password: PASSWORD
		});
		const taken = await post('/compte/inscription', {
			displayName: 'Intrus',
			email: 'web@exemple.fr',
			password: PASSWORD
		});
		expect(fresh.status).toBe(303);
		expect(taken.status).toBe(303);
		expect(taken.headers.get('location')).toBe(fresh.headers.get('location'));
	});

	it('verify an address through the emailed link: opening it shows a button, the POST uses it', async () => {
		const outbox = await (await get('/dev/emails?a=nouvelle-web@exemple.fr')).text();
		const link = outbox.match(
			/href="(http:\/\/127\.0\.0\.1:\d+\/compte\/verification\?jeton=[a-z2-7]+)"/
		)?.[1];
		expect(link).toBeDefined();
		const token = new URL(link!).searchParams.get('jeton')!;

		const opened = await get(`/compte/verification?jeton=${token}`);
		expect(await opened.text()).toContain('Confirmer mon adresse');
		expect((await users.byEmail('nouvelle-web@exemple.fr'))!.emailVerifiedAt).toBeNull();

		const confirmed = await post('/compte/verification?/confirmer', { token });
		expect(confirmed.status).toBe(303);
		expect(confirmed.headers.get('location')).toBe('/compte/connexion?info=verifie');
		expect((await users.byEmail('nouvelle-web@exemple.fr'))!.emailVerifiedAt).toBeInstanceOf(Date);
		expect((await post('/compte/verification?/confirmer', { token })).status).toBe(400);
	});

	it('forget a session that no longer exists, and sign out with a POST', async () => {
		const forged = await get(
			'/compte',
			'session=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'
		);
		expect(forged.status).toBe(303);
		expect(forged.headers.get('set-cookie')).toMatch(/^session=; /);

		const cookie = await signIn();
		const id = cookie.split('=')[1]!.split('.')[0]!;
		expect(await sql`select 1 from sessions where id = ${id}`).toHaveLength(1);
		const out = await post('/compte/deconnexion', {}, { cookie });
		expect(out.status).toBe(303);
		expect(out.headers.get('set-cookie')).toMatch(/^session=; /);
		expect(await sql`select 1 from sessions where id = ${id}`).toHaveLength(0);
		expect((await get('/compte', cookie)).status).toBe(303);
	});

	it('replace the session on each sign-in', async () => {
		const first = await signIn();
		const again = await post(
			'/compte/connexion',
			{ email: 'web@exemple.fr', password: PASSWORD },
			{ cookie: first }
		);
		expect(again.status).toBe(303);
		const second = again.headers.get('set-cookie')!.split(';')[0]!;
		expect(second).not.toBe(first);
		expect((await get('/compte', first)).status).toBe(303);
		expect((await get('/compte', second)).status).toBe(200);
	});

	it('give the layout the signed-in user, and nothing to anonymous visitors', async () => {
		const cookie = await signIn();
		const signedIn = await (await get('/compte/__data.json', cookie)).text();
		expect(signedIn).toContain('web@exemple.fr');
		const anonymous = await (await get('/compte/connexion/__data.json')).text();
		expect(anonymous).not.toContain('web@exemple.fr');
	});
});
