import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyFilters } from '../../src/lib/domain/structure-filters';
import type { Sql } from '../../src/lib/server/db';
import * as search from '../../src/lib/server/search';
import { ensureIndex } from '../../src/lib/server/search/index-admin';
import { relayUntilIdle } from '../../src/lib/server/search/relay';
import { freshDatabase } from '../helpers/database';
import { startMeilisearch, type TestMeilisearch } from '../helpers/meilisearch';
import { seedSearchFixtures, type Fixture } from './search-fixtures';

/**
 * `freshness=stale` (« à vérifier ») in full-text search, on both engines: the fiches not
 * confirmed within the threshold (FRESHNESS_MONTHS, 12 by default), judged against now at
 * query time; a confirmation reaches Meilisearch through the outbox.
 */
let sql: Sql;
let meili: TestMeilisearch;
let ids: Fixture;
let target: { url: string; apiKey: string; index: string };

beforeAll(async () => {
	sql = await freshDatabase();
	meili = await startMeilisearch();
	ids = await seedSearchFixtures(sql);
	// Two collèges confirmed long ago, one just inside the threshold, the rest today.
	await sql`update structures set confirmed_at = now() - interval '2 years'
		where id = any(${[ids['clg-hugo-besancon']!, ids['clg-pasteur-dole']!]}::uuid[])`;
	await sql`update structures set confirmed_at = now() - interval '11 months'
		where id = ${ids['clg-hugo-nevers']!}`;
	target = { url: meili.url, apiKey: meili.apiKey, index: `freshness_${Date.now()}` };
	search.useMeilisearch(target);
	await ensureIndex(sql, target);
	await relayUntilIdle(sql, target);
});

afterAll(async () => {
	await meili?.stop();
});

const stale = (q: string, engine: 'meilisearch' | 'postgres') =>
	search.search(search.searchQuery({ ...emptyFilters(), q, freshness: 'stale' }), { engine });

describe.each(['meilisearch', 'postgres'] as const)('%s engine', (engine) => {
	it('keeps only the fiches « à vérifier », with and without text', async () => {
		const all = await stale('', engine);
		expect(all.hits.map((h) => h.id).sort()).toEqual(
			[ids['clg-hugo-besancon']!, ids['clg-pasteur-dole']!].sort()
		);
		expect(all.total).toBe(2);
		const text = await stale('victor hugo', engine);
		expect(text.hits.map((h) => h.id)).toEqual([ids['clg-hugo-besancon']!]);
		expect(text.total).toBe(1);
		expect(text.facets.category).toEqual([expect.objectContaining({ value: 'college', count: 1 })]);
	});
});

describe('a confirmation', () => {
	it('takes the fiche out of « à vérifier » on both engines', async () => {
		await sql`update structures set confirmed_at = now(), confirmed_by = 'manager'
			where id = ${ids['clg-pasteur-dole']!}`;
		await relayUntilIdle(sql, target);
		for (const engine of ['meilisearch', 'postgres'] as const)
			expect(
				(await stale('', engine)).hits.map((h) => h.id),
				engine
			).toEqual([ids['clg-hugo-besancon']!]);
	});
});
