import { beforeAll, describe, expect, it } from 'vitest';
import { CATEGORY_CODES } from '../../src/lib/domain/categories';
import { emptyFilters } from '../../src/lib/domain/structure-filters';
import type { Sql } from '../../src/lib/server/db';
import * as search from '../../src/lib/server/search';
import { FACET_EXACT_LIMIT } from '../../src/lib/server/search/postgres-engine';
import { freshDatabase } from '../helpers/database';
import { seedReference, seedTerritories } from './structures-fixtures';

/**
 * The Postgres engine on a broad query: beyond FACET_EXACT_LIMIT matches it counts facets on
 * a sample and says so; the total stays exact. Below, facets are exact.
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
});

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
	it('estimates the facets of a broad query from a sample, says so, keeps the total exact', async () => {
		const result = await run('');
		expect(result.total).toBe(COUNT);
		expect(result.facets_estimated).toBe(true);
		const exact = await exactCounts(sql`true`);
		for (const facet of result.facets.category) {
			const truth = exact.category.get(facet.value)!;
			expect(Math.abs(facet.count - truth) / truth).toBeLessThan(0.15);
		}
		expect(result.facets.category.map((f) => f.value).sort()).toEqual(
			[...exact.category.keys()].sort()
		);
		for (const facet of result.facets.commune) {
			const truth = exact.commune.get(facet.value)!;
			expect(Math.abs(facet.count - truth) / truth).toBeLessThan(0.25);
		}
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
