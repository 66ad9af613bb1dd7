// npm run eval:search [-- --half development|test|both] [--engine meilisearch|postgres] [--misses 20] [--out file.json]
//
// The generated relevance set (scripts/lib/relevance-set.ts: ≥ 1,000 queries built from the
// published structures by rules that never look at the engines), run on both engines:
// precision@1, precision@5 and MRR per kind of query, as a Markdown table. Tune on the
// development half only; the integration test (search-generated-relevance.test.ts) holds the
// test half to thresholds. Meilisearch is measured on a side index (« …_eval_… », deleted
// afterwards) when MEILI_URL is set.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { config } from '../src/lib/server/config';
import * as db from '../src/lib/server/db';
import { connect } from '../src/lib/server/db/connection';
import { startEmbedded } from '../src/lib/server/db/embedded';
import { migrate } from '../src/lib/server/db/migrate';
import * as search from '../src/lib/server/search';
import { rebuild } from '../src/lib/server/search/index-admin';
import { meiliClient } from '../src/lib/server/search/meili';
import { evaluate, table, type Evaluation } from './lib/relevance-eval';
import { buildRelevanceSet } from './lib/relevance-set';

const { values } = parseArgs({
	options: {
		half: { type: 'string', default: 'development' },
		misses: { type: 'string', default: '15' },
		out: { type: 'string' },
		// An index already built from this database (skips the rebuild, is not deleted).
		index: { type: 'string' },
		// One engine only (meilisearch or postgres).
		engine: { type: 'string' }
	}
});

const sql = await connect({ url: config.databaseUrl, dataDir: config.dataDir });
try {
	await migrate(sql);
	db.use(sql);
	const set = await buildRelevanceSet(sql);
	if (values.out) writeFileSync(values.out, JSON.stringify(set, null, '\t'));
	const halves = values.half === 'both' ? ['development', 'test'] : [values.half!];
	const counts = Object.entries(
		set.reduce<Record<string, number>>((n, q) => ((n[q.kind] = (n[q.kind] ?? 0) + 1), n), {})
	);
	console.log(
		`${set.length} requêtes (${counts.map(([k, n]) => `${k} ${n}`).join(', ')}) ; ` +
			`développement ${set.filter((q) => q.half === 'development').length}, test ${set.filter((q) => q.half === 'test').length}\n`
	);
	const meili = search.meiliTarget();
	const target = meili
		? { ...meili, index: values.index ?? `${meili.index}_eval_${Date.now()}` }
		: null;
	if (target) {
		if (!values.index) await rebuild(sql, target, { completeOutbox: false });
		search.useMeilisearch(target);
	} else console.log('MEILI_URL n’est pas défini : seul le moteur PostgreSQL est mesuré.\n');
	for (const half of halves) {
		const queries = set.filter((q) => q.half === half);
		const evaluations: Evaluation[] = [];
		const engines = target ? (['meilisearch', 'postgres'] as const) : (['postgres'] as const);
		for (const engine of engines.filter((e) => !values.engine || e === values.engine))
			evaluations.push(await evaluate(queries, engine));
		console.log(`Moitié « ${half} » :\n\n${table(evaluations)}\n`);
		for (const e of evaluations) {
			const shown = e.misses.slice(0, Number(values.misses));
			if (shown.length) console.log(`${e.engine}, premiers échecs :`);
			for (const m of shown) console.log(`  [${m.kind}] « ${m.q} » → ${m.top}`);
		}
	}
	if (target && !values.index) await meiliClient('admin').deleteIndexIfExists(target.index);
} finally {
	await sql.end();
	if (!config.databaseUrl) await (await startEmbedded(config.dataDir)).stop();
}
process.exit(0);
