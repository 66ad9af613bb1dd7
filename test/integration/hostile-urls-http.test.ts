import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../src/lib/domain/structure-filters';
import * as sessions from '../../src/lib/server/auth/sessions';
import { startDevServer } from '../helpers/dev-server';
import { makeUser, registrationDatabase } from './revisions-fixtures';
import { PLACES, insertStructure } from './structures-fixtures';

/**
 * Every route of the app (walked from src/routes, so a new route is covered without editing
 * this file) with a NUL byte or another control character in each path segment and in each
 * query parameter the code reads (collected from the sources): a French 400, never a 500.
 * Very long query strings never give a 500 either. Requests are made as an administrator, so
 * that staff pages are reached too.
 */
let server: ViteDevServer;
let base: string;
let cookie: string;

beforeAll(async () => {
	const sql = await registrationDatabase();
	for (const place of PLACES.slice(0, 3)) await insertStructure(sql, place);
	({ server, base } = await startDevServer());
	const admin = await makeUser(sql, 'admin', 'Ada Admin');
	cookie = `session=${(await sessions.create(admin.id)).token}`;
}, 180_000);

afterAll(async () => {
	await server?.close();
});

const ROUTES = 'src/routes';

/** Route templates such as `/structures/[slug]` or `/tiles/[tileset]/[z]/[x]/[y].mvt`. */
function routeTemplates(): string[] {
	const files = readdirSync(ROUTES, { recursive: true, encoding: 'utf8' });
	const dirs = new Set(
		files
			.filter((file) => /(^|[/\\])\+(page\.svelte|server\.ts)$/.test(file))
			.map((file) => relative(ROUTES, join(ROUTES, file, '..')))
	);
	return [...dirs]
		.map(
			(dir) =>
				'/' +
				dir
					.split(sep)
					.filter((segment) => segment && !/^\(.*\)$/.test(segment))
					.join('/')
		)
		.sort();
}

/** Every name the sources read from a URL or a form with `.get('…')`, `.getAll('…')`, `.has('…')`. */
function parameterNames(): string[] {
	const names = new Set(['identifier', 'bbox', 'offset', 'limit', 'light', 'near', 'sort']);
	for (const file of readdirSync('src', { recursive: true, encoding: 'utf8' })) {
		if (!/\.(ts|svelte)$/.test(file)) continue;
		const text = readFileSync(join('src', file), 'utf8');
		for (const match of text.matchAll(/\.(?:get|getAll|has)\(\s*'([a-z][A-Za-z0-9_-]*)'/g))
			names.add(match[1]!);
		for (const match of text.matchAll(/\(\s*[\w.]*searchParams,\s*'([a-z][A-Za-z0-9_-]*)'/g))
			names.add(match[1]!);
	}
	return [...names].sort();
}

const PARAM = /\[\[?(?:\.\.\.)?[^\]]+\]\]?/g;

/** The template's path with every parameter filled with `value`, or only the `index`-th one. */
function fill(template: string, value: string, index = -1): string {
	let i = 0;
	return template.replace(PARAM, () => (i++ === index || index < 0 ? value : 'x'));
}

async function statusOf(path: string): Promise<{ path: string; status: number; body: string }> {
	const response = await fetch(base + path, { redirect: 'manual', headers: { cookie } });
	return { path, status: response.status, body: await response.text() };
}

/** Runs the requests a few at a time (the dev server and the database are shared). */
async function all(paths: string[]) {
	const results: Awaited<ReturnType<typeof statusOf>>[] = [];
	for (let i = 0; i < paths.length; i += 8)
		results.push(...(await Promise.all(paths.slice(i, i + 8).map(statusOf))));
	return results;
}

const FRENCH = /caractère de contrôle|mal encodée/;

describe('control characters in URLs', () => {
	it('finds the routes and the parameters to try', () => {
		const routes = routeTemplates();
		expect(routes).toContain('/api/v1/structures/[id]');
		expect(routes).toContain('/structures/[slug]');
		expect(routes).toContain('/contacts/ici');
		expect(routes.length).toBeGreaterThan(40);
		const names = parameterNames();
		for (const name of ['q', 'cursor', 'lieu', 'identifier', 'territory', 'redirectTo'])
			expect(names).toContain(name);
	});

	it('answers a French 400 to a NUL byte in any path segment', async () => {
		const paths: string[] = [];
		for (const template of routeTemplates()) {
			const segments = fill(template, 'x').split('/');
			const params = template.match(PARAM)?.length ?? 0;
			for (let i = 0; i < params; i++) paths.push(fill(template, '%00', i));
			for (let i = 1; i < segments.length; i++)
				if (segments[i]) paths.push(segments.map((s, j) => (j === i ? `${s}%00` : s)).join('/'));
			paths.push(`${fill(template, 'x')}/%00`);
		}
		const wrong = (await all(paths)).filter((r) => r.status !== 400 || !FRENCH.test(r.body));
		expect(wrong.map((r) => `${r.status} ${r.path}`)).toEqual([]);
		expect(paths.length).toBeGreaterThan(100);
	}, 120_000);

	it('answers a French 400 to a control character in any query parameter, name or value', async () => {
		const paths: string[] = [];
		for (const template of routeTemplates()) {
			const path = fill(template, 'x');
			for (const name of parameterNames()) paths.push(`${path}?${name}=%00`);
			paths.push(`${path}?q=ab%00cd`, `${path}?identifier=uai:%00`, `${path}?%00=1`);
			paths.push(`${path}?q=%1B%5B31m`, `${path}?lieu=%07`);
		}
		const wrong = (await all(paths)).filter((r) => r.status !== 400 || !FRENCH.test(r.body));
		expect(wrong.map((r) => `${r.status} ${r.path}`)).toEqual([]);
	}, 300_000);

	it('names the parameter in the API’s JSON error', async () => {
		const response = await fetch(`${base}/api/v1/structures?identifier=uai:%00`);
		expect(response.status).toBe(400);
		expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
		const body = (await response.json()) as { error: { message: string; parameter: string } };
		expect(body.error.parameter).toBe('identifier');
		expect(body.error.message).toContain('« identifier »');
	});

	it('refuses a cursor that decodes to a NUL byte with the cursor’s French message', async () => {
		const cursor = encodeCursor({
			key: '010a\u0000b\u0001c',
			id: '00000000-0000-4000-8000-000000000000'
		});
		const { status, body } = await statusOf(`/api/v1/structures?cursor=${cursor}`);
		expect(status).toBe(400);
		expect(body).toContain('Paramètre « cursor » invalide');
	});

	it('refuses a forged session cookie holding a NUL byte as no session at all', async () => {
		const response = await fetch(`${base}/compte`, {
			redirect: 'manual',
			headers: { cookie: 'session=%00.%00' }
		});
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toMatch(/^\/compte\/connexion/);
	});

	it('never answers a 500 to very long query strings', async () => {
		const paths: string[] = [];
		const names = parameterNames();
		for (const template of routeTemplates()) {
			const path = fill(template, 'x');
			paths.push(`${path}?q=${'a'.repeat(6000)}`);
			paths.push(`${path}?q=${'mot '.repeat(1500)}`);
			paths.push(`${path}?${names.map((n) => `${n}=${'é'.repeat(40)}`).join('&')}`);
			paths.push(`${path}?q=${'b'.repeat(40_000)}`);
		}
		const failed = (await all(paths)).filter((r) => r.status >= 500);
		expect(failed.map((r) => `${r.status} ${r.path.slice(0, 80)}`)).toEqual([]);
	}, 300_000);
});
