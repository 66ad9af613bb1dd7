import { beforeAll, describe, expect, it } from 'vitest';
import { CATEGORY_CODES } from '../../src/lib/domain/categories';
import { emptyFilters } from '../../src/lib/domain/structure-filters';
import type { Sql } from '../../src/lib/server/db';
import * as search from '../../src/lib/server/search';
import { FACET_EXACT_LIMIT, SEARCH_BOUNDS } from '../../src/lib/server/search/postgres-engine';
import { freshDatabase } from '../helpers/database';
import { seedReference, seedTerritories } from './structures-fixtures';

/**
 * The Postgres engine on a broad query: beyond FACET_EXACT_LIMIT matches it estimates the
 * total and the facets from a sample of the documents and says so, unless the directory is
 * smaller than the sample (then read whole: exact). Below, everything is exact. Ranking is
 * bounded: past the ranked candidates, pages list the other matches by name.
 */
let sql: Sql;
const COMMUNES = ['21001', '21002', '21003', '71001', '25001', '25002'];
const COUNT = Math.round(FACET_EXACT_LIMIT * 2.4);

beforeAll(async () => {
	sql = await freshDatabase();
	await seedReference(sql);
	await seedTerritories(sql);
	// One statement: two kinds of names, five categories, spread over the communes with skewed weights.
	await sql`
		insert into structures (slug, name, category, categories, commune_code, geom, source, dataset_id)
		select 'g-' || i, (case when i % 3 = 0 then 'Atelier Alpha ' else 'Maison Beta ' end) || i,
			k, array[k], c, ST_SetSRID(ST_MakePoint(4.5 + (i % 100) / 1000.0, 47.2), 4326),
			'import:test-data', 'test-data'
		from generate_series(1, ${COUNT}) i
		cross join lateral (select (${CATEGORY_CODES as string[]}::text[])[1 + (i * 7919) % 5] as k,
			(${COMMUNES}::text[])[1 + floor(6 * power(((i * 104729) % 1000) / 1000.0, 2))::int] as c) x`;
	await sql`
		insert into structure_programmes (structure_id, programme_number, role)
		select id, 1 + (abs(hashtext(id::text)) % 3), 'contributeur' from structures where name like 'Maison%'`;
	// The planner's count of documents decides the sample's share.
	await sql`analyze search_documents`;
});

/** Runs with some bounds changed, then puts them back. */
async function withBounds<T>(bounds: Partial<typeof SEARCH_BOUNDS>, work: () => Promise<T>) {
	const saved = { ...SEARCH_BOUNDS };
	Object.assign(SEARCH_BOUNDS, bounds);
	try {
		return await work();
	} finally {
		Object.assign(SEARCH_BOUNDS, saved);
	}
}

async function exactCounts(where: ReturnType<typeof sql>) {
	const categories = await sql<{ k: string; n: number }[]>`
		select k, count(*)::int as n from structures s cross join unnest(s.categories) k
		where s.status = 'published' and ${where} group by k`;
	const communes = await sql<{ k: string; n: number }[]>`
		select commune_code as k, count(*)::int as n from structures s
		where s.status = 'published' and ${where} group by 1`;
	return {
		category: new Map(categories.map((r) => [r.k, r.n])),
		commune: new Map(communes.map((r) => [r.k, r.n]))
	};
}

const run = (q: string) =>
	search.search(search.searchQuery({ ...emptyFilters(), q }, { limit: 20, offset: 0 }), {
		engine: 'postgres'
	});

describe('Postgres search facets at scale', () => {
	it('estimates the total and the facets of a broad query from a sample, and says so', async () => {
		const result = await withBounds({ sample: COUNT / 3 }, () => run(''));
		expect(result.total_estimated).toBe(true);
		expect(result.facets_estimated).toBe(true);
		expect(result.total).toBeGreaterThan(FACET_EXACT_LIMIT);
		expect(Math.abs(result.total - COUNT) / COUNT).toBeLessThan(0.15);
		const exact = await exactCounts(sql`true`);
		for (const facet of result.facets.category) {
			const truth = exact.category.get(facet.value)!;
			expect(Math.abs(facet.count - truth) / truth).toBeLessThan(0.25);
		}
		expect(result.facets.category.map((f) => f.value).sort()).toEqual(
			[...exact.category.keys()].sort()
		);
		// The same query gives the same estimate (a repeatable sample).
		const again = await withBounds({ sample: COUNT / 3 }, () => run(''));
		expect(again.total).toBe(result.total);
	});

	it('reads a directory smaller than the sample whole: exact counts beyond the limit', async () => {
		const result = await run('');
		expect(result.total).toBe(COUNT);
		expect(result.total_estimated).toBe(false);
		expect(result.facets_estimated).toBe(false);
		const exact = await exactCounts(sql`true`);
		expect(new Map(result.facets.category.map((f) => [f.value, f.count]))).toEqual(exact.category);
	});

	it('pages past the ranked candidates through the other matches, each once', async () => {
		const seen: string[] = [];
		await withBounds({ rank: 30 }, async () => {
			for (let offset = 0; offset < 150; offset += 25) {
				const page = await search.search(
					search.searchQuery({ ...emptyFilters(), q: 'maison' }, { limit: 25, offset }),
					{ engine: 'postgres' }
				);
				expect(page.hits.length).toBe(25);
				seen.push(...page.hits.map((h) => h.id));
			}
		});
		expect(new Set(seen).size).toBe(seen.length);
		const names = await sql<{ id: string; name: string }[]>`
			select id, name from structures where id = any(${seen}::uuid[])`;
		expect(names.every((r) => r.name.startsWith('Maison Beta'))).toBe(true);
	});

	it('counts the facets exactly when the matches are few', async () => {
		const result = await run('alpha');
		const exact = await exactCounts(sql`s.name like 'Atelier Alpha%'`);
		const total = [...exact.commune.values()].reduce((a, b) => a + b, 0);
		expect(total).toBeLessThanOrEqual(FACET_EXACT_LIMIT);
		expect(result.total).toBe(total);
		expect(result.facets_estimated).toBe(false);
		expect(new Map(result.facets.commune.map((f) => [f.value, f.count]))).toEqual(exact.commune);
		expect(new Map(result.facets.category.map((f) => [f.value, f.count]))).toEqual(exact.category);
	});
});
