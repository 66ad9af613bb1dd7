import { readdirSync } from 'node:fs';
import { basename, dirname, sep } from 'node:path';
import type { FeatureCollection } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/lib/server/db';
import * as structures from '../../src/lib/server/structures';
import { GET as index } from '../../src/routes/api/v1/+server';
import { GET as programme } from '../../src/routes/api/v1/programmes/[number]/+server';
import { GET as programmeList } from '../../src/routes/api/v1/programmes/+server';
import { GET as structureGeoJson } from '../../src/routes/api/v1/structures.geojson/+server';
import { GET as structure } from '../../src/routes/api/v1/structures/[id]/+server';
import { GET as structureList } from '../../src/routes/api/v1/structures/+server';
import { GET as territory } from '../../src/routes/api/v1/territories/[code]/+server';
import { GET as territoryList } from '../../src/routes/api/v1/territories/+server';
import { EPCI, placesDatabase } from './structures-fixtures';

let sql: Sql;

beforeAll(async () => {
	sql = await placesDatabase();
	await sql`update structures set slug = 'lycee-de-cluny' where name = 'Lycée de Cluny'`;
	await sql`insert into contacts (structure_id, name, email, visibility)
		select id, 'Claude Secret', 'claude.secret@example.fr', 'staff' from structures where slug = 'lycee-de-cluny'`;
});

/** Calls a route handler as SvelteKit would, with only what the handlers read. */
async function call(
	handler: (event: never) => Response | Promise<Response>,
	path: string,
	options: { params?: Record<string, string>; accept?: string } = {}
) {
	const url = new URL(path, 'http://localhost');
	const request = new Request(url, { headers: options.accept ? { accept: options.accept } : {} });
	const response = await handler({ url, request, params: options.params ?? {} } as never);
	const body = (await response.json()) as Record<string, unknown> & {
		error?: { message: string; parameter?: string };
	};
	return { response, body };
}

function expectOpen(response: Response) {
	expect(response.headers.get('access-control-allow-origin')).toBe('*');
	expect(response.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
}

describe('GET /api/v1/structures', () => {
	it('returns a page of items, next and total, open to every origin', async () => {
		const { response, body } = await call(structureList, '/api/v1/structures?territory=aca:dijon');
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
		expect(response.headers.get('vary')).toBe('Accept');
		expectOpen(response);
		expect(body.total).toBe(4);
		expect(body.next).toBeNull();
		const items = body.items as structures.StructureSummary[];
		const direct = await structures.list({
			categories: [],
			programmes: [],
			territory: { kind: 'academie', code: 'dijon' }
		});
		// Dates travel as ISO strings in JSON.
		expect(items).toEqual(JSON.parse(JSON.stringify(direct.items)));
		const cluny = items.find((s) => s.slug === 'lycee-de-cluny')!;
		expect(cluny).toEqual({
			id: cluny.id,
			slug: 'lycee-de-cluny',
			name: 'Lycée de Cluny',
			categories: ['lycee'],
			commune: { code: '71001', name: 'Cluny' },
			identifiers: { uai: '0710001C' },
			geometry: { type: 'Point', coordinates: [4.5, 46.5] },
			location_precision: 'exact',
			sector: null,
			aliases: [],
			former_names: [],
			lifecycle: 'active',
			confirmed_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
			confirmed_by: 'import',
			updated_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/)
		});
	});

	it('pages with the next cursor and announces it in a Link header', async () => {
		const seen: string[] = [];
		let path: string | null = '/api/v1/structures?limit=3';
		let total = 0;
		while (path) {
			const { response, body } = await call(structureList, path);
			expect(response.status).toBe(200);
			total = body.total as number;
			seen.push(...(body.items as { id: string }[]).map((s) => s.id));
			const link = response.headers.get('link');
			if (body.next) {
				expect(link).toBe(
					`<http://localhost${path.replace(/&cursor=.*$/, '')}&cursor=${body.next as string}>; rel="next"`
				);
				path = `/api/v1/structures?limit=3&cursor=${body.next as string}`;
			} else {
				expect(link).toBeNull();
				path = null;
			}
		}
		expect(total).toBe(8);
		expect(new Set(seen).size).toBe(8);
	});

	it('answers GeoJSON on Accept, on the .geojson suffix and on format=geojson', async () => {
		const json = await call(structureList, '/api/v1/structures?category=fablab-tiers-lieu');
		const items = json.body.items as structures.StructureSummary[];
		for (const [handler, path, accept] of [
			[structureList, '/api/v1/structures?category=fablab-tiers-lieu', 'application/geo+json'],
			[structureGeoJson, '/api/v1/structures.geojson?category=fablab-tiers-lieu', undefined],
			[structureList, '/api/v1/structures?category=fablab-tiers-lieu&format=geojson', undefined]
		] as const) {
			const { response, body } = await call(handler, path, { accept });
			expect(response.status).toBe(200);
			expect(response.headers.get('content-type')).toBe('application/geo+json; charset=utf-8');
			expectOpen(response);
			expect(body).toMatchObject({ type: 'FeatureCollection', next: null, total: 2 });
			const features = (body as unknown as FeatureCollection).features;
			expect(features).toEqual(
				items.map(({ geometry, ...properties }) => ({
					type: 'Feature',
					id: properties.id,
					geometry,
					properties
				}))
			);
		}
	});

	it('gives the map every matching structure as light features', async () => {
		for (const path of [
			'/api/v1/structures?format=light&territory=reg:27&limit=2',
			'/api/v1/structures.geojson?light=1&territory=reg:27'
		]) {
			const handler = path.includes('.geojson') ? structureGeoJson : structureList;
			const { response, body } = await call(handler, path);
			expect(response.status).toBe(200);
			expect(response.headers.get('content-type')).toBe('application/geo+json; charset=utf-8');
			const features = (body as unknown as FeatureCollection).features;
			expect(features).toHaveLength(6);
			expect(Object.keys(features[0]!.properties!).sort()).toEqual(['category', 'id', 'name']);
		}
	});

	it('refuses each bad parameter with 400 and a French message naming it', async () => {
		for (const [query, parameter] of [
			['category=ecoles', 'category'],
			['programme=abc', 'programme'],
			['territory=dep:2', 'territory'],
			['territory=radius:5,47,9999999', 'territory'],
			['bbox=5,47,4,48', 'bbox'],
			['identifier=0211234A', 'identifier'],
			['limit=501', 'limit'],
			['limit=0', 'limit'],
			['cursor=xyz', 'cursor'],
			['format=csv', 'format']
		] as const) {
			for (const handler of [structureList, structureGeoJson]) {
				const { response, body } = await call(handler, `/api/v1/structures?${query}`);
				expect(response.status, query).toBe(400);
				expect(response.headers.get('access-control-allow-origin')).toBe('*');
				expect(response.headers.get('cache-control')).toBe('no-store');
				expect(body.error!.parameter).toBe(parameter);
				expect(body.error!.message).toContain(`Paramètre « ${parameter} »`);
			}
		}
	});
});

