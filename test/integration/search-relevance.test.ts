import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyFilters } from '../../src/lib/domain/structure-filters';
import type { Sql } from '../../src/lib/server/db';
import { importAll } from '../../src/lib/server/import';
import * as search from '../../src/lib/server/search';
import { ensureIndex } from '../../src/lib/server/search/index-admin';
import { freshDatabase } from '../helpers/database';
import { startMeilisearch, type TestMeilisearch } from '../helpers/meilisearch';
import { evaluate, perKind } from '../../scripts/lib/relevance-eval';
import { buildRelevanceSet, type RelevanceQuery } from '../../scripts/lib/relevance-set';

/**
 * The relevance suite: realistic queries on the real regional data (test/fixtures/
 * search-queries.json), against both engines. precision@1 = share of queries whose first
 * result is one sought; precision@k = per query, sought structures among the first k divided
 * by min(k, number sought), averaged. Thresholds: see the README (« Pertinence »).
 */
const THRESHOLDS = {
	meilisearch: { p1: 0.95, pk: 0.95 },
	postgres: { p1: 0.95, pk: 0.95 }
} as const;

interface QueryCase {
	q: string;
	kind: string;
	relevant?: string[];
	rule?: { category: string; commune: string };
}

const suite = JSON.parse(readFileSync('test/fixtures/search-queries.json', 'utf8')) as {
	k: number;
	queries: QueryCase[];
};

let sql: Sql;
let meili: TestMeilisearch;
const sought = new Map<string, Set<string>>();
let generated: RelevanceQuery[] = [];

beforeAll(async () => {
	sql = await freshDatabase();
	meili = await startMeilisearch();
	await importAll(sql);
	const target = { url: meili.url, apiKey: meili.apiKey, index: `relevance_${Date.now()}` };
	search.useMeilisearch(target);
	await ensureIndex(sql, target);
	for (const query of suite.queries) sought.set(query.q, await resolve(query));
	generated = await buildRelevanceSet(sql);
}, 600_000);

afterAll(async () => {
	await meili?.stop();
});

async function resolve(query: QueryCase): Promise<Set<string>> {
	const rows = query.rule
		? await sql<{ id: string }[]>`
			select id from structures
			where status = 'published' and ${query.rule.category} = any(categories)
				and commune_code = ${query.rule.commune}`
		: await sql<{ id: string }[]>`
			select distinct s.id from structures s
			join structure_identifiers i on i.structure_id = s.id
			where s.status = 'published' and i.scheme || ':' || i.value = any(${query.relevant!}::text[])`;
	return new Set(rows.map((r) => r.id));
}

describe('the relevance suite', () => {
	it('has at least 50 queries, each seeking published structures', () => {
		expect(suite.queries.length).toBeGreaterThanOrEqual(50);
		for (const query of suite.queries) {
			const expected = query.relevant?.length ?? sought.get(query.q)!.size;
			expect(sought.get(query.q)!.size, query.q).toBe(expected);
			expect(expected, query.q).toBeGreaterThan(0);
		}
	});

	it.each(['meilisearch', 'postgres'] as const)(
		'%s ranks the structures sought first',
		async (engine) => {
			const k = suite.k;
			const rows: { q: string; kind: string; p1: number; pk: number; top: string }[] = [];
			for (const query of suite.queries) {
				const result = await search.search(
					search.searchQuery({ ...emptyFilters(), q: query.q }, { limit: k }),
					{ engine }
				);
				expect(result.engine).toBe(engine);
				const relevant = sought.get(query.q)!;
				const top = result.hits.map((h) => h.id);
				const found = top.filter((id) => relevant.has(id)).length;
				rows.push({
					q: query.q,
					kind: query.kind,
					p1: top[0] && relevant.has(top[0]) ? 1 : 0,
					pk: found / Math.min(k, relevant.size),
					top: result.hits[0]?.name ?? '—'
				});
			}
			const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
			const p1 = mean(rows.map((r) => r.p1));
			const pk = mean(rows.map((r) => r.pk));
			const kinds = [...new Set(rows.map((r) => r.kind))].map((kind) => {
				const of = rows.filter((r) => r.kind === kind);
				return `${kind} (${of.length}) p@1 ${mean(of.map((r) => r.p1)).toFixed(2)} p@${k} ${mean(of.map((r) => r.pk)).toFixed(2)}`;
			});
			const misses = rows
				.filter((r) => r.p1 < 1 || r.pk < 1)
				.map((r) => `  « ${r.q} » p@1 ${r.p1} p@${k} ${r.pk.toFixed(2)} → ${r.top}`);
			console.info(
				[
					`${engine}: ${rows.length} queries, precision@1 ${p1.toFixed(3)}, precision@${k} ${pk.toFixed(3)}`,
					...kinds.map((line) => `  ${line}`),
					...misses
				].join('\n')
			);
			expect(p1).toBeGreaterThanOrEqual(THRESHOLDS[engine].p1);
			expect(pk).toBeGreaterThanOrEqual(THRESHOLDS[engine].pk);
		}
	);
});

