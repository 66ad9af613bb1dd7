import { createServer, type Socket } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { emptyFilters } from '../../src/lib/domain/structure-filters';
import type { Sql } from '../../src/lib/server/db';
import * as search from '../../src/lib/server/search';
import { GET } from '../../src/routes/api/v1/search/+server';
import { load } from '../../src/routes/recherche/+page.server';
import { freshDatabase } from '../helpers/database';
import { seedSearchFixtures, type Fixture } from './search-fixtures';

/**
 * `GET /api/v1/search` and the `/recherche` page on the embedded default (no MEILI_URL):
 * Postgres answers, and says so.
 */
let sql: Sql;
let ids: Fixture;

beforeAll(async () => {
	sql = await freshDatabase();
	ids = await seedSearchFixtures(sql);
	search.useMeilisearch(null);
});

async function get(query: string) {
	const url = new URL(`http://localhost/api/v1/search?${query}`);
	const response = await GET({
		url,
		getClientAddress: () => '192.0.2.1',
		locals: { user: null }
	} as unknown as Parameters<typeof GET>[0]);
	return { status: response.status, body: await response.json(), headers: response.headers };
}

describe('GET /api/v1/search', () => {
	it('answers with hits, facets, total and the engine', async () => {
		const { status, body, headers } = await get('q=colege+victor+hugo&category=college');
		expect(status).toBe(200);
		expect(headers.get('content-type')).toContain('application/json');
		expect(body.engine).toBe('postgres');
		expect(body.total).toBe(2);
		expect(body.hits.map((h: { id: string }) => h.id).sort()).toEqual(
			[ids['clg-hugo-besancon'], ids['clg-hugo-nevers']].sort()
		);
		expect(Object.keys(body.hits[0]).sort()).toEqual(
			[
				'categories',
				'commune',
				'geometry',
				'highlight',
				'id',
				'identifiers',
				'location_precision',
				'name',
				'slug',
				'sector'
			].sort()
		);
		expect(Object.keys(body.facets).sort()).toEqual([
			'category',
			'commune',
			'departement',
			'programme'
		]);
		expect(body).not.toHaveProperty('markers');
	});

	it('sorts by distance with near=<lon>,<lat> and pages with limit and offset', async () => {
		const { body } = await get('near=5.04,47.32&limit=2&offset=2');
		expect(body.hits.length).toBe(2);
		expect(body.offset).toBe(2);
		expect(body.hits[0].distance_m).toBeLessThanOrEqual(body.hits[1].distance_m);
		const first = await get('near=5.04,47.32&limit=4');
		expect(first.body.hits.slice(2).map((h: { id: string }) => h.id)).toEqual(
			body.hits.map((h: { id: string }) => h.id)
		);
	});

	it('adds the map markers on request', async () => {
		const { body } = await get('q=planoise&markers=1&limit=1');
		expect(body.markers.type).toBe('FeatureCollection');
		expect(body.markers.features.length).toBe(body.total);
		expect(body.total).toBe(3);
	});

	it.each([
		['near=abc', 'near'],
		['near=200,47', 'near'],
		['limit=0', 'limit'],
		['limit=101', 'limit'],
		['offset=-1', 'offset'],
		['category=piscine', 'category'],
		['territory=dep:999', 'territory'],
		['bbox=6,47,5,48', 'bbox'],
		['markers=peut-etre', 'markers'],
		[`q=${'a'.repeat(201)}`, 'q']
	])('refuses %s with a French message naming the parameter', async (query, parameter) => {
		const { status, body } = await get(query);
		expect(status).toBe(400);
		expect(body.error.parameter).toBe(parameter);
		expect(body.error.message).toContain(`« ${parameter} »`);
	});
});

describe('falling back to Postgres', () => {
	it('answers from Postgres when Meilisearch accepts connections but never replies', async () => {
		const sockets: Socket[] = [];
		const silent = createServer((socket) => void sockets.push(socket));
		await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
		const port = (silent.address() as { port: number }).port;
		try {
			search.useMeilisearch({ url: `http://127.0.0.1:${port}`, apiKey: 'k', index: 'structures' });
			const result = await search.search(
				search.searchQuery({ ...emptyFilters(), q: 'victor hugo' })
			);
			expect(result.engine).toBe('postgres');
			expect(result.total).toBe(3);
			// The breaker now sends queries straight to Postgres for a while.
			expect(sockets.length).toBe(1);
			expect((await search.search(search.searchQuery(emptyFilters()))).engine).toBe('postgres');
			expect(sockets.length).toBe(1);
		} finally {
			search.useMeilisearch(null);
			for (const socket of sockets) socket.destroy();
			silent.close();
		}
	});
});

describe('the /recherche page', () => {
	const visit = (query: string) =>
		load({
			url: new URL(`http://localhost/recherche?${query}`),
			getClientAddress: () => '192.0.2.1',
			locals: { user: null },
			setHeaders: () => {}
		} as unknown as Parameters<typeof load>[0]);

	it('searches from the query string, with the selected territory named', async () => {
		const data = (await visit('q=victor+hugo&territory=dep:58'))!;
		expect(data.invalid).toBeNull();
		expect(data.result!.hits.map((h: { id: string }) => h.id)).toEqual([ids['clg-hugo-nevers']]);
		expect(data.territory).toEqual({ code: 'dep:58', name: 'Nièvre' });
		expect(data.query).toMatchObject({ categories: [], programmes: [], offset: 0, limit: 20 });
	});

	it('shows the French message of a bad parameter instead of results', async () => {
		const data = (await visit('q=lyc%C3%A9e&limit=1000'))!;
		expect(data.result).toBeNull();
		expect(data.q).toBe('lycée');
		expect(data.invalid).toContain('« limit »');
	});
});