describe('GET /api/v1/structures/{id}', () => {
	it('finds a structure by slug or id, without staff-only contacts', async () => {
		const bySlug = await call(structure, '/api/v1/structures/lycee-de-cluny', {
			params: { id: 'lycee-de-cluny' }
		});
		expect(bySlug.response.status).toBe(200);
		expectOpen(bySlug.response);
		expect(bySlug.body).toMatchObject({
			name: 'Lycée de Cluny',
			programmes: [
				{ number: 2, role: 'porteur' },
				{ number: 3, role: 'feuille-de-route' }
			],
			contacts: []
		});
		expect(JSON.stringify(bySlug.body)).not.toContain('Secret');
		const id = bySlug.body.id as string;
		const byId = await call(structure, `/api/v1/structures/${id}`, { params: { id } });
		expect(byId.body).toEqual(bySlug.body);
	});

	it('answers 404 in French for an unknown or unpublished structure', async () => {
		const [pending] = await sql<
			{ id: string }[]
		>`select id from structures where status = 'pending'`;
		for (const id of ['inconnue', pending!.id, 'x'.repeat(300)]) {
			const { response, body } = await call(structure, `/api/v1/structures/${id}`, {
				params: { id }
			});
			expect(response.status).toBe(404);
			expect(response.headers.get('access-control-allow-origin')).toBe('*');
			expect(body.error!.message).toMatch(/^Aucune structure publiée ne correspond à « /);
		}
	});
});

describe('GET /api/v1/programmes', () => {
	it('lists axes and programmes', async () => {
		const { response, body } = await call(programmeList, '/api/v1/programmes');
		expect(response.status).toBe(200);
		expectOpen(response);
		expect((body.axes as { code: string }[]).map((a) => a.code)).toEqual(['S1', 'O1']);
		expect((body.items as { number: number }[]).map((p) => p.number)).toEqual([1, 2, 3]);
	});

	it('gives one programme, 400 for a malformed number, 404 for an unknown one', async () => {
		const ok = await call(programme, '/api/v1/programmes/2', { params: { number: '2' } });
		expect(ok.response.status).toBe(200);
		expect(ok.body).toMatchObject({ number: 2, axis: { code: 'O1' }, structure_count: 2 });
		const bad = await call(programme, '/api/v1/programmes/deux', { params: { number: 'deux' } });
		expect(bad.response.status).toBe(400);
		expect(bad.body.error).toMatchObject({ parameter: 'number' });
		expect(bad.body.error!.message).toContain('Numéro de programme invalide');
		const unknown = await call(programme, '/api/v1/programmes/42', { params: { number: '42' } });
		expect(unknown.response.status).toBe(404);
		expect(unknown.body.error!.message).toBe(
			'Aucun programme de la feuille de route ne porte le numéro 42.'
		);
	});
});

