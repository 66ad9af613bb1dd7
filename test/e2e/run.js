// Builds the app, starts the production server on a fresh database with the real data
// imported, and runs the browser journeys (test/e2e/*.test.ts) against it.
//   E2E_DATABASE_URL  a PostgreSQL+PostGIS database to use (emptied first); unset → embedded PGlite
//   E2E_SKIP_BUILD=1  reuse an existing build/
// Extra arguments go to vitest (e.g. a file filter: `npm run test:e2e -- contacts`).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** @param {string} cmd @param {string[]} args @param {Record<string, string>} [env] */
const run = (cmd, args, env = {}) => {
	const result = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
	if (result.status !== 0) process.exit(result.status ?? 1);
};

if (!process.env.E2E_SKIP_BUILD) run('npx', ['vite', 'build']);

const port = await new Promise((resolve) => {
	const srv = createServer().listen(0, '127.0.0.1', () => {
		const address = srv.address();
		srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
	});
});
const dataDir = mkdtempSync(join(tmpdir(), 'cartonum-e2e-'));
const databaseUrl = process.env.E2E_DATABASE_URL;
if (databaseUrl) {
	run('node', [
		'-e',
		`const p=require('postgres')(process.argv[1],{max:1,onnotice:()=>{}});p.unsafe('drop schema if exists public cascade; create schema public').then(()=>p.end())`,
		databaseUrl
	]);
}
const baseUrl = `http://127.0.0.1:${port}`;
const server = spawn('node', ['build'], {
	stdio: ['ignore', 'pipe', 'inherit'],
	env: {
		...process.env,
		PORT: String(port),
		HOST: '127.0.0.1',
		ORIGIN: baseUrl,
		DATA_DIR: dataDir,
		DATABASE_URL: databaseUrl ?? '',
		MEILI_URL: '',
		LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'silent'
	}
});
server.stdout.on('data', (chunk) => process.env.E2E_VERBOSE && process.stdout.write(chunk));
/** @type {number | null} */
let exited = null;
server.on('exit', (status) => (exited = status ?? -1));

let code = 1;
try {
	const started = Date.now();
	let up = false;
	while (!up && exited === null && Date.now() - started < 180_000) {
		try {
			up = (await fetch(`${baseUrl}/api/v1/programmes`)).ok;
		} catch {
			// not listening yet
		}
		if (!up) await new Promise((r) => setTimeout(r, 500));
	}
	if (exited !== null) throw new Error(`the app stopped before answering (exit code ${exited})`);
	if (!up) throw new Error(`the app did not answer on ${baseUrl} within 180 s`);
	console.log(`App ready on ${baseUrl} in ${Math.round((Date.now() - started) / 1000)} s`);
	// E2E_JSON: also write vitest's JSON report there (CI sums up the counts from it).
	const report = process.env.E2E_JSON
		? ['--reporter=default', '--reporter=json', `--outputFile=${process.env.E2E_JSON}`]
		: [];
	const tests = spawnSync('npx', ['vitest', 'run', '--config', 'vitest.e2e.config.ts', ...report, ...process.argv.slice(2)], {
		stdio: 'inherit',
		env: {
			...process.env,
			E2E_BASE_URL: baseUrl,
			E2E_DATABASE_URL: databaseUrl ?? '',
			E2E_DATA_DIR: dataDir
		}
	});
	code = tests.status ?? 1;
} catch (error) {
	console.error(String(error));
} finally {
	server.kill('SIGTERM');
	await new Promise((r) => setTimeout(r, 1000));
	rmSync(dataDir, { recursive: true, force: true });
}
process.exit(code);
