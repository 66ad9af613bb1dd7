import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { compileErrors, dereference, validate } from '@readme/openapi-parser';
import Ajv2020 from 'ajv/dist/2020';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument, operationsOf } from '../../src/lib/server/api/contract';
import { exampleText } from '../../src/lib/server/api/contract/summary';
import * as sessions from '../../src/lib/server/auth/sessions';
import { importAll } from '../../src/lib/server/import';
import * as search from '../../src/lib/server/search';
import { ensureIndex } from '../../src/lib/server/search/index-admin';
import { startDevServer } from '../helpers/dev-server';
import { freshDatabase } from '../helpers/database';
import { startMeilisearch, type TestMeilisearch } from '../helpers/meilisearch';

/**
 * The API's contract: the OpenAPI document is valid, and every example it documents, called
 * against the app over the real regional data, answers with a documented status, content type
 * and a body that the documented schema accepts.
 */
let server: ViteDevServer;
let base: string;
let meili: TestMeilisearch;
let meiliTarget: search.MeiliTarget;
/** A moderator's session: the staff-only routes read their parameters behind it. */
let staffCookie: string;

interface Schema {
	[key: string]: unknown;
}
interface MediaType {
	schema?: Schema;
}
interface Operation {
	security?: unknown[];
	parameters?: {
		name: string;
		in: string;
		required?: boolean;
		example?: unknown;
		schema?: Schema & { example?: unknown };
	}[];
	responses: Record<string, { content?: Record<string, MediaType> }>;
}

beforeAll(async () => {
	const sql = await freshDatabase();
	await importAll(sql);
	// Both engines answer the search: Meilisearch over the same data, then Postgres alone.
	meili = await startMeilisearch();
	meiliTarget = { url: meili.url, apiKey: meili.apiKey, index: `contract_${Date.now()}` };
	await ensureIndex(sql, meiliTarget);
	search.useMeilisearch(meiliTarget);
	const [moderator] = await sql<{ id: string }[]>`
		insert into users (email, password_hash, role, email_verified_at)
		values ('moderation@contrat.test', 'x', 'moderator', now()) returning id`;
	staffCookie = `session=${(await sessions.create(moderator!.id)).token}`;
	({ server, base } = await startDevServer());
}, 900_000);

afterAll(async () => {
	await server?.close();
	await meili?.stop();
});

/** The document with its references resolved, as a client generator reads it. */
async function resolvedDocument() {
	return (await dereference(JSON.parse(JSON.stringify(openApiDocument())) as never)) as unknown as {
		paths: Record<string, { get: Operation }>;
	};
}

/** The examples of an operation's path parameters, in its path. */
function withPathExamples(path: string, operation: Operation): string {
	let route = path;
	for (const p of (operation.parameters ?? []).filter((p) => p.in === 'path'))
		route = route.replace(
			`{${p.name}}`,
			encodeURIComponent(exampleText(p.example ?? p.schema?.example)!)
		);
	return route;
}

const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });

/**
 * The calls an operation's examples make: the required examples, then the optional ones added
 * one by one (each must succeed), then each optional one alone (a documented answer: `parent`
 * without `kind` is a documented 400).
 */
function exampleCalls(path: string, operation: Operation): { call: string; succeeds: boolean }[] {
	const parameters = operation.parameters ?? [];
	const example = (p: (typeof parameters)[number]) => exampleText(p.example ?? p.schema?.example);
	let route = path;
	for (const p of parameters.filter((p) => p.in === 'path'))
		route = route.replace(`{${p.name}}`, encodeURIComponent(example(p)!));
	const url = (params: URLSearchParams) => (params.size ? `${route}?${params}` : route);
	const required = new URLSearchParams();
	for (const p of parameters.filter((p) => p.in === 'query' && p.required))
		required.set(p.name, example(p)!);
	const optional = parameters.filter(
		(p) => p.in === 'query' && !p.required && example(p) !== undefined
	);
	const calls = [{ call: url(required), succeeds: optional.length === 0 }];
	const cumulative = new URLSearchParams(required);
	for (const p of optional) {
		cumulative.set(p.name, example(p)!);
		calls.push({ call: url(cumulative), succeeds: true });
		const alone = new URLSearchParams(required);
		alone.set(p.name, example(p)!);
		calls.push({ call: url(alone), succeeds: false });
	}
	return calls;
}

/**
 * The answer's status, content type and body are documented: JSON bodies pass the documented
 * schema (ajv); CSV files have a header line; a documented 304 is honoured with the ETag.
 */
