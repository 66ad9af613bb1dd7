// Map benchmark (npm run bench:map): time until the home page's map has drawn its clusters, in
// headless Chromium, against a bare MapLibre page served as static files that loads the same
// boundary tiles and the same GeoJSON with the same clustering, measured in the same run.
// Uses the existing production build (build/): run `npm run build` first.
//   BENCH_DATABASE_URL  a PostgreSQL+PostGIS database (imported when it holds no structure);
//                       unset → a fresh embedded PGlite
//   BENCH_MAP_RUNS      cold runs of each page (default 5)
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { connect } from '../src/lib/server/db/connection';
import { startEmbedded } from '../src/lib/server/db/embedded';
import { migrate } from '../src/lib/server/db/migrate';
import { importAll } from '../src/lib/server/import';
import { CLUSTERS_DRAWN_MARK } from '../src/lib/map/marks';
import { offlineStyle, type LonLatBounds } from '../src/lib/map/style';
import { structureLayers, structuresSource } from '../src/lib/map/structure-layers';
import { freePort, startApp, waitFor } from './lib/app-server';
import { percentile } from './lib/timing';

process.env.LOG_LEVEL ??= 'silent';
const runs = Number(process.env.BENCH_MAP_RUNS ?? 5);
const databaseUrl = process.env.BENCH_DATABASE_URL;
const dataDir = mkdtempSync(join(tmpdir(), 'cartonum-bench-map-'));
const VIEWPORT = { width: 1280, height: 800 };
const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--headless',
	'--disable-gpu',
	'--use-angle=swiftshader',
	'--enable-unsafe-swiftshader',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--disable-quic'
];

if (!existsSync('build/index.js')) {
	console.error('Aucune version de production dans build/ : lancez d’abord `npm run build`.');
	process.exit(1);
}

const sql = await connect({ url: databaseUrl, dataDir });
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

const appPort = await freePort();
const appUrl = `http://127.0.0.1:${appPort}`;
const server = startApp({
	entry: 'build',
	port: appPort,
	dataDir,
	databaseUrl,
	env: { PUBLIC_BASEMAP_STYLE_URL: '' }
});

let bare: Server | null = null;
let browser: Browser | null = null;
try {
	await waitFor(`${appUrl}/api/v1/programmes`);
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
	const bareUrl = `http://127.0.0.1:${barePort}/`;

	browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
	// One warm-up of each, untimed: Chromium's own first start (shader compilation…) is not the page's.
	await clustersDrawnAfter(browser, `${appUrl}/`);
	await clustersDrawnAfter(browser, bareUrl);
	const app: number[] = [];
	const reference: number[] = [];
	// Alternated, so that a busy moment of the machine weighs on both.
	for (let i = 0; i < runs; i++) {
		app.push(await clustersDrawnAfter(browser, `${appUrl}/`));
		reference.push(await clustersDrawnAfter(browser, bareUrl));
	}
	const median = (values: number[]) =>
		percentile(
			[...values].sort((a, b) => a - b),
			50
		);
	const list = (values: number[]) => values.map((v) => Math.round(v)).join(', ');
	console.log(
		`\n## Banc d’essai « carte » (${databaseUrl ? 'PostgreSQL serveur' : 'PGlite embarqué'}, ${runs} chargements à froid, Chromium sans tête ${VIEWPORT.width}×${VIEWPORT.height})\n`
	);
	console.log('| page | grappes dessinées, médiane | mesures (ms) |');
	console.log('|---|---|---|');
	console.log(`| carte de l’application (/) | ${Math.round(median(app))} ms | ${list(app)} |`);
	console.log(
		`| page MapLibre nue (fichiers statiques) | ${Math.round(median(reference))} ms | ${list(reference)} |`
	);
	console.log(
		`\nRapport application ÷ page nue (médianes) : ×${(median(app) / median(reference)).toFixed(2)}`
	);
} finally {
	await browser?.close();
	bare?.close();
	// The app server must be gone before this process closes the database it attached to.
	await server.stop();
	await sql.end();
	if (!databaseUrl) await (await startEmbedded(dataDir)).stop();
	rmSync(dataDir, { recursive: true, force: true });
}

/** Milliseconds from navigation start to the first idle map showing clusters, cache empty. */
async function clustersDrawnAfter(browser: Browser, url: string): Promise<number> {
	const context = await browser.newContext({ viewport: VIEWPORT, locale: 'fr-FR' });
	try {
		const page = await context.newPage();
		await page.goto(url);
		const handle = await page.waitForFunction(
			(mark) => performance.getEntriesByName(mark)[0]?.startTime,
			CLUSTERS_DRAWN_MARK,
			{ timeout: 60_000, polling: 50 }
		);
		return (await handle.jsonValue()) as number;
	} finally {
		await context.close();
	}
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