describe('GET /api/v1/territories', () => {
	it('gives one territory with parents and outline', async () => {
		const { response, body } = await call(territory, '/api/v1/territories/dep:21', {
			params: { code: 'dep:21' }
		});
		expect(response.status).toBe(200);
		expectOpen(response);
		expect(body).toMatchObject({
			code: 'dep:21',
			kind: 'departement',
			name: 'Côte-d’Or',
			bbox: [4, 47, 5, 48],
			parents: [
				{ code: 'aca:dijon', kind: 'academie', name: 'Académie de Dijon' },
				{ code: 'reg:27', kind: 'region', name: 'Bourgogne-Franche-Comté' }
			],
			outline: { type: 'MultiPolygon' }
		});
	});

	it('answers 400 for a malformed code and 404 for an unknown one', async () => {
		const bad = await call(territory, '/api/v1/territories/dijon', { params: { code: 'dijon' } });
		expect(bad.response.status).toBe(400);
		expect(bad.body.error).toMatchObject({ parameter: 'code' });
		const unknown = await call(territory, '/api/v1/territories/dep:89', {
			params: { code: 'dep:89' }
		});
		expect(unknown.response.status).toBe(404);
		expect(unknown.body.error!.message).toBe('Aucun territoire ne porte le code « dep:89 ».');
	});

	it('lists by kind and parent, and searches for pickers', async () => {
		const communes = await call(
			territoryList,
			`/api/v1/territories?kind=commune&parent=epci:${EPCI.one}`
		);
		expect(communes.response.status).toBe(200);
		expectOpen(communes.response);
		expect((communes.body.items as { code: string }[]).map((t) => t.code)).toEqual([
			'com:21001',
			'com:21002'
		]);
		const found = await call(territoryList, '/api/v1/territories?q=beze');
		expect((found.body.items as { code: string }[]).map((t) => t.code)).toEqual(['com:21002']);
		const deps = await call(territoryList, '/api/v1/territories?q=or&kind=departement');
		expect((deps.body.items as { code: string }[]).map((t) => t.code)).toEqual(['dep:21']);
	});

	it('refuses a bad kind or parent, and asks for kind or q', async () => {
		for (const [query, parameter] of [
			['kind=ville', 'kind'],
			['kind=commune&parent=21', 'parent'],
			['kind=commune&parent=com:21001', 'parent'],
			['', 'kind'],
			[`q=${'a'.repeat(101)}`, 'q']
		] as const) {
			const { response, body } = await call(territoryList, `/api/v1/territories?${query}`);
			expect(response.status, query).toBe(400);
			expect(body.error!.parameter).toBe(parameter);
			expect(body.error!.message).toContain(`« ${parameter} »`);
		}
	});
});

describe('GET /api/v1', () => {
	it('describes the endpoints', async () => {
		const { response, body } = await call(index, '/api/v1');
		expect(response.status).toBe(200);
		expect((body.endpoints as { path: string }[]).map((e) => e.path)).toContain(
			'/api/v1/structures'
		);
	});

	it('lists every route under src/routes/api/v1, and nothing else, marking the staff-only ones', async () => {
		const { body } = await call(index, '/api/v1');
		const endpoints = body.endpoints as { path: string; access?: string }[];
		const root = 'src/routes/api/v1';
		// A parameter is `[id]` in a folder name and `{id}` (or a French name) in the index.
		const routes = readdirSync(root, { recursive: true, encoding: 'utf8' })
			.filter((file) => basename(file) === '+server.ts' && dirname(file) !== '.')
			.map((file) => `/api/v1/${dirname(file).split(sep).join('/')}`.replace(/\[[^\]]+\]/g, '{}'))
			.sort();
		const listed = endpoints.map((e) => e.path.replace(/\{[^}]+\}/g, '{}')).sort();
		expect(routes).toContain('/api/v1/search');
		expect(listed).toEqual(routes);
		expect(endpoints.filter((e) => e.access === 'personnel').map((e) => e.path)).toEqual([
			'/api/v1/contacts',
			'/api/v1/contacts/export'
		]);
	});
});
