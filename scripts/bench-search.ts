// npm run bench:search [-- --dataset real|synthetic|both] [--rounds 5] [--schema synthetic_national]
//
// Latency of GET /api/v1/search (served over HTTP by this process, same handler as the app)
// for a rotating list of queries, against in the same run: a direct call to Meilisearch with
// the same search (overhead of the API), and the Postgres engine (Postgres vs Meilisearch).
// Measurements are interleaved per query, so the machine's load weighs on all three alike;
// compare the ratios. Also times a full indexing of each set into a side index (« …_bench_… »,
// deleted afterwards; the live index and the outbox are left alone).
//
// Real data: the configured database (DATABASE_URL or the embedded one), imported.
// Synthetic: the schema made by scripts/synthetic-national.ts.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { config } from '../src/lib/server/config';
import * as db from '../src/lib/server/db';
import { connect } from '../src/lib/server/db/connection';
import { startEmbedded } from '../src/lib/server/db/embedded';
import { migrate } from '../src/lib/server/db/migrate';
import * as search from '../src/lib/server/search';
import { rebuild, type RebuildReport } from '../src/lib/server/search/index-admin';
import { meiliFilter } from '../src/lib/server/search/meili-filter';
import { meiliClient } from '../src/lib/server/search/meili';
import { nodeHttpClient } from '../src/lib/server/search/meili-http';
import { GET } from '../src/routes/api/v1/search/+server';
import { syntheticSearchQueries } from './lib/search-queries';

const { values } = parseArgs({
	options: {
		dataset: { type: 'string', default: 'both' },
		rounds: { type: 'string', default: '5' },
		schema: { type: 'string', default: 'synthetic_national' }
	}
});
const ROUNDS = Number(values.rounds);
const datasets = values.dataset === 'both' ? ['real', 'synthetic'] : [values.dataset!];
const meili = search.meiliTarget();
if (!meili) console.log('MEILI_URL n’est pas défini : seul le moteur PostgreSQL est mesuré.\n');

