// Map benchmark (npm run bench:map): time until the home page's map has drawn its clusters, in
// headless Chromium on the production build, with the structure data transferred until then and
// the JavaScript heap (page and workers).
// - Region (default): the app against a bare MapLibre page served as static files that loads
//   the same boundary tiles and the same structures as one GeoJSON clustered in the browser,
//   alternated run by run in the same run.
// - National (`-- --schema synthetic_n1m`, BENCH_DATABASE_URL the database holding that schema,
//   e.g. cn_scale): the app alone, whole country (`/`) and the busiest département, on a
//   synthetic set of scripts/synthetic-national.ts. The app runs on that schema through its
//   connection URL (`?search_path=<schema>,public`, passed to PostgreSQL as a startup
//   parameter); it must find every migration already applied there, and the run checks that
//   it wrote nothing (PostgreSQL's row counters of the schema before and after).
// Uses the existing production build (build/): run `npm run build` first.
//   BENCH_DATABASE_URL  a PostgreSQL+PostGIS database (imported when it holds no structure and
//                       no schema is given); unset → a fresh embedded PGlite
//   BENCH_MAP_RUNS / --runs   cold runs of each page (default 5)
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { freePort, startApp, waitFor } from './lib/app-server';
import { loadavg, tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { connect, type Sql } from '../src/lib/server/db/connection';
import { startEmbedded } from '../src/lib/server/db/embedded';
import { migrate, migrationsDir } from '../src/lib/server/db/migrate';
import { importAll } from '../src/lib/server/import';
import { CLUSTERS_DRAWN_MARK } from '../src/lib/map/marks';
import { offlineStyle, type LonLatBounds } from '../src/lib/map/style';
import { structureLayers, structuresSource } from '../src/lib/map/structure-layers';
import { CHROMIUM_ARGS, VIEWPORT, measureMapLoad, type MapLoad } from './lib/map-browser';
import { percentile } from './lib/timing';

process.env.LOG_LEVEL ??= 'silent';
const { values } = parseArgs({
	options: {
		schema: { type: 'string' },
		runs: { type: 'string', default: process.env.BENCH_MAP_RUNS ?? '5' }
	}
});
const runs = Number(values.runs);
const schema = values.schema;
const databaseUrl = process.env.BENCH_DATABASE_URL;
const dataDir = mkdtempSync(join(tmpdir(), 'cartonum-bench-map-'));
/** Structure data on the wire: tiles, or the GeoJSON of the old design and the bare page. */
const isData = (url: string) =>
	url.includes('/tiles/structures/') || /\/structures\.geojson|\/api\/v1\/structures/.test(url);

if (!existsSync('build/index.js')) {
	console.error('Aucune version de production dans build/ : lancez d’abord `npm run build`.');
	process.exit(1);
}
if (schema && !databaseUrl) {
	console.error('--schema demande BENCH_DATABASE_URL (la base qui porte ce schéma, ex. cn_scale).');
	process.exit(1);
}
if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) {
	console.error(`Nom de schéma invalide : « ${schema} ».`);
	process.exit(1);
}

const sql = await connect({ url: databaseUrl, dataDir, ...(schema ? { schema } : {}) });
let appDatabaseUrl = databaseUrl ?? '';
let writesBefore: number | null = null;
if (schema) {
	await checkSchema(sql, schema);
	const url = new URL(databaseUrl!);
	url.searchParams.set('search_path', `${schema},public`);
	appDatabaseUrl = url.toString();
	writesBefore = await writes(sql, schema);
} else {
	await migrate(sql);
	const [{ published }] = (await sql`
		select count(*)::int as published from structures where status = 'published'`) as unknown as [
		{ published: number }
	];
	if (published === 0) {
		console.log('Import des données de la région…');
		await importAll(sql);
		await sql`analyze`;
	}
}

const appPort = await freePort();
const server = startApp({
	entry: 'build',
	port: appPort,
	dataDir,
	databaseUrl: appDatabaseUrl,
	env: { PUBLIC_BASEMAP_STYLE_URL: '' }
});
const appUrl = server.url;