async function expectDocumented(operation: Operation, call: string, response: Response) {
	const status = String(response.status);
	const documented = operation.responses[status]?.content ?? {};
	expect(operation.responses[status], `${call} answered ${status}`).toBeDefined();
	const type = (response.headers.get('content-type') ?? '').split(';')[0]!;
	const media = documented[type];
	expect(media, `${call} answered ${type}`).toBeDefined();
	const text = await response.text();
	const etag = response.headers.get('etag');
	if (status === '200' && operation.responses['304']) {
		// A documented 304: the validator is sent, and honoured.
		expect(etag, call).toBeTruthy();
		const again = await fetch(base + call, { headers: { 'if-none-match': etag! } });
		expect(again.status, call).toBe(304);
		await again.body?.cancel();
	}
	if (type === 'text/csv') {
		expect(text.split('\r\n')[0]!.length, call).toBeGreaterThan(10);
		return;
	}
	if (type === 'text/vcard') {
		expect(text === '' || text.startsWith('BEGIN:VCARD'), call).toBe(true);
		return;
	}
	const check = ajv.compile(media!.schema!);
	const valid = check(JSON.parse(text));
	expect(valid ? [] : check.errors, call).toEqual([]);
}

describe('the OpenAPI document', () => {
	it('is valid OpenAPI 3.1 and is what /api/v1/openapi.json serves', async () => {
		const served = (await (await fetch(`${base}/api/v1/openapi.json`)).json()) as {
			openapi: string;
		};
		expect(served.openapi).toBe('3.1.0');
		expect(served).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
		const result = await validate(structuredClone(served) as never);
		if (!result.valid) throw new Error(compileErrors(result));
		expect(result.valid).toBe(true);
	});

	it('documents every route of the /api/v1 index, which is rendered from it', async () => {
		const index = (await (await fetch(`${base}/api/v1`)).json()) as {
			endpoints: { path: string }[];
			openapi: string;
		};
		expect(index.openapi).toBe('/api/v1/openapi.json');
		expect(['/api/v1', ...index.endpoints.map((e) => e.path)]).toEqual(
			operationsOf().map((o) => o.path)
		);
	});

	it('has parameters with examples, and every documented example gets a documented answer', async () => {
		const document = await resolvedDocument();
		const staffAnswered = new Set<string>();
		let calls = 0;
		for (const [path, { get: operation }] of Object.entries(document.paths)) {
			for (const p of operation.parameters ?? [])
				if (p.name !== 'cursor')
					expect(p.example ?? p.schema?.example, `${path} ${p.name}`).toBeDefined();
			const statuses = Object.keys(operation.responses);
			const expected = operation.security ? '401' : statuses.find((s) => s.startsWith('2'))!;
			for (const { call, succeeds } of exampleCalls(path, operation)) {
				calls++;
				const response = await fetch(base + call);
				const status = String(response.status);
				if (succeeds || operation.security) expect(status, call).toBe(expected);
				else expect(statuses, call).toContain(status);
				await expectDocumented(operation, call, response);
				if (!operation.security) continue;
				// Staff only: the same call with a moderator's session gets a documented answer.
				const staff = await fetch(base + call, { headers: { cookie: staffCookie } });
				expect(statuses, `${call} (équipe)`).toContain(String(staff.status));
				if (staff.status === 200) staffAnswered.add(path);
				await expectDocumented(operation, call, staff);
			}
		}
		expect([...staffAnswered].sort()).toEqual(['/api/v1/contacts', '/api/v1/contacts/export']);
		expect(calls).toBeGreaterThan(40);
	});

	it('refuses a documented parameter’s invalid value with the documented error', async () => {
		const check = ajv.compile(
			JSON.parse(JSON.stringify(openApiDocument().components!.schemas!.Erreur))
		);
		for (const [call, parameter] of [
			['/api/v1/structures?category=piscine', 'category'],
			['/api/v1/structures?bbox=1,2', 'bbox'],
			['/api/v1/structures.csv?programme=abc', 'programme'],
			['/api/v1/lieux-mediation-numerique.json?territory=dep:xx', 'territory'],
			['/api/v1/search?limit=0', 'limit'],
			['/api/v1/search?offset=-1', 'offset'],
			['/api/v1/search?near=5.04', 'near'],
			['/api/v1/search?markers=oui', 'markers'],
			['/api/v1/search?limit=5&limit=6', 'limit'],
			['/api/v1/structures?format=csv', 'format'],
			['/api/v1/structures?light=oui', 'light'],
			['/api/v1/territories?kind=canton', 'kind'],
			['/api/v1/territories?kind=commune&parent=com:21231', 'parent'],
			['/api/v1/territories?parent=dep:21', 'kind'],
			['/api/v1/programmes/six', 'number'],
			['/api/v1/territories/xyz:1', 'code'],
			['/api/v1/geocode?q=a', 'q'],
			['/api/v1/geocode', 'q'],
			['/api/v1/reverse?lon=500&lat=47', 'lon']
		]) {
			const response = await fetch(base + call!);
			expect(response.status, call).toBe(400);
			expect(response.headers.get('content-type'), call).toMatch(/^application\/json/);
			const body = (await response.json()) as { error: { message: string; parameter: string } };
			expect(check(body), call).toBe(true);
			expect(body.error.parameter, call).toBe(parameter);
			// A query parameter is named in the message; a path one by the value refused.
			if (parameter !== 'number' && parameter !== 'code')
				expect(body.error.message, call).toContain(`« ${parameter} »`);
		}
	});
});

