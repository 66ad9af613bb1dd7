import { request } from 'node:http';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer } from '../helpers/dev-server';
import { settled } from '../../src/lib/server/auth/after-response';
import * as users from '../../src/lib/server/auth/users';
import type { Sql } from '../../src/lib/server/db';
import { freshDatabase } from '../helpers/database';
import { getPage, postForm } from '../helpers/http';

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

const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
	postForm(base, path, fields, headers);

const get = (path: string, cookie?: string) => getPage(base, path, cookie ? { cookie } : {});

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

/** A form post from a given loopback address (the app reads the client's address from the socket). */
function postFrom(
	localAddress: string,
	path: string,
	fields: Record<string, string>
): Promise<{ status: number; location: string | undefined }> {
	const body = new URLSearchParams(fields).toString();
	return new Promise((resolve, reject) => {
		const req = request(
			base + path,
			{
				method: 'POST',
				localAddress,
				headers: {
					accept: 'text/html',
					'content-type': 'application/x-www-form-urlencoded',
					'content-length': Buffer.byteLength(body),
					origin: base
				}
			},
			(response) => {
				response.resume();
				response.on('end', () =>
					resolve({ status: response.statusCode!, location: response.headers.location })
				);
			}
		);
		req.on('error', reject);
		req.end(body);
	});
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

	it('never redirect elsewhere after signing in, and send a partner without a return path to /espace', async () => {
		const hostile = [
			'//evil.example/',
			'/.//evil.example',
			'/./\\evil.example',
			'/..//evil.example',
			'/a/..//evil.example',
			'/%2e%2e//evil.example',
			'/.\t//evil.example',
			'/.\n/\\evil.example'
		];
		for (const redirectTo of hostile) {
			const response = await post('/compte/connexion', {
				email: 'web@exemple.fr',
				password: PASSWORD,
				redirectTo
			});
			expect(response.status, redirectTo).toBe(303);
			expect(response.headers.get('location'), redirectTo).toBe('/espace');
			const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
			const signedIn = await get(
				`/compte/connexion?redirectTo=${encodeURIComponent(redirectTo)}`,
				cookie
			);
			expect(signedIn.headers.get('location'), redirectTo).toBe('/espace');
		}
		const normalised = await post('/compte/connexion', {
			email: 'web@exemple.fr',
			password: PASSWORD,
			redirectTo: '/a/../espace/./demandes?x=%2F%2F'
		});
		expect(normalised.headers.get('location')).toBe('/espace/demandes?x=%2F%2F');
	});

	it('let the owner sign in from another address while one address guesses their password', async () => {
		await users.create({
			email: 'visee@exemple.fr',
			password: PASSWORD,
			verified: true,
			via: 'command-line'
		});
		for (let i = 0; i < 11; i++)
			expect(
				(
					await postFrom('127.0.0.1', '/compte/connexion', {
						email: 'visee@exemple.fr',
						password: `faux ${i}`
					})
				).status
			).toBe(i < 10 ? 400 : 429);
		const stopped = await postFrom('127.0.0.1', '/compte/connexion', {
			email: 'visee@exemple.fr',
			password: PASSWORD
		});
		expect(stopped.status).toBe(429);
		const owner = await postFrom('127.0.0.2', '/compte/connexion', {
			email: 'visee@exemple.fr',
			password: PASSWORD
		});
		expect(owner.status).toBe(303);
		expect(owner.location).toBe('/espace');
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
		await settled();
	});

	it('refuse a password too easy to guess on sign-up and reset, saying why in French', async () => {
		const before = await sql`select count(*)::int as n from users`;
		for (const password of [
			'q1w2e3r4t5y6',
			'1qazxsw23edc',
			'azertyuiop12',
			'motdepasse123',
			'soleil123456'
		]) {
			for (const email of ['facile@exemple.fr', 'web@exemple.fr']) {
				const response = await post('/compte/inscription', {
					displayName: 'Fanny Facile',
					email,
					password
				});
				expect(response.status, password).toBe(400);
				const html = await response.text();
				expect(html, password).toContain('Ce mot de passe est trop facile à deviner.');
				expect(html, password).not.toContain(password);
			}
		}
		expect(await sql`select count(*)::int as n from users`).toEqual(before);

		await post('/compte/mot-de-passe-oublie', { email: 'web@exemple.fr' });
		// The link is issued after the answer (same answer time for known and unknown addresses).
		await settled();
		const outbox = await (await get('/dev/emails?a=web@exemple.fr')).text();
		const token = outbox.match(/nouveau-mot-de-passe\?jeton=([a-z2-7]+)/)?.[1];
		expect(token).toBeDefined();
		const weak = await post('/compte/nouveau-mot-de-passe', {
			token: token!,
			password: 'motdepasse2024'
		});
		expect(weak.status).toBe(400);
		expect(await weak.text()).toContain('trop facile à deviner');
		// The link still works: the refused password did not use it up.
		const strong = await post('/compte/nouveau-mot-de-passe', {
			token: token!,
			password: PASSWORD
		});
		expect(strong.status).toBe(303);
	});

	it('answer a known and an unknown address identically on every form that sends a link', async () => {
		const comparable = async (response: Response) => ({
			status: response.status,
			location: response.headers.get('location'),
			cookie: response.headers.get('set-cookie'),
			type: response.headers.get('content-type'),
			body: await response.text()
		});
		const forms: [string, (email: string) => Record<string, string>][] = [
			['/compte/mot-de-passe-oublie', (email) => ({ email })],
			['/compte/verification?/renvoyer', (email) => ({ email })],
			[
				'/compte/inscription',
				(email) => ({
					displayName: 'Même Réponse',
					email,
					password: 'une phrase de passe bien à moi'
				})
			]
		];
		for (const [path, fields] of forms) {
			const known = await comparable(await post(path, fields('web@exemple.fr')));
			const unknown = await comparable(
				await post(path, fields(`inconnu-${path.length}@exemple.fr`))
			);
			expect(known.status, path).toBe(303);
			expect(unknown, path).toEqual(known);
		}
		await settled();
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
