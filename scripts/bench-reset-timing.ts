// Password-reset timing benchmark (npm run bench:reset-timing): does the answer to « mot de
// passe oublié » tell whether an address has an account? p50/p95 of the HTTP answer for known
// and unknown addresses, interleaved at random on the production build, and their ratio. The
// baseline, measured in the same run on the same database: the work a request causes (account
// lookup, link, audit, email) timed in-process for known and unknown addresses — the difference
// that used to be inside the answer, and now happens after it.
//   BENCH_DATABASE_URL  a PostgreSQL+PostGIS database to use (emptied first); unset → embedded PGlite
//   BENCH_RUNS          timed requests per kind of address (default 100)
//   BENCH_PAUSE_MS      pause before each request (default 150)
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../src/lib/server/db/connection';
import { startEmbedded } from '../src/lib/server/db/embedded';
import { migrate } from '../src/lib/server/db/migrate';
import * as db from '../src/lib/server/db';
import { sendReset } from '../src/lib/server/auth/account';
import { buildIfNeeded, freePort, startApp, waitFor } from './lib/app-server';
import { ms, percentile, type Timing } from './lib/timing';

process.env.LOG_LEVEL ??= 'silent';
const runs = Number(process.env.BENCH_RUNS ?? 100);
const warmup = 10;
const pauseMs = Number(process.env.BENCH_PAUSE_MS ?? 150);
const databaseUrl = process.env.BENCH_DATABASE_URL;
const dataDir = mkdtempSync(join(tmpdir(), 'cartonum-bench-reset-'));

buildIfNeeded();

const sql = await connect({ url: databaseUrl, dataDir });
if (databaseUrl) await sql.unsafe('drop schema if exists public cascade; create schema public');
await migrate(sql);
db.use(sql);
// One account per known request: each gets the full work (at most 5 emails an hour go to one address).
const accounts = (runs + warmup) * 2;
await sql`insert into users (email, password_hash, display_name, email_verified_at)
	select 'connu-' || g || '@exemple.fr', 'not-a-hash', '', now() from generate_series(1, ${accounts}) g`;

const port = await freePort();
const baseUrl = `http://127.0.0.1:${port}`;
const server = startApp({ entry: 'server.js', port, dataDir, databaseUrl });

let serial = 0;
/** A loopback address per request: the per-address limit (20 an hour) never answers instead. */
const nextAddress = () => `127.0.${1 + Math.floor(serial / 200)}.${2 + (serial++ % 200)}`;

const stats = (values: number[]): Timing => {
	const sorted = [...values].sort((a, b) => a - b);
	return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), runs: sorted.length };
};

try {
	await waitFor(`${baseUrl}/compte/mot-de-passe-oublie`);
	let known = 0;
	let unknown = 0;
	const times = { known: [] as number[], unknown: [] as number[] };
	const answers = new Set<string>();
	const kinds = [...Array(runs + warmup).fill('known'), ...Array(runs + warmup).fill('unknown')];
	kinds.sort(() => Math.random() - 0.5);
	const seen = { known: 0, unknown: 0 };
	for (const kind of kinds as ('known' | 'unknown')[]) {
		const email =
			kind === 'known' ? `connu-${++known}@exemple.fr` : `inconnu-${++unknown}@exemple.fr`;
		// A pause, as a patient attacker would make: the work left by the previous request is
		// over, so that each answer is timed on its own.
		await new Promise((done) => setTimeout(done, pauseMs));
		const { ms: took, answer } = await postReset(email);
		answers.add(answer);
		if (++seen[kind] > warmup) times[kind].push(took);
	}
	const http = { known: stats(times.known), unknown: stats(times.unknown) };
	// The app's work after its last answers must end before this process queries again
	// (the embedded database has one backend for every client).
	await server.stop();
	const [{ issued }] = (await sql`select count(*)::int as issued from auth_tokens
		where purpose = 'password_reset'`) as unknown as [{ issued: number }];

	// The baseline, now that this process is the database's only client: the work a request
	// causes, timed in-process on fresh known accounts and on unknown addresses.
	const work = { known: [] as number[], unknown: [] as number[] };
	const from = { ip: '127.0.0.1', url: new URL(baseUrl) };
	for (let i = 0; i < runs + warmup; i++) {
		for (const kind of ['known', 'unknown'] as const) {
			const email =
				kind === 'known' ? `connu-${++known}@exemple.fr` : `inconnu-${++unknown}@exemple.fr`;
			const start = performance.now();
			await sendReset(email, from);
			if (i >= warmup) work[kind].push(performance.now() - start);
		}
	}
	const deferred = { known: stats(work.known), unknown: stats(work.unknown) };

	const x = (a: number, b: number) => `×${(a / b).toFixed(2)}`;
	const row = (name: string, t: { known: Timing; unknown: Timing }) =>
		`| ${name} | ${ms(t.known.p50)} / ${ms(t.known.p95)} | ${ms(t.unknown.p50)} / ${ms(t.unknown.p95)} | ${x(t.known.p50, t.unknown.p50)} / ${x(t.known.p95, t.unknown.p95)} |`;
	console.log(
		`\n## Banc d’essai « mot de passe oublié » (${databaseUrl ? 'PostgreSQL serveur' : 'PGlite embarqué'}, ${runs} mesures par cas, ordre aléatoire)\n`
	);
	console.log(
		'| mesure | adresse connue p50 / p95 | adresse inconnue p50 / p95 | connue ÷ inconnue p50 / p95 |'
	);
	console.log('|---|---|---|---|');
	console.log(row('réponse HTTP (ce que mesure un attaquant)', http));
	console.log(
		row('référence : travail fait après la réponse (compte, lien, journal, courriel)', deferred)
	);
	console.log(`\nRéponses distinctes (statut, redirection, corps) : ${answers.size}`);
	console.log(
		`Liens émis par l’application pendant les mesures HTTP : ${issued} (attendu ${runs + warmup})`
	);
} finally {
	await server.stop();
	await sql.end();
	if (!databaseUrl) await (await startEmbedded(dataDir)).stop();
	rmSync(dataDir, { recursive: true, force: true });
}

/** One « mot de passe oublié » form post, without JavaScript, from its own loopback address. */
function postReset(email: string): Promise<{ ms: number; answer: string }> {
	const body = new URLSearchParams({ email }).toString();
	return new Promise((resolve, reject) => {
		const start = performance.now();
		const req = request(
			`${baseUrl}/compte/mot-de-passe-oublie`,
			{
				method: 'POST',
				localAddress: nextAddress(),
				agent: false,
				headers: {
					accept: 'text/html',
					origin: baseUrl,
					'content-type': 'application/x-www-form-urlencoded',
					'content-length': Buffer.byteLength(body)
				}
			},
			(response) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('end', () => {
					const took = performance.now() - start;
					if (response.statusCode !== 303)
						return reject(new Error(`${email} → ${response.statusCode}`));
					resolve({
						ms: took,
						answer: `${response.statusCode} ${response.headers.location} ${Buffer.concat(chunks).toString()}`
					});
				});
			}
		);
		req.on('error', reject);
		req.end(body);
	});
}
