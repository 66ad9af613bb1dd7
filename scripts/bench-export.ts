// npm run bench:export [-- --schema synthetic_export] [--count 120000] [--runs 3] [--keep]
//                       [--heap 64] [--read-only]
//   --heap       V8 heap limit of every measured process (node --max-old-space-size), in Mo:
//                the streamed export must succeed within it; the bare SQL may run out of it
//                (reported as such, not as an error of the benchmark).
//   --read-only  a shared set (e.g. cn_scale, synthetic_national): never made, ANALYZEd or dropped.
//
// The bulk CSV file (GET /api/v1/structures.csv) on a synthetic national set: peak memory and
// time of the whole export, read to the end through the app's streaming and brotli compression,
// against baselines measured in the same run, each in a process of its own (peak RSS is per
// process):
//   - idle: the same process that only opens the database (modules loaded, one query);
//   - bare SQL: the same rows and columns in one query, held in memory (what a naive export
//     starts from, and the least time any export can take);
//   - one département: the streamed export of ~1 % of the rows — flat memory means the full
//     export needs no more than this.
// The set is made by scripts/synthetic-national.ts in a schema of its own (made if absent,
// ANALYZEd, dropped at the end unless --keep). Use DATABASE_URL (e.g. cn_opendata_test).
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { emptyFilters, type StructureFilters } from '../src/lib/domain/structure-filters';
import { compress } from '../src/lib/server/compression';
import { config } from '../src/lib/server/config';
import * as db from '../src/lib/server/db';
import { connect } from '../src/lib/server/db/connection';
import { structureRows } from '../src/lib/server/opendata/structures-file';
import * as opendata from '../src/lib/server/opendata';

process.env.LOG_LEVEL ??= 'silent';
const { values } = parseArgs({
	options: {
		schema: { type: 'string', default: 'synthetic_export' },
		count: { type: 'string', default: '120000' },
		runs: { type: 'string', default: '3' },
		keep: { type: 'boolean', default: false },
		child: { type: 'string' },
		heap: { type: 'string' },
		'read-only': { type: 'boolean', default: false },
		filter: { type: 'string', default: '' }
	}
});
const SCHEMA = values.schema!;
if (!/^synthetic_[a-z0-9_]+$/.test(SCHEMA)) {
	console.error('Le schéma doit s’appeler synthetic_…');
	process.exit(2);
}

type Mode = 'idle' | 'bare' | 'export';
interface Measure {
	ms: number;
	peakRssMb: number;
	/** Peak V8 heap in use, sampled every 10 ms. */
	peakHeapMb: number;
	/** The process ran out of its heap (--heap). */
	outOfMemory?: boolean;
	rows: number;
	bytes: number;
}

/** One measure, in this (child) process: prints it as JSON. */
async function child(mode: Mode, query: string) {
	const sql = await connect({ url: config.databaseUrl, dataDir: config.dataDir, schema: SCHEMA });
	db.use(sql);
	await sql`select 1`;
	let peakHeap = process.memoryUsage().heapUsed;
	const sampler = setInterval(
		() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)),
		10
	);
	const started = performance.now();
	let rows = 0;
	let bytes = 0;
	if (mode === 'bare') {
		const all = await structureRows(filtersOf(query), null, 10_000_000);
		rows = all.length;
	} else if (mode === 'export') {
		const url = new URL(`http://localhost/api/v1/structures.csv${query ? `?${query}` : ''}`);
		const request = new Request(url, { headers: { 'accept-encoding': 'br' } });
		const response = await compress(request, await opendata.structuresFile(request, url));
		rows = Number(response.headers.get('x-total-count'));
		const reader = response.body!.getReader();
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			bytes += value.byteLength;
		}
	}
	const ms = performance.now() - started;
	clearInterval(sampler);
	peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
	await sql.end();
	const result: Measure = {
		ms,
		peakRssMb: process.resourceUsage().maxRSS / 1024,
		peakHeapMb: peakHeap / 1_048_576,
		rows,
		bytes
	};
	console.log(JSON.stringify(result));
}

function filtersOf(query: string): StructureFilters {
	if (!query) return emptyFilters();
	const [name, value] = query.split('=');
	if (name !== 'territory' || !value) throw new Error(`unsupported filter ${query}`);
	const [kind, code] = value.split(':');
	if (kind !== 'dep' || !code) throw new Error(`unsupported territory ${value}`);
	return { ...emptyFilters(), territory: { kind: 'departement', code } };
}

