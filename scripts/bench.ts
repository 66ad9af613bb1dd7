// Browse benchmark (npm run bench): import time of the region, then p50/p95 of the map's
// GeoJSON of the whole region and of a bbox page through the HTTP API, each against the
// bare SQL returning the same rows, measured in the same run on the same database.
//   BENCH_DATABASE_URL  a PostgreSQL+PostGIS database to use (emptied first); unset → embedded PGlite
//   BENCH_RUNS          timed runs per case (default 50)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../src/lib/server/db/connection';
import { startEmbedded } from '../src/lib/server/db/embedded';
import { migrate } from '../src/lib/server/db/migrate';
import { importAll } from '../src/lib/server/import';
import { buildIfNeeded, freePort, startApp, waitFor } from './lib/app-server';
import { measure, ms, ratio, type Timing } from './lib/timing';

process.env.LOG_LEVEL ??= 'silent';
const runs = Number(process.env.BENCH_RUNS ?? 50);
const databaseUrl = process.env.BENCH_DATABASE_URL;
const dataDir = mkdtempSync(join(tmpdir(), 'cartonum-bench-'));

buildIfNeeded();

const sql = await connect({ url: databaseUrl, dataDir });
if (databaseUrl) await sql.unsafe('drop schema if exists public cascade; create schema public');

const importStart = performance.now();
await migrate(sql);
await importAll(sql);
await sql`analyze`;
const importMs = performance.now() - importStart;
const [{ structures }] =
	(await sql`select count(*)::int as structures from structures`) as unknown as [
		{ structures: number }
	];

// The app server attaches to the same database (the embedded PGlite of this process, through
// its socket, or the same server database).
const port = await freePort();
const baseUrl = `http://127.0.0.1:${port}`;
const server = startApp({ entry: 'server.js', port, dataDir, databaseUrl });

try {
	await waitFor(`${baseUrl}/api/v1/programmes`);
	const bbox = [4.95, 47.25, 5.12, 47.38]; // Dijon and its neighbours
	const cases: { name: string; api: () => Promise<unknown>; bare: () => Promise<unknown> }[] = [
		{
			name: 'GeoJSON de la région (carte, toutes catégories)',
			api: () => fetchText(`${baseUrl}/api/v1/structures.geojson?format=light`),
			bare: () => sql`
				select id, name, category, ST_AsGeoJSON(geom, 6) as geometry
				from structures where status = 'published'`
		},
		{
			name: 'Page de liste dans une emprise (bbox, 100 éléments + total)',
			api: () => fetchText(`${baseUrl}/api/v1/structures?bbox=${bbox.join(',')}&limit=100`),
			bare: async () => {
				const envelope = sql`ST_MakeEnvelope(${bbox[0]!}, ${bbox[1]!}, ${bbox[2]!}, ${bbox[3]!}, 4326)`;
				await sql`
					select s.id, s.slug, s.name, s.categories, s.commune_code, ST_AsGeoJSON(s.geom, 6) as geometry,
						s.location_precision
					from structures s
					where s.status = 'published' and s.geom && ${envelope}
					order by s.name, s.id limit 100`;
				await sql`select count(*) from structures s where s.status = 'published' and s.geom && ${envelope}`;
			}
		}
	];

	const results: { name: string; api: Timing; bare: Timing }[] = [];
	for (const c of cases) {
		const bare = await measure(c.bare, runs);
		const api = await measure(c.api, runs);
		results.push({ name: c.name, api, bare });
	}

	console.log(
		`\n## Banc d’essai « parcourir » (${databaseUrl ? 'PostgreSQL serveur' : 'PGlite embarqué'}, ${runs} mesures)\n`
	);
	console.log(
		`Import de la région (migrations + référentiels + territoires + ${structures} structures) : ${(importMs / 1000).toFixed(1)} s\n`
	);
	console.log('| cas | SQL nu p50 | API p50 | ratio p50 | SQL nu p95 | API p95 | ratio p95 |');
	console.log('|---|---|---|---|---|---|---|');
	for (const r of results) {
		console.log(
			`| ${r.name} | ${ms(r.bare.p50)} | ${ms(r.api.p50)} | ${ratio(r.api.p50, r.bare.p50)} | ${ms(r.bare.p95)} | ${ms(r.api.p95)} | ${ratio(r.api.p95, r.bare.p95)} |`
		);
	}
} finally {
	// The app server must be gone before this process closes the database it attached to.
	await server.stop();
	await sql.end();
	if (!databaseUrl) await (await startEmbedded(dataDir)).stop();
	rmSync(dataDir, { recursive: true, force: true });
}

async function fetchText(url: string) {
	const response = await fetch(url);
	if (!response.ok) throw new Error(`${url} → ${response.status}`);
	return response.text();
}
