import { compileErrors, dereference, validate } from '@readme/openapi-parser';
import Ajv2020 from 'ajv/dist/2020';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument, operationsOf } from '../../src/lib/server/api/contract';
import { exampleText } from '../../src/lib/server/api/contract/summary';
import { importAll } from '../../src/lib/server/import';
import { startDevServer } from '../helpers/dev-server';
import { freshDatabase } from '../helpers/database';

/**
 * The API's contract: the OpenAPI document is valid, and every example it documents, called
 * against the app over the real regional data, answers with a documented status, content type
 * and a body that the documented schema accepts.
 */
let server: ViteDevServer;
let base: string;

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
	({ server, base } = await startDevServer());
}, 600_000);

afterAll(async () => {
	await server?.close();
});

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
		const document = (await dereference(
			JSON.parse(JSON.stringify(openApiDocument())) as never
		)) as unknown as { paths: Record<string, { get: Operation }> };
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
				const documented = operation.responses[status]!.content ?? {};
				const type = (response.headers.get('content-type') ?? '').split(';')[0]!;
				const media = documented[type];
				expect(media, `${call} answered ${type}`).toBeDefined();
				const text = await response.text();
				if (type === 'text/csv') {
					expect(text.split('\r\n')[0]!.length, call).toBeGreaterThan(10);
					continue;
				}
				const check = ajv.compile(media!.schema!);
				const valid = check(JSON.parse(text));
				expect(valid ? [] : check.errors, call).toEqual([]);
			}
		}
		expect(calls).toBeGreaterThan(40);
	});

	it('refuses a documented parameter’s invalid value with the documented error', async () => {
		for (const call of [
			'/api/v1/structures?category=piscine',
			'/api/v1/structures?bbox=1,2',
			'/api/v1/structures.csv?programme=abc',
			'/api/v1/search?limit=0',
			'/api/v1/geocode?q=a'
		]) {
			const response = await fetch(base + call);
			expect(response.status, call).toBe(400);
			const check = ajv.compile(
				JSON.parse(JSON.stringify(openApiDocument().components!.schemas!.Erreur))
			);
			expect(check(await response.json()), call).toBe(true);
		}
	});
});
