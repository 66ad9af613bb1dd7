import { emptyFilters } from '../../src/lib/domain/structure-filters';
import * as search from '../../src/lib/server/search';
import type { EngineName } from '../../src/lib/server/search';
import type { RelevanceQuery } from './relevance-set';

/** Results read per query: precision@5 and the reciprocal rank within the first 10. */
export const K = 5;
const DEPTH = 10;

export interface KindFigures {
	kind: string;
	queries: number;
	p1: number;
	p5: number;
	mrr: number;
}

export interface Evaluation {
	engine: EngineName;
	kinds: KindFigures[];
	all: KindFigures;
	misses: { q: string; kind: string; top: string }[];
}

/**
 * precision@1: share of queries whose first result is expected; precision@5: expected among
 * the first five over min(5, number expected), averaged; MRR: mean of 1 / rank of the first
 * expected result within the first ten (0 if none).
 */
export async function evaluate(queries: RelevanceQuery[], engine: EngineName): Promise<Evaluation> {
	const rows: { kind: string; p1: number; p5: number; rr: number; q: string; top: string }[] = [];
	for (const query of queries) {
		const started = performance.now();
		const result = await search
			.search(search.searchQuery({ ...emptyFilters(), q: query.q }, { limit: DEPTH }), { engine })
			.catch((error: unknown) => {
				throw new Error(`${engine} « ${query.q} » : ${JSON.stringify(error)}`);
			});
		if (process.env.EVAL_SLOW_MS && performance.now() - started > Number(process.env.EVAL_SLOW_MS))
			console.log(
				`lent (${Math.round(performance.now() - started)} ms) : ${engine} « ${query.q} »`
			);
		if (result.engine !== engine) throw new Error(`${engine} asked, ${result.engine} answered`);
		const expected = new Set(query.expected);
		const ids = result.hits.map((h) => h.id);
		const rank = ids.findIndex((id) => expected.has(id));
		rows.push({
			kind: query.kind,
			q: query.q,
			p1: rank === 0 ? 1 : 0,
			p5: ids.slice(0, K).filter((id) => expected.has(id)).length / Math.min(K, expected.size),
			rr: rank >= 0 ? 1 / (rank + 1) : 0,
			top: result.hits[0] ? `${result.hits[0].name} (${result.hits[0].commune?.name ?? '—'})` : '—'
		});
	}
	const figures = (kind: string, of: typeof rows): KindFigures => ({
		kind,
		queries: of.length,
		p1: mean(of.map((r) => r.p1)),
		p5: mean(of.map((r) => r.p5)),
		mrr: mean(of.map((r) => r.rr))
	});
	const kinds = [...new Set(rows.map((r) => r.kind))].sort();
	return {
		engine,
		kinds: kinds.map((kind) =>
			figures(
				kind,
				rows.filter((r) => r.kind === kind)
			)
		),
		all: figures('toutes', rows),
		misses: rows.filter((r) => r.p1 < 1).map(({ q, kind, top }) => ({ q, kind, top }))
	};
}

const mean = (values: number[]) =>
	values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;

/** A deterministic sample of at most `n` queries of each kind (the set is already shuffled). */
export function perKind(queries: RelevanceQuery[], n: number): RelevanceQuery[] {
	const seen = new Map<string, number>();
	return queries.filter((q) => {
		const count = seen.get(q.kind) ?? 0;
		seen.set(q.kind, count + 1);
		return count < n;
	});
}

/** The figures as a Markdown table (French headers, for the README). */
export function table(evaluations: Evaluation[]): string {
	const kinds = [...new Set(evaluations.flatMap((e) => e.kinds.map((k) => k.kind)))].sort();
	const f = (v: number) => v.toFixed(3).replace('.', ',');
	const lines = [
		`| Type de requête | Requêtes | ${evaluations.map((e) => `${e.engine} p@1 / p@5 / MRR`).join(' | ')} |`,
		`|---|--:|${evaluations.map(() => '---').join('|')}|`
	];
	for (const kind of [...kinds, 'toutes']) {
		const cells = evaluations.map((e) => {
			const k = kind === 'toutes' ? e.all : e.kinds.find((x) => x.kind === kind);
			return k ? `${f(k.p1)} / ${f(k.p5)} / ${f(k.mrr)}` : '—';
		});
		const n =
			kind === 'toutes'
				? evaluations[0]!.all.queries
				: evaluations[0]!.kinds.find((x) => x.kind === kind)?.queries;
		lines.push(`| ${kind} | ${n ?? 0} | ${cells.join(' | ')} |`);
	}
	return lines.join('\n');
}
