import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { baseUrl } from './browser';
import { apiJson, type StructurePage } from './fixtures/api';
import { createUser } from './fixtures/users';

/**
 * What the production build (`npm run build && npm start`, nothing else set) answers to an
 * attacker on the network: no development page, strict headers on pages and files, nothing
 * personal left in caches, and request bodies bounded while they are read.
 */

const stamp = Date.now();
const staff = {
	email: `securite-${stamp}@exemple.fr`,
	password: 'une phrase de passe de sécurité'
};
let cookie = '';

beforeAll(async () => {
	createUser(staff, 'moderator');
	const signedIn = await fetch(`${baseUrl}/compte/connexion`, {
		method: 'POST',
		redirect: 'manual',
		// A browser without JavaScript: a 303 and the cookie, not a JSON action result.
		headers: {
			origin: baseUrl,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({ email: staff.email, password: staff.password })
	});
	expect(signedIn.status).toBe(303);
	const session = signedIn.headers.getSetCookie().find((c) => /^(__Host-)?session=/.test(c));
	// The build is production: the session cookie is `__Host-` and Secure, even on http.
	expect(session).toMatch(/^__Host-session=[^;]+;.*Secure/i);
	cookie = session!.split(';')[0]!;
});

/** Every page and endpoint under src/routes/dev, with a sample value for any [parameter]. */
function developmentPaths(): string[] {
	const root = join('src', 'routes');
	const paths: string[] = [];
	const walk = (dir: string) => {
		const entries = readdirSync(dir, { withFileTypes: true });
		const route =
			'/' +
			relative(root, dir)
				.split('/')
				.join('/')
				.replace(/\[[^\]]+\]/g, 'x');
		if (entries.some((e) => /^\+page\./.test(e.name))) paths.push(route, `${route}/__data.json`);
		if (entries.some((e) => /^\+server\./.test(e.name))) paths.push(route);
		for (const entry of entries) if (entry.isDirectory()) walk(join(dir, entry.name));
	};
	walk(join(root, 'dev'));
	return paths;
}