function run(mode: Mode, filter = ''): Measure {
	const result = spawnSync(
		process.execPath,
		[
			...(values.heap ? [`--max-old-space-size=${Number(values.heap)}`] : []),
			'--import',
			'tsx',
			'scripts/bench-export.ts',
			'--child',
			mode,
			'--schema',
			SCHEMA,
			'--filter',
			filter
		],
		{ encoding: 'utf8', env: process.env, maxBuffer: 1 << 20 }
	);
	if (result.status !== 0) {
		if (values.heap && /heap out of memory|Allocation failed/i.test(result.stderr))
			return { ms: NaN, peakRssMb: NaN, peakHeapMb: NaN, rows: 0, bytes: 0, outOfMemory: true };
		throw new Error(`${mode} failed:\n${result.stderr}`);
	}
	return JSON.parse(result.stdout.trim().split('\n').pop()!) as Measure;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
	if (!config.databaseUrl) {
		console.error(
			'DATABASE_URL requis (un serveur PostgreSQL, par exemple postgres://postgres@127.0.0.1:5432/cn_opendata_test).'
		);
		process.exit(2);
	}
	const admin = await connect({ url: config.databaseUrl, dataDir: '', schema: SCHEMA, max: 1 });
	const readOnly = values['read-only'];
	const [exists] = await admin`select 1 from pg_namespace where nspname = ${SCHEMA}`;
	if (!exists && readOnly) {
		console.error(`Schéma ${SCHEMA} absent (--read-only : il n’est pas créé).`);
		process.exit(2);
	}
	if (!exists) {
		console.log(`Jeu synthétique de ${values.count} structures dans ${SCHEMA}…`);
		const made = spawnSync(
			process.execPath,
			[
				'--import',
				'tsx',
				'scripts/synthetic-national.ts',
				'--schema',
				SCHEMA,
				'--count',
				values.count!
			],
			{ stdio: 'inherit', env: process.env }
		);
		if (made.status !== 0) process.exit(made.status ?? 1);
	}
	// autovacuum is off on the local server: statistics are needed for sane plans.
	if (!readOnly) await admin.unsafe(`analyze`);
	const [{ total }] = (await admin`
		select count(*)::int as total from structures where status = 'published'`) as unknown as [
		{ total: number }
	];
	const [{ code, rows: depRows }] = (await admin`
		select c.departement_code as code, count(*)::int as rows
		from structures s join territories c on c.kind = 'commune' and c.insee_code = s.commune_code
		where s.status = 'published' group by 1 order by 2 limit 1`) as unknown as [
		{ code: string; rows: number }
	];
	await admin.end();

	const runs = Number(values.runs);
	const series: Record<string, Measure[]> = { idle: [], bare: [], small: [], full: [] };
	// Interleaved run by run, so that the machine's load weighs on every case alike.
	for (let i = 0; i < runs; i++) {
		series.idle!.push(run('idle'));
		series.bare!.push(run('bare'));
		series.small!.push(run('export', `territory=dep:${code}`));
		series.full!.push(run('export'));
	}
	const failed = (name: string) => series[name]!.some((m) => m.outOfMemory);
	for (const name of ['idle', 'small', 'full'])
		if (failed(name)) throw new Error(`${name}: tas de ${values.heap} Mo épuisé`);
	const rss = (name: string) => median(series[name]!.map((m) => m.peakRssMb));
	const heap = (name: string) => median(series[name]!.map((m) => m.peakHeapMb));
	const time = (name: string) => median(series[name]!.map((m) => m.ms));
	const idle = rss('idle');
	const full = series.full![0]!;
	console.log(
		`\nstructures.csv sur ${total.toLocaleString('fr-FR')} structures synthétiques (${runs} mesures, médianes) :`
	);
	console.log(
		`  export complet  : ${full.rows.toLocaleString('fr-FR')} lignes, ${(full.bytes / 1e6).toFixed(1)} Mo compressés (brotli), ${(time('full') / 1000).toFixed(1)} s`
	);
	if (failed('bare'))
		console.log(
			`  SQL nu (mêmes lignes et colonnes, en mémoire) : échec, tas de ${values.heap} Mo épuisé — l’export en flux, lui, passe dans ce tas`
		);
	else
		console.log(
			`  SQL nu (mêmes lignes et colonnes, en mémoire) : ${(time('bare') / 1000).toFixed(1)} s → temps ×${(time('full') / time('bare')).toFixed(2)}`
		);
	console.log(
		`  tas V8 en pointe${values.heap ? ` (limite ${values.heap} Mo)` : ''} : au repos ${heap('idle').toFixed(0)} Mo ; département ${heap('small').toFixed(0)} Mo ; export complet ${heap('full').toFixed(0)} Mo${failed('bare') ? '' : ` ; SQL nu ${heap('bare').toFixed(0)} Mo`}`
	);
	console.log(
		`  mémoire de pointe (RSS) : au repos ${idle.toFixed(0)} Mo ; export d’un département (${depRows.toLocaleString('fr-FR')} lignes) ${rss('small').toFixed(0)} Mo ; export complet ${rss('full').toFixed(0)} Mo${failed('bare') ? '' : ` ; SQL nu ${rss('bare').toFixed(0)} Mo`}`
	);
	console.log(
		`  surcoût mémoire au-dessus du repos : export complet +${(rss('full') - idle).toFixed(0)} Mo (département : +${(rss('small') - idle).toFixed(0)} Mo, soit ×${((rss('full') - idle) / Math.max(1, rss('small') - idle)).toFixed(2)} pour ${(total / depRows).toFixed(0)} fois plus de lignes)${failed('bare') ? '' : ` ; SQL nu +${(rss('bare') - idle).toFixed(0)} Mo`}`
	);
	if (!values.keep && !readOnly) {
		const cleanup = await connect({ url: config.databaseUrl, dataDir: '', max: 1 });
		await cleanup.unsafe(`drop schema ${SCHEMA} cascade`);
		await cleanup.end();
		console.log(`  (schéma ${SCHEMA} supprimé)`);
	}
}

if (values.child) await child(values.child as Mode, values.filter ?? '');
else await main();