describe('the parameters of every route', () => {
	const root = 'src/routes/api/v1';
	/** Every route file under /api/v1, with its path as the document writes it and its methods. */
	const routes = readdirSync(root, { recursive: true, encoding: 'utf8' })
		.filter((file) => file.split(sep).at(-1) === '+server.ts')
		.map((file) => {
			const folder = dirname(file);
			const path = ('/api/v1' + (folder === '.' ? '' : `/${folder.split(sep).join('/')}`)).replace(
				/\[(\w+)\]/g,
				'{$1}'
			);
			const source = readFileSync(join(root, file), 'utf8');
			const methods = [...source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)].map(
				(m) => m[1]!
			);
			return { file, path, methods };
		});

	const send = (operation: Operation, call: string) =>
		fetch(base + call, { headers: operation.security ? { cookie: staffCookie } : {} });

	it('documents every route file, its path parameters and its GET', async () => {
		const document = await resolvedDocument();
		expect(routes.length).toBeGreaterThan(15);
		expect(Object.keys(document.paths).sort()).toEqual(routes.map((r) => r.path).sort());
		for (const { path, methods } of routes) {
			expect(methods, path).toContain('GET');
			for (const method of methods)
				expect(document.paths[path], `${method} ${path}`).toHaveProperty(method.toLowerCase());
			const operation = document.paths[path]!.get;
			const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
			const documented = (operation.parameters ?? []).filter((p) => p.in === 'path');
			expect(
				documented.map((p) => p.name),
				path
			).toEqual(inPath);
			for (const p of documented) expect(p.required, `${path} ${p.name}`).toBe(true);
		}
	});

	it('accepts each documented parameter, and refuses any other with a French 400 naming it', async () => {
		const document = await resolvedDocument();
		let checked = 0;
		for (const { path } of routes) {
			const operation = document.paths[path]!.get;
			const route = withPathExamples(path, operation);
			const query = (operation.parameters ?? []).filter((p) => p.in === 'query');
			const required = new URLSearchParams();
			for (const p of query.filter((p) => p.required))
				required.set(p.name, exampleText(p.example ?? p.schema?.example)!);
			// Each documented parameter, with its example: never refused as unknown nor invalid.
			for (const p of query.filter((p) => p.name !== 'cursor')) {
				const params = new URLSearchParams(required);
				params.set(p.name, exampleText(p.example ?? p.schema?.example)!);
				const response = await send(operation, `${route}?${params}`);
				const body = (await response.text()).slice(0, 2000);
				if (response.status === 400)
					expect(body, `${route}?${params}`).not.toContain(`"parameter":"${p.name}"`);
				expect([200, 400, 404, 429], `${route}?${params}`).toContain(response.status);
				checked++;
			}
			// A parameter the document does not list is refused, by name.
			const params = new URLSearchParams(required);
			params.set('secteur', 'prive');
			const response = await send(operation, `${route}?${params}`);
			expect(response.status, `${route}?${params}`).toBe(400);
			const body = (await response.json()) as { error: { message: string; parameter: string } };
			expect(body.error.parameter, path).toBe('secteur');
			expect(body.error.message, path).toMatch(/^Paramètre inconnu « secteur » : /);
			const accepted = /Paramètres acceptés : (.*)\.$/.exec(body.error.message)?.[1];
			if (query.length)
				expect(accepted?.split(', ').sort(), path).toEqual(query.map((p) => p.name).sort());
			else expect(body.error.message, path).toMatch(/n’accepte aucun paramètre\.$/);
			checked++;
		}
		expect(checked).toBeGreaterThan(100);
	});
});

describe('the search, on both engines', () => {
	it('answers every documented example from Meilisearch, then from Postgres, as documented', async () => {
		const document = await resolvedDocument();
		const operation = document.paths['/api/v1/search']!.get;
		const check = ajv.compile(operation.responses['200']!.content!['application/json']!.schema!);
		try {
			for (const engine of ['meilisearch', 'postgres'] as const) {
				search.useMeilisearch(engine === 'meilisearch' ? meiliTarget : null);
				for (const { call, succeeds } of exampleCalls('/api/v1/search', operation)) {
					const response = await fetch(base + call);
					if (!succeeds && response.status !== 200) {
						expect(response.status, call).toBe(400);
						continue;
					}
					expect(response.status, `${engine} ${call}`).toBe(200);
					expect(response.headers.get('content-type')).toMatch(/^application\/json/);
					const body = (await response.json()) as { engine: string };
					expect(body.engine, call).toBe(engine);
					expect(check(body) ? [] : check.errors, `${engine} ${call}`).toEqual([]);
				}
			}
		} finally {
			search.useMeilisearch(meiliTarget);
		}
	});
});