describe('the production build', () => {
	it('answers 404 on every development route, signed in or not', async () => {
		const paths = developmentPaths();
		expect(paths).toContain('/dev/emails');
		for (const path of paths)
			for (const headers of [{}, { cookie }] as Record<string, string>[]) {
				const response = await fetch(`${baseUrl}${path}?a=${encodeURIComponent(staff.email)}`, {
					headers
				});
				expect(response.status, path).toBe(404);
				expect(await response.text(), path).not.toContain(staff.email);
			}
	});

	it('sends a page with a nonce-based policy, no inline script allowed, and utf-8', async () => {
		const response = await fetch(`${baseUrl}/`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
		const policy = directives(response.headers.get('content-security-policy'));
		const nonce = policy['script-src']!.find((source) => source.startsWith("'nonce-"));
		expect(nonce).toBeDefined();
		expect(policy['script-src']).not.toContain("'unsafe-inline'");
		expect(policy['script-src']).not.toContain("'unsafe-eval'");
		expect(policy['object-src']).toEqual(["'none'"]);
		expect(policy['base-uri']).toEqual(["'none'"]);
		expect(policy['frame-ancestors']).toEqual(["'none'"]);
		expect(policy['worker-src']).toContain('blob:');
		// SvelteKit's start-up script carries the header's nonce; no other inline script exists.
		const html = await response.text();
		const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => m[1]!);
		expect(inline.length).toBeGreaterThan(0);
		for (const attributes of inline) expect(attributes).toContain(`nonce="${nonce!.slice(7, -1)}"`);
		expect(response.headers.get('x-content-type-options')).toBe('nosniff');
		expect(response.headers.get('x-frame-options')).toBe('DENY');
	});

	it('sends nosniff with the files under /_app/ too', async () => {
		const page = await fetch(`${baseUrl}/`);
		const text = `${page.headers.get('link')} ${await page.text()}`;
		const files = [
			...new Set([...text.matchAll(/\.?(\/_app\/[\w./-]+\.(?:js|css))/g)].map((m) => m[1]!))
		];
		expect(files.some((f) => f.endsWith('.js'))).toBe(true);
		expect(files.some((f) => f.endsWith('.css'))).toBe(true);
		for (const file of [...files.slice(0, 5), '/_app/version.json']) {
			const response = await fetch(`${baseUrl}${file}`);
			expect(response.status, file).toBe(200);
			expect(response.headers.get('x-content-type-options'), file).toBe('nosniff');
		}
	});

	it('keeps every answer for a signed-in staff member out of caches', async () => {
		const [structure] = (await apiJson<StructurePage>('/api/v1/structures?limit=1')).items;
		const paths = [
			'/contacts',
			'/contacts/__data.json',
			'/contacts/ici',
			'/contacts/couverture',
			'/moderation',
			'/admin',
			'/compte',
			'/espace',
			`/structures/${structure!.slug}`,
			`/structures/${structure!.slug}/__data.json`,
			'/api/v1/contacts?territory=dep:25',
			'/api/v1/contacts/export?territory=dep:25&format=csv'
		];
		for (const path of paths) {
			const response = await fetch(`${baseUrl}${path}`, {
				headers: { cookie },
				redirect: 'manual'
			});
			expect(response.status, path).toBeLessThan(500);
			expect(response.headers.get('cache-control'), path).toMatch(/no-store/);
			await response.arrayBuffer();
		}
		// Without a session, the staff paths are still never stored (their 401 and redirects).
		for (const path of ['/contacts', '/api/v1/contacts?territory=dep:25']) {
			const response = await fetch(`${baseUrl}${path}`, { redirect: 'manual' });
			expect(response.headers.get('cache-control'), path).toMatch(/no-store/);
		}
		// A public page seen anonymously stays cacheable.
		const publicPage = await fetch(`${baseUrl}/structures/${structure!.slug}`);
		expect(publicPage.headers.get('cache-control') ?? '').not.toMatch(/no-store/);
	});

	it('refuses a chunked form body over 100 KB while reading it, and serves a small one', async () => {
		const big = await postChunked('/compte/connexion', 300_000);
		expect(big.status).toBe(413);
		expect(await big.text()).toContain('trop volumineux');
		const small = await postChunked('/compte/connexion', 2_000);
		expect(small.status).toBe(400);
		expect(await small.text()).toContain('Adresse électronique ou mot de passe incorrect.');
	});

	it('refuses a chunked polygon over 400 KB on the contacts API (413, JSON)', async () => {
		const big = await postChunked('/api/v1/contacts', 500_000, 'application/json');
		expect(big.status).toBe(413);
		expect((await big.json()) as unknown).toMatchObject({
			error: { message: expect.stringContaining('trop volumineux') }
		});
	});
});

function directives(policy: string | null): Record<string, string[]> {
	expect(policy).toBeTruthy();
	return Object.fromEntries(
		policy!
			.split(';')
			.map((part) => part.trim().split(/\s+/))
			.filter((words) => words[0])
			.map(([name, ...sources]) => [name!, sources])
	);
}

/** A body sent in chunks, without Content-Length, as a script (not a browser) can. */
function postChunked(path: string, bytes: number, type = 'application/x-www-form-urlencoded') {
	const body =
		type === 'application/json'
			? JSON.stringify({ type: 'Polygon', coordinates: [[[5, 47]]], padding: 'x'.repeat(bytes) })
			: new URLSearchParams({ email: `inconnu-${stamp}@exemple.fr`, note: 'n'.repeat(bytes) })
					.toString()
					.concat('&password=pas+le+bon+mot+de+passe');
	const encoded = new TextEncoder().encode(body);
	const stream = new ReadableStream<Uint8Array>({
		start(controller) {
			for (let i = 0; i < encoded.length; i += 16_384)
				controller.enqueue(encoded.subarray(i, i + 16_384));
			controller.close();
		}
	});
	return fetch(`${baseUrl}${path}`, {
		method: 'POST',
		headers: { origin: baseUrl, accept: 'text/html', 'content-type': type },
		body: stream,
		// @ts-expect-error Node's fetch needs it to stream a request body
		duplex: 'half'
	});
}