let bare: Server | null = null;
let browser: Browser | null = null;
try {
	await waitFor(`${appUrl}/api/v1/programmes`);
	browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
	const load = () =>
		loadavg()
			.map((n) => n.toFixed(1))
			.join(' / ');
	const loadBefore = load();
	const pages: { name: string; url: string }[] = [];
	if (schema) {
		// From the cells kept by trigger: no scan of the structures.
		const [busiest] = (await sql`
			select t.code, min(t.name) as name from structure_cells c
			join territories t on t.kind = 'departement' and t.code = 'dep:' || c.departement_code
			where c.level = 6 and c.programme = 0 and c.departement_code <> ''
			group by t.code order by sum(c.count) desc limit 1`) as unknown as [{ code: string; name: string }];
		pages.push({ name: 'pays entier (/)', url: `${appUrl}/` });
		if (busiest) {
			pages.push({
				name: `département le plus fourni (${busiest.name})`,
				url: `${appUrl}/?territory=${busiest.code}`
			});
		}
	} else {
		// The region's extent, as the app's page gets it (tiles.bounds()).
		const [region] = (await sql`
			select ST_XMin(b) as w, ST_YMin(b) as s, ST_XMax(b) as e, ST_YMax(b) as n
			from (select ST_Extent(geom)::box2d as b from territories where kind = 'region') r`) as unknown as [
			{ w: number; s: number; e: number; n: number }
		];
		const bounds: LonLatBounds = [region.w, region.s, region.e, region.n];
		const geojson = await (await fetch(`${appUrl}/api/v1/structures.geojson?format=light`)).text();
		const barePort = await freePort();
		bare = await serveBarePage(barePort, appUrl, bounds, geojson);
		pages.push({ name: 'carte de l’application (/)', url: `${appUrl}/` });
		pages.push({
			name: 'page MapLibre nue, GeoJSON (fichiers statiques)',
			url: `http://127.0.0.1:${barePort}/`
		});
	}
	// One warm-up of each, untimed: Chromium's own first start (shader compilation…) is not the page's.
	for (const { url } of pages) await measureMapLoad(browser, url, isData);
	const measured = pages.map(() => [] as MapLoad[]);
	// Alternated, so that a busy moment of the machine weighs on every page alike.
	for (let i = 0; i < runs; i++) {
		for (const [k, { url }] of pages.entries()) {
			measured[k]!.push(await measureMapLoad(browser, url, isData));
		}
	}
	const median = (numbers: number[]) =>
		percentile(
			[...numbers].sort((a, b) => a - b),
			50
		);
	const kb = (bytes: number) => `${Math.round(bytes / 1024)} Ko`;
	const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} Mo`;
	const [{ n }] = (await sql`
		select count(*)::int as n from structures where status = 'published'`) as unknown as [
		{ n: number }
	];
	console.log(
		`\n## Banc d’essai « carte » (${schema ? `schéma ${schema}` : databaseUrl ? 'PostgreSQL serveur' : 'PGlite embarqué'}, ${n.toLocaleString('fr-FR')} structures, ${runs} chargements à froid, Chromium sans tête ${VIEWPORT.width}×${VIEWPORT.height})\n`
	);
	console.log(
		'| page | grappes dessinées, médiane | mesures (ms) | données des structures transférées | tout transféré | tas JS (page + workers) |'
	);
	console.log('|---|---|---|---|---|---|');
	for (const [k, { name }] of pages.entries()) {
		const m = measured[k]!;
		console.log(
			`| ${name} | ${Math.round(median(m.map((r) => r.ms)))} ms | ${m.map((r) => Math.round(r.ms)).join(', ')} | ${kb(median(m.map((r) => r.dataBytes)))} | ${kb(median(m.map((r) => r.totalBytes)))} | ${mb(median(m.map((r) => r.heapBytes)))} |`
		);
	}
	if (!schema) {
		const ratio = median(measured[0]!.map((r) => r.ms)) / median(measured[1]!.map((r) => r.ms));
		console.log(`\nRapport application ÷ page nue (médianes) : ×${ratio.toFixed(2)}`);
	}
	console.log(`\nCharge de la machine (1 / 5 / 15 min) : avant ${loadBefore}, après ${load()}.`);
	if (schema) {
		// PostgreSQL publishes its counters within a second of each transaction.
		await new Promise((r) => setTimeout(r, 1500));
		const written = (await writes(sql, schema)) - writesBefore!;
		console.log(`Lignes écrites dans le schéma ${schema} pendant la mesure : ${written}.`);
		if (written !== 0) process.exitCode = 1;
	}
} finally {
	await browser?.close();
	bare?.close();
	// The app server must be gone before this process closes the database it attached to.
	await server.stop();
	await sql.end();
	if (!databaseUrl) await (await startEmbedded(dataDir)).stop();
	rmSync(dataDir, { recursive: true, force: true });
}

