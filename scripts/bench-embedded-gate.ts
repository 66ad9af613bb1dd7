// npm run bench:gate [-- --runs 500]
//
// Cost of the password gate in front of the embedded database: the same queries through the
// gate (TCP + MD5 challenge, then piped to PGlite's Unix socket) and straight to the Unix
// socket, interleaved run by run in the same process so that the machine's load weighs on
// both alike: compare the ratios. A bare in-memory PGlite (no PostGIS) keeps the start short;
// the gate's work does not depend on the query.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import postgres from 'postgres';
import { openPasswordGate } from '../src/lib/server/db/password-gate';
import { percentile } from './lib/timing';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '500' } } });
const RUNS = Number(values.runs);

const dir = mkdtempSync(join(tmpdir(), 'cartonum-gate-bench-'));
const pg = await PGlite.create();
await pg.exec(
	'create table t as select g as id, md5(g::text) as label from generate_series(1, 1000) g'
);
const socket = new PGLiteSocketServer({
	db: pg,
	path: join(dir, '.s.PGSQL.5432'),
	maxConnections: 8
});
await socket.start();
const gate = await openPasswordGate({ upstream: socket.getServerConn(), password: 'bench' });

const options = { max: 1, prepare: false, onnotice: () => {} };
const direct = postgres({
	...options,
	path: socket.getServerConn(),
	user: 'postgres',
	database: 'postgres'
});
const gated = postgres(`postgres://postgres:bench@127.0.0.1:${gate.port}/postgres`, options);

const cases = {
	'select 1': (sql: postgres.Sql) => sql`select 1`,
	'100 rows': (sql: postgres.Sql) => sql`select * from t where id <= 100`
};
const connectTimes = { direct: [] as number[], gated: [] as number[] };
for (let i = 0; i < 20; i++) {
	for (const [name, url] of [
		[
			'direct',
			{ ...options, path: socket.getServerConn(), user: 'postgres', database: 'postgres' }
		],
		['gated', `postgres://postgres:bench@127.0.0.1:${gate.port}/postgres`]
	] as const) {
		const start = performance.now();
		const sql = typeof url === 'string' ? postgres(url, options) : postgres(url);
		await sql`select 1`;
		connectTimes[name].push(performance.now() - start);
		await sql.end();
	}
}

const report = (label: string, a: number[], b: number[]) => {
	a.sort((x, y) => x - y);
	b.sort((x, y) => x - y);
	const [a50, a95, b50, b95] = [
		percentile(a, 50),
		percentile(a, 95),
		percentile(b, 50),
		percentile(b, 95)
	];
	console.log(
		`${label.padEnd(22)} direct ${a50.toFixed(3)} / ${a95.toFixed(3)} ms   gate ${b50.toFixed(3)} / ${b95.toFixed(3)} ms   ×${(b50 / a50).toFixed(2)} / ×${(b95 / a95).toFixed(2)}`
	);
};
console.log(`p50 / p95, ${RUNS} runs each, interleaved`);
report('connect + select 1', connectTimes.direct, connectTimes.gated);
for (const [name, task] of Object.entries(cases)) {
	const times = { direct: [] as number[], gated: [] as number[] };
	for (let i = 0; i < 10; i++) await Promise.all([task(direct), task(gated)]);
	for (let i = 0; i < RUNS; i++) {
		for (const [which, sql] of [
			['direct', direct],
			['gated', gated]
		] as const) {
			const start = performance.now();
			await task(sql);
			times[which].push(performance.now() - start);
		}
	}
	report(name, times.direct, times.gated);
}

await direct.end();
await gated.end();
await gate.close();
await socket.stop();
await pg.close();
rmSync(dir, { recursive: true, force: true });