/**
 * The generated set (scripts/lib/relevance-set.ts: queries built from the imported data by
 * rules that never look at the engines), test half only (tuning uses the development half,
 * `npm run eval:search`). A deterministic sample of each kind keeps the run short. Thresholds
 * per kind: see the README (« Évaluation générée »).
 */
const SAMPLE_PER_KIND = 30;
// Issue 10's floor on both engines: no kind of query below 0.90 (at most three misses in 30 —
// a 30-query sample cannot tell 0.95 from 0.93), and precision@1 ≥ 0.95 over the sample. The
// per-kind target of 0.95 is checked on the whole test half by `npm run eval:search` (README,
// « Évaluation générée »).
const GENERATED_THRESHOLDS: Record<'meilisearch' | 'postgres', { p1: number; p1All: number }> = {
	meilisearch: { p1: 0.9, p1All: 0.95 },
	postgres: { p1: 0.9, p1All: 0.95 }
};

describe('the generated relevance set', () => {
	it('has at least 1,000 queries of every kind, split into two halves', async () => {
		expect(generated.length).toBeGreaterThanOrEqual(1000);
		const kinds = new Set(generated.map((q) => q.kind));
		for (const kind of [
			'name',
			'fragment',
			'alias',
			'typo',
			'accent',
			'category-commune',
			'type-town',
			'code'
		])
			expect(kinds, kind).toContain(kind);
		// Former names: a kind of its own whenever the published data has some (lifecycle.json).
		const [row] = await sql<{ n: number }[]>`
			select count(*)::int as n from structures
			where status = 'published' and cardinality(former_names) > 0`;
		if (row!.n > 0) expect(kinds, 'former-name').toContain('former-name');
		const test = generated.filter((q) => q.half === 'test').length;
		expect(test).toBeGreaterThan(generated.length * 0.4);
		expect(test).toBeLessThan(generated.length * 0.6);
	});

	it.each(['meilisearch', 'postgres'] as const)(
		'%s ranks an expected structure first on the test half',
		async (engine) => {
			const queries = perKind(
				generated.filter((q) => q.half === 'test'),
				SAMPLE_PER_KIND
			);
			const evaluation = await evaluate(queries, engine);
			console.info(
				[
					`${engine}: ${evaluation.all.queries} generated queries (test half), p@1 ${evaluation.all.p1.toFixed(3)}`,
					...evaluation.kinds.map(
						(k) =>
							`  ${k.kind} (${k.queries}) p@1 ${k.p1.toFixed(3)} p@5 ${k.p5.toFixed(3)} MRR ${k.mrr.toFixed(3)}`
					),
					...evaluation.misses.map((m) => `  [${m.kind}] « ${m.q} » → ${m.top}`)
				].join('\n')
			);
			for (const kind of evaluation.kinds)
				expect(kind.p1, kind.kind).toBeGreaterThanOrEqual(GENERATED_THRESHOLDS[engine].p1);
			expect(evaluation.all.p1).toBeGreaterThanOrEqual(GENERATED_THRESHOLDS[engine].p1All);
		},
		300_000
	);
});