/** The schema must hold the whole set and every migration: the app must find nothing to do. */
async function checkSchema(db: Sql, name: string) {
	const [exists] = await db`select 1 from pg_namespace where nspname = ${name}`;
	if (!exists) {
		console.error(
			`Jeu synthétique absent (schéma ${name}) : lancez d’abord npx tsx scripts/synthetic-national.ts --schema ${name}.`
		);
		process.exit(1);
	}
	const applied = new Set(
		((await db`select name from schema_migrations`) as unknown as { name: string }[]).map(
			(r) => r.name
		)
	);
	const pending = readdirSync(migrationsDir).filter(
		(f) => /^\d+_.+\.sql$/.test(f) && !applied.has(f)
	);
	if (pending.length) {
		console.error(
			`Le schéma ${name} n’a pas les migrations ${pending.join(', ')} : l’application les appliquerait. Copiez le schéma et migrez la copie.`
		);
		process.exit(1);
	}
}

/** Rows inserted, updated or deleted in the schema since PostgreSQL's counters started. */
async function writes(db: Sql, name: string): Promise<number> {
	const [row] = (await db`
		select coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::bigint as n
		from pg_stat_user_tables where schemaname = ${name}`) as unknown as [{ n: bigint }];
	return Number(row.n);
}

/**
 * The reference: one HTML file, MapLibre's own ES modules and CSS, the GeoJSON as a static file
 * (compressed), and the app's boundary tiles passed through. Same style, source and clustering.
 */
function serveBarePage(
	port: number,
	appUrl: string,
	bounds: LonLatBounds,
	geojson: string
): Promise<Server> {
	const dist = resolve('node_modules/maplibre-gl/dist');
	const origin = `http://127.0.0.1:${port}`;
	const style = offlineStyle({ origin, bounds });
	const script = `
import * as maplibregl from '/maplibre/maplibre-gl.mjs';
maplibregl.setWorkerUrl('/maplibre/maplibre-gl-worker.mjs');
const map = new maplibregl.Map({
	container: 'map',
	style: ${JSON.stringify(style)},
	bounds: ${JSON.stringify(bounds)},
	fitBoundsOptions: { padding: { top: 24, right: 56, bottom: 64, left: 24 } }
});
map.on('load', () => {
	map.addSource('structures', ${JSON.stringify(structuresSource('/structures.geojson'))});
	for (const layer of ${JSON.stringify(structureLayers())}) map.addLayer(layer);
});
map.on('idle', () => {
	if (performance.getEntriesByName('${CLUSTERS_DRAWN_MARK}').length) return;
	if (map.getLayer('structures-clusters') && map.queryRenderedFeatures({ layers: ['structures-clusters'] }).length > 0)
		performance.mark('${CLUSTERS_DRAWN_MARK}');
});`;
	const html = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>MapLibre nu</title>
<link rel="stylesheet" href="/maplibre/maplibre-gl.css">
<style>html,body,#map{margin:0;height:100%}</style></head>
<body><div id="map"></div><script type="module" src="/bare.js"></script></body></html>`;
	const files: Record<string, { type: string; body: Buffer }> = {
		'/': { type: 'text/html; charset=utf-8', body: Buffer.from(html) },
		'/bare.js': { type: 'text/javascript', body: Buffer.from(script) },
		'/structures.geojson': { type: 'application/geo+json', body: Buffer.from(geojson) }
	};
	for (const name of ['maplibre-gl.mjs', 'maplibre-gl-worker.mjs', 'maplibre-gl.css']) {
		files[`/maplibre/${name}`] = {
			type: extname(name) === '.css' ? 'text/css' : 'text/javascript',
			body: readFileSync(join(dist, name))
		};
	}
	// Compressed once, as a static server would serve precompressed files.
	const compressed = Object.fromEntries(
		Object.entries(files).map(([path, file]) => [path, gzipSync(file.body)])
	);
	const http = createHttpServer(async (request, response) => {
		const path = new URL(request.url ?? '/', origin).pathname;
		if (path.startsWith('/tiles/')) {
			// Node's fetch decodes the body: it is compressed again here, as the app sends it.
			const tile = await fetch(`${appUrl}${path}`);
			const body = gzipSync(Buffer.from(await tile.arrayBuffer()));
			response.writeHead(tile.status, {
				'content-type': tile.headers.get('content-type') ?? 'application/octet-stream',
				'content-encoding': 'gzip'
			});
			response.end(body);
			return;
		}
		const file = files[path];
		if (!file) {
			response.writeHead(404).end();
			return;
		}
		response.writeHead(200, { 'content-type': file.type, 'content-encoding': 'gzip' });
		response.end(compressed[path]);
	});
	return new Promise((done) => http.listen(port, '127.0.0.1', () => done(http)));
}