/** Queries as API parameters: typed text, with and without the shared filters. */
function realQueries(): string[] {
	const suite = JSON.parse(readFileSync('test/fixtures/search-queries.json', 'utf8')) as {
		queries: { q: string }[];
	};
	return [
		...suite.queries.map((query) => new URLSearchParams({ q: query.q }).toString()),
		'q=coll%C3%A8ge&territory=dep%3A21',
		'q=fablab&bbox=4.5,46.9,5.5,47.6',
		'q=&category=mediation-numerique&territory=aca%3Abesancon',
		'q=lyc%C3%A9e&near=5.04,47.32',
		'q=&near=6.02,47.24&limit=10',
		'q=ecole&offset=40',
		'q=&programme=6'
	];
}

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function stats(samples: number[]) {
	const sorted = [...samples].sort((a, b) => a - b);
	return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

/** The handler of GET /api/v1/search behind a real HTTP server, as the app serves it. */
async function apiServer() {
	let requests = 0;
	const server = createServer(async (request, response) => {
		const url = new URL(request.url ?? '/', 'http://127.0.0.1');
		// Each request from its own address: the anonymous limit is paid for (one counter
		// write per search) but never reached.
		const client = `198.18.${(requests >> 8) & 255}.${requests++ & 255}`;
		const answer = await GET({
			url,
			getClientAddress: () => client,
			locals: { user: null }
		} as unknown as Parameters<typeof GET>[0]);
		response.writeHead(answer.status, Object.fromEntries(answer.headers));
		response.end(Buffer.from(await answer.arrayBuffer()));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { server, port: (server.address() as AddressInfo).port };
}

async function timed(run: () => Promise<unknown>): Promise<number> {
	const started = performance.now();
	await run();
	return performance.now() - started;
}

/** The main search the Meilisearch engine sends for these parameters, sent by hand. */
function directMeili(index: string, params: URLSearchParams) {
	const parsed = search.parseSearchQuery(params);
	if (!parsed.ok) throw new Error(parsed.message);
	const query = parsed.value;
	const body = {
		q: query.q,
		filter: meiliFilter(query.filters),
		facets: ['categories', 'programmes', 'departement_code', 'commune_code'],
		attributesToRetrieve: [
			'id',
			'slug',
			'name',
			'categories',
			'commune_code',
			'commune_name',
			'identifiers',
			'description',
			'location_precision',
			'_geo'
		],
		hitsPerPage: query.limit,
		page: Math.floor(query.offset / query.limit) + 1,
		matchingStrategy: 'all',
		...(query.near
			? { sort: [`_geoPoint(${query.near.lat}, ${query.near.lon}):asc`] }
			: query.q.trim()
				? {}
				: { sort: ['name_sort:asc'] })
	};
	// Raw HTTP through the same keep-alive transport as the app (see meili-http.ts).
	return () =>
		nodeHttpClient(`${meili!.url}/indexes/${index}/search`, {
			method: 'POST',
			headers: {
				'Content-Type': 'application/json',
				...(meili!.apiKey ? { Authorization: `Bearer ${meili!.apiKey}` } : {})
			},
			body: JSON.stringify(body)
		});
}

interface Figures {
	dataset: string;
	structures: number;
	queries: number;
	samples: number;
	indexing: RebuildReport | null;
	api: { p50: number; p95: number } | null;
	direct: { p50: number; p95: number } | null;
	postgres: { p50: number; p95: number };
}

async function bench(dataset: string): Promise<Figures> {
	const schema = dataset === 'synthetic' ? values.schema : undefined;
	const sql = await connect({ url: config.databaseUrl, dataDir: config.dataDir, schema });
	if (schema) await sql.unsafe(`set search_path to ${schema}, public`);
	else await migrate(sql);
	db.use(sql);
	const [{ n }] =
		(await sql`select count(*)::int as n from structures where status = 'published'`) as unknown as [
			{ n: number }
		];
	const queries = dataset === 'synthetic' ? await syntheticSearchQueries(sql) : realQueries();
	console.log(
		`${dataset} : ${n.toLocaleString('fr-FR')} structures, ${queries.length} requêtes × ${ROUNDS}`
	);

	const target = meili ? { ...meili, index: `${meili.index}_bench_${dataset}` } : null;
	let indexing: RebuildReport | null = null;
	if (target) {
		indexing = await rebuild(sql, target, { completeOutbox: false });
		console.log(
			`  indexation complète : ${indexing.documents} documents en ${(indexing.totalMs / 1000).toFixed(1)} s`
		);
	}
	const { server, port } = await apiServer();
	const api = (params: string) => async () => {
		const response = await fetch(`http://127.0.0.1:${port}/api/v1/search?${params}`);
		const body = (await response.json()) as { engine?: string; error?: unknown };
		if (!response.ok) throw new Error(`API ${response.status}: ${JSON.stringify(body)}`);
		return body.engine;
	};
	const samples = { api: [] as number[], direct: [] as number[], postgres: [] as number[] };
	const slowest = new Map<string, number>();
	const note = (mode: string, params: string, t: number) => {
		const key = `${mode} ${decodeURIComponent(params)}`;
		slowest.set(key, Math.max(slowest.get(key) ?? 0, t));
	};
	for (let round = 0; round <= ROUNDS; round++) {
		const warmup = round === 0;
		for (const params of queries) {
			if (target) {
				search.useMeilisearch(target);
				let engine: unknown;
				const t = await timed(async () => (engine = await api(params)()));
				if (engine !== 'meilisearch') throw new Error(`API answered with ${String(engine)}`);
				const d = await timed(directMeili(target.index, new URLSearchParams(params)));
				if (!warmup) {
					samples.api.push(t);
					samples.direct.push(d);
					note('api-meilisearch', params, t);
					note('meilisearch-direct', params, d);
				}
			}
			search.useMeilisearch(null);
			const p = await timed(api(params));
			if (!warmup) {
				samples.postgres.push(p);
				note('api-postgres', params, p);
			}
		}
	}
	server.close();
	console.log('  les plus lentes :');
	for (const [key, t] of [...slowest].sort((a, b) => b[1] - a[1]).slice(0, 8))
		console.log(`    ${t.toFixed(0)} ms  ${key}`);
	if (target) {
		search.useMeilisearch(target);
		await meiliClient('admin').deleteIndexIfExists(target.index);
	}
	await sql.end();
	return {
		dataset,
		structures: n,
		queries: queries.length,
		samples: samples.postgres.length,
		indexing,
		api: target ? stats(samples.api) : null,
		direct: target ? stats(samples.direct) : null,
		postgres: stats(samples.postgres)
	};
}

const ms = (v: number) => `${v.toFixed(1)} ms`;
const results: Figures[] = [];
try {
	for (const dataset of datasets) results.push(await bench(dataset));
} finally {
	if (!config.databaseUrl) await (await startEmbedded(config.dataDir)).stop();
}

console.log(
	'\n| Jeu | Structures | Mesures | API (Meilisearch) p50 / p95 | Meilisearch direct p50 / p95 | Surcoût API p50 / p95 | API (PostgreSQL) p50 / p95 | PostgreSQL ÷ Meilisearch p50 / p95 | Indexation complète |'
);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
	const ratio = (a: number, b: number) => `× ${(a / b).toFixed(1)}`;
	console.log(
		`| ${r.dataset === 'real' ? 'réel (BFC)' : 'synthétique national'} | ${r.structures.toLocaleString('fr-FR')} | ${r.samples} | ` +
			(r.api && r.direct
				? `${ms(r.api.p50)} / ${ms(r.api.p95)} | ${ms(r.direct.p50)} / ${ms(r.direct.p95)} | ${ratio(r.api.p50, r.direct.p50)} / ${ratio(r.api.p95, r.direct.p95)} | `
				: '— | — | — | ') +
			`${ms(r.postgres.p50)} / ${ms(r.postgres.p95)} | ` +
			(r.api
				? `${ratio(r.postgres.p50, r.api.p50)} / ${ratio(r.postgres.p95, r.api.p95)} | `
				: '— | ') +
			(r.indexing
				? `${(r.indexing.totalMs / 1000).toFixed(1)} s (lecture ${(r.indexing.readMs / 1000).toFixed(1)} s, indexation ${(r.indexing.indexMs / 1000).toFixed(1)} s) |`
				: '— |')
	);
}
process.exit(0);
