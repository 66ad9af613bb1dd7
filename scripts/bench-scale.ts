// npm run bench:scale [-- --schema synthetic_national] [--runs 30] [--only tiles,home,contacts,search]
//
// National scale, on a synthetic set made by scripts/synthetic-national.ts (server PostgreSQL:
// DATABASE_URL; the bare tile queries use ST_AsMVT, which the embedded PGlite lacks). Each
// figure is set against a baseline measured in the same run, interleaved run by run so that
// the machine's load weighs on both alike:
// - structure tiles at z5, z9, z13 over the densest place, cold (cache emptied before each run)
//   and cached, against PostGIS building the same tile with ST_AsMVT: clustering the raw points
//   on the fly, and from the cell table;
// - the home page's server load (the real `load` of src/routes/+page.server.ts) against the
//   scans it used to run (programme counts, category counts, total);
// - the contacts list of the busiest département against the bare spatial SQL;
// - the Postgres search engine over a rotating list of queries against the bare full-text SQL
//   (first page of the matches by rank).
// The benchmark only reads.
import { parseArgs } from 'node:util';
import { createServer } from 'vite';
import { parseSearchQuery } from '../src/lib/server/search/query';
import {
	emptyFilters,
	parseStructureFilters,
	type StructureFilters
} from '../src/lib/domain/structure-filters';
import { parseTerritory } from '../src/lib/domain/territory-code';
import { config } from '../src/lib/server/config';
import * as contacts from '../src/lib/server/contacts';
import * as db from '../src/lib/server/db';
import { connect, type Sql } from '../src/lib/server/db/connection';
import * as search from '../src/lib/server/search';
import { storedLevel } from '../src/lib/server/structures/cells';
import * as tiles from '../src/lib/server/tiles';
import { tileBounds3857 } from '../src/lib/server/tiles/tile-math';
import { syntheticSearchQueries } from './lib/search-queries';
import { percentile } from './lib/timing';

process.env.LOG_LEVEL ??= 'silent';
const { values } = parseArgs({
	options: {
		schema: { type: 'string', default: 'synthetic_national' },
		runs: { type: 'string', default: '30' },
		only: { type: 'string', default: 'tiles,home,contacts,search' }
	}
});
const RUNS = Number(values.runs);
const ONLY = new Set(values.only!.split(','));
const staff: contacts.Viewer = { id: '00000000-0000-4000-8000-000000000000', role: 'admin' };

async function timed(run: () => Promise<unknown>): Promise<number> {
	const started = performance.now();
	await run();
	return performance.now() - started;
}

type Stats = { p50: number; p95: number };
const stats = (samples: number[]): Stats => {
	const sorted = [...samples].sort((a, b) => a - b);
	return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
};
const fmt = (s: Stats) => `${s.p50.toFixed(1)} / ${s.p95.toFixed(1)} ms`;
const times = (a: Stats, b: Stats) => `×${(a.p95 / b.p95).toFixed(2)}`;

/** Runs each task once per round, in turn, RUNS rounds after 2 warm-up rounds. */
async function interleaved(tasks: (() => Promise<unknown>)[], runs = RUNS): Promise<Stats[]> {
	for (let i = 0; i < 2; i++) for (const task of tasks) await task();
	const samples = tasks.map(() => [] as number[]);
	for (let i = 0; i < runs; i++)
		for (const [k, task] of tasks.entries()) samples[k]!.push(await timed(task));
	return samples.map(stats);
}

function filters(query: string): StructureFilters {
	const parsed = parseStructureFilters(new URLSearchParams(query));
	if (!parsed.ok) throw new Error(parsed.message);
	return parsed.value;
}

function tileOf(lon: number, lat: number, z: number) {
	const n = 2 ** z;
	const rad = (lat * Math.PI) / 180;
	return {
		z,
		x: Math.floor(((lon + 180) / 360) * n),
		y: Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n)
	};
}

/** The centre of the commune with the most published structures. */
async function densestPlace(sql: Sql) {
	const [row] = await sql<{ lon: number; lat: number; code: string; n: number }[]>`
		select ST_X(c.label_point) as lon, ST_Y(c.label_point) as lat, c.insee_code as code, x.n
		from (select commune_code, count(*)::int as n from structures where status = 'published'
			group by 1 order by 2 desc limit 1) x
		join territories c on c.kind = 'commune' and c.insee_code = x.commune_code`;
	return row!;
}

/** PostGIS building the clustered tile itself, from the raw points (grid of 8 × 8 per tile). */
function bareClusters(sql: Sql, tile: { z: number; x: number; y: number }, categories: string[]) {
	const [xmin, ymin, xmax, ymax] = tileBounds3857(tile, 4096);
	const size = (xmax - xmin) / 8;
	return sql`
		select ST_AsMVT(t, 'clusters') from (
			select count(*) as count, min(s.category) as category,
				ST_AsMVTGeom(ST_Centroid(ST_Collect(ST_Transform(s.geom, 3857))),
					ST_MakeEnvelope(${xmin}, ${ymin}, ${xmax}, ${ymax}, 3857)) as geom
			from structures s
			where s.status = 'published'
				and (${categories.length === 0} or s.categories && ${categories}::text[])
				and s.geom && ST_Transform(ST_MakeEnvelope(${xmin}, ${ymin}, ${xmax}, ${ymax}, 3857), 4326)
			group by ST_SnapToGrid(ST_Transform(s.geom, 3857), ${xmin}, ${ymax}, ${size}, ${size})
		) t`;
}

/**
 * PostGIS building the clustered tile from the cells the app reads (the pre-aggregated
 * reference): `structure_cell_totals` at the level the app picks, without a territory.
 */
function bareCells(sql: Sql, tile: { z: number; x: number; y: number }, categories: string[]) {
	const [xmin, ymin, xmax, ymax] = tileBounds3857(tile, 4096);
	const wanted = tile.z + 3;
	const level = storedLevel({ categories, programme: 0 }, wanted);
	const span = 2 ** (level - tile.z);
	const shift = 2 ** (level - wanted);
	return sql`
		select ST_AsMVT(t, 'clusters') from (
			select sum(c.count) as count,
				ST_AsMVTGeom(ST_SetSRID(ST_MakePoint(sum(c.sum_x) / sum(c.count), sum(c.sum_y) / sum(c.count)), 3857),
					ST_MakeEnvelope(${xmin}, ${ymin}, ${xmax}, ${ymax}, 3857)) as geom
			from structure_cell_totals c
			where c.level = ${level} and c.programme = 0
				and (${categories.length === 0} or c.categories && ${categories}::text[])
				and c.x between ${tile.x * span} and ${tile.x * span + span - 1}
				and c.y between ${tile.y * span} and ${tile.y * span + span - 1}
			group by c.x / ${shift}, c.y / ${shift}
			having sum(c.count) > 0
		) t`;
}

/** PostGIS building the high-zoom tile of points. */
function barePoints(sql: Sql, tile: { z: number; x: number; y: number }, categories: string[]) {
	const [xmin, ymin, xmax, ymax] = tileBounds3857(tile, 4096);
	return sql`
		select ST_AsMVT(t, 'structures') from (
			select s.id::text, s.name, s.category,
				ST_AsMVTGeom(ST_Transform(s.geom, 3857), ST_MakeEnvelope(${xmin}, ${ymin}, ${xmax}, ${ymax}, 3857)) as geom
			from structures s
			where s.status = 'published'
				and (${categories.length === 0} or s.categories && ${categories}::text[])
				and s.geom && ST_Transform(ST_MakeEnvelope(${xmin}, ${ymin}, ${xmax}, ${ymax}, 3857), 4326)
			order by s.name, s.id limit ${tiles.MAX_POINTS + 1}
		) t`;
}

async function benchTiles(sql: Sql) {
	const place = await densestPlace(sql);
	console.log(
		`\nTuiles des structures, au-dessus de la commune la plus fournie (${place.code}, ${place.n.toLocaleString('fr-FR')} structures) ; p50 / p95, ${RUNS} mesures`
	);
	console.log(
		'| Tuile | Filtre | Entités | Octets (gzip) | À froid | En cache | PostGIS sur les points | PostGIS sur les cellules | froid ÷ PostGIS points | froid ÷ PostGIS cellules |'
	);
	console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
	for (const z of [5, 9, 13]) {
		const tile = tileOf(place.lon, place.lat, z);
		for (const query of ['', 'category=college']) {
			const f = filters(query);
			const cold = async () => {
				tiles.clearCache();
				await tiles.encodedStructures(tile, f);
			};
			const cached = () => tiles.encodedStructures(tile, f);
			const points = z >= config.tilesPointsZoom;
			const tasks = [
				cold,
				cached,
				() => (points ? barePoints : bareClusters)(sql, tile, f.categories),
				() => (points ? barePoints : bareCells)(sql, tile, f.categories)
			];
			const [c, k, bp, bc] = await interleaved(tasks);
			const encoded = await tiles.encodedStructures(tile, f);
			const { VectorTile } = await import('@mapbox/vector-tile');
			const Pbf = (await import('pbf')).default;
			const decoded = new VectorTile(
				new Pbf(encoded.raw) as unknown as ConstructorParameters<typeof VectorTile>[0]
			);
			const features = Object.values(decoded.layers).reduce((n, l) => n + l.length, 0);
			console.log(
				`| z${z} ${tile.x}/${tile.y} | ${query || 'aucun'} | ${features} | ${(encoded.gzip ?? encoded.raw).byteLength} | ${fmt(c!)} | ${fmt(k!)} | ${fmt(bp!)} | ${points ? '—' : fmt(bc!)} | ${times(c!, bp!)} | ${points ? '—' : times(c!, bc!)} |`
			);
		}
	}
}

async function benchHome(sql: Sql) {
	// The route's own module, loaded through Vite so that its `$lib` imports resolve; it
	// shares this process's database pool (kept on globalThis).
	const vite = await createServer({
		configFile: 'vite.config.ts',
		logLevel: 'silent',
		server: { middlewareMode: true, hmr: false, watch: null },
		appType: 'custom'
	});
	try {
		const page = (await vite.ssrLoadModule('/src/routes/+page.server.ts')) as {
			load: (event: unknown) => Promise<unknown>;
		};
		const load = () => page.load({ url: new URL('http://localhost/'), isDataRequest: false });
		const scans = () =>
			Promise.all([
				sql`select p.number, (select count(*)::int from structure_programmes sp
					join structures s on s.id = sp.structure_id
					where sp.programme_number = p.number and s.status = 'published') from programmes p`,
				sql`select k, count(*) from structures s cross join unnest(s.categories) k
					where s.status = 'published' group by k`,
				sql`select count(*) from structures s where s.status = 'published'`
			]);
		const [l] = await interleaved([load], Math.min(RUNS, 20));
		// The old scans take seconds at 1M: three runs are enough to show the gap.
		const [s] = await interleaved([scans], 3);
		console.log(
			`\nPage d’accueil, chargement serveur (load de +page.server.ts, sans filtre) : ${fmt(l!)} ; les trois parcours complets qu’elle faisait (comptes par programme, par catégorie, total) : ${fmt(s!)} (${times(l!, s!)})`
		);
	} finally {
		await vite.close();
	}
}

async function busiestDepartement(sql: Sql): Promise<string> {
	const [row] = await sql<{ code: string }[]>`
		select 'dep:' || departement_code as code from structure_cells
		where level = 6 and programme = 0 and departement_code <> ''
		group by departement_code order by sum(count) desc limit 1`;
	return row!.code;
}

async function benchContacts(sql: Sql) {
	const dep = await busiestDepartement(sql);
	const parsed = parseTerritory(dep);
	if (!parsed.ok) throw new Error(parsed.message);
	const query = { filters: { ...emptyFilters(), territory: parsed.value } };
	const rows = await contacts.count(query);
	// The list as the page and the API serve it (first page of DEFAULT_ROWS, then the API's
	// largest page), and the whole area as an export walks it (every page, keyset), each
	// against the bare spatial SQL selecting every structure of the département.
	const bare = () => sql`
		select s.id from structures s, territories d
		where d.code = ${dep} and s.status = 'published' and ST_Intersects(d.geom, s.geom)`;
	const [first, largest, base] = await interleaved(
		[
			() => contacts.list(query, staff),
			() => contacts.list(query, staff, { limit: contacts.MAX_ROWS }),
			bare
		],
		Math.min(RUNS, 20)
	);
	console.log(
		`\nContacts, département le plus fourni (${dep}, ${rows.toLocaleString('fr-FR')} structures) ; SQL spatial nu ${fmt(base!)}`
	);
	console.log(
		`  première page (${contacts.DEFAULT_ROWS.toLocaleString('fr-FR')} structures, la page /contacts et l’API par défaut) : ${fmt(first!)} (${times(first!, base!)})`
	);
	console.log(
		`  page de ${contacts.MAX_ROWS.toLocaleString('fr-FR')} (le plus grand limit de l’API) : ${fmt(largest!)} (${times(largest!, base!)})`
	);
	const walk = async () => {
		let n = 0;
		for await (const page of contacts.allPages(query, staff)) n += page.length;
		return n;
	};
	const [all, once] = await interleaved([walk, bare], 3);
	console.log(
		`  toutes les pages (export, ${(await walk()).toLocaleString('fr-FR')} structures) : ${fmt(all!)} (${times(all!, once!)} le SQL nu)`
	);
}

async function benchSearch(sql: Sql) {
	// Two short words on top, which the national scale makes the costliest.
	const queries = [...(await syntheticSearchQueries(sql)), 'q=ecole', 'q=college'];
	const engine: number[] = [];
	const bare: number[] = [];
	const slowest = new Map<string, { engine: number; bare: number }>();
	let estimated = 0;
	let refused = 0;
	const rounds = Math.max(1, Math.floor(RUNS / 10));
	for (let round = 0; round <= rounds; round++) {
		for (const params of queries) {
			const parsed = parseSearchQuery(new URLSearchParams(params));
			if (!parsed.ok) throw new Error(parsed.message);
			const query = parsed.value;
			const text = query.q.trim();
			const run = () => search.search(query, { engine: 'postgres' });
			const baseline = () =>
				text
					? sql`select d.structure_id from search_documents d
						where d.document @@ websearch_to_tsquery('search_french', search_fold(${text}))
						order by ts_rank_cd(d.document, websearch_to_tsquery('search_french', search_fold(${text}))) desc
						limit ${query.limit}`
					: sql`select s.id from structures s where s.status = 'published'
						order by s.name, s.id limit ${query.limit}`;
			// A search stopped by its time limit (503) counts with the time it took.
			let stopped = false;
			const e = await timed(() =>
				run().catch(() => {
					stopped = true;
				})
			);
			if (stopped && round > 0) refused++;
			const b = await timed(baseline);
			if (round === 0) {
				const result = await run().catch(() => null);
				if (result?.facets_estimated) estimated++;
				continue; // warm-up round
			}
			engine.push(e);
			bare.push(b);
			const worst = slowest.get(params);
			if (!worst || worst.engine < e) slowest.set(params, { engine: e, bare: b });
		}
	}
	const e = stats(engine);
	const b = stats(bare);
	console.log(
		`\nRecherche PostgreSQL (${queries.length} requêtes × ${rounds}) : ${fmt(e)} ; SQL plein texte nu (première page par rang) ${fmt(b)} (${times(e, b)}) ; facettes estimées pour ${estimated} requêtes sur ${queries.length} ; ${refused} arrêtées par le délai maximal`
	);
	const top = [...slowest.entries()].sort((x, y) => y[1].engine - x[1].engine).slice(0, 6);
	for (const [params, t] of top)
		console.log(`  ${params} : ${t.engine.toFixed(0)} ms (SQL nu ${t.bare.toFixed(0)} ms)`);
}

const sql = await connect({
	url: config.databaseUrl,
	dataDir: config.dataDir,
	schema: values.schema!
});
db.use(sql);
try {
	const [exists] = await sql`select 1 from pg_namespace where nspname = ${values.schema!}`;
	if (!exists) {
		console.log(
			`Jeu synthétique absent (schéma ${values.schema}) : lancez d’abord npx tsx scripts/synthetic-national.ts --schema ${values.schema}.`
		);
		process.exit(1);
	}
	const [{ n }] =
		(await sql`select count(*)::int as n from structures where status = 'published'`) as unknown as [
			{ n: number }
		];
	console.log(`Schéma ${values.schema} : ${n.toLocaleString('fr-FR')} structures publiées.`);
	if (ONLY.has('tiles')) await benchTiles(sql);
	if (ONLY.has('home')) await benchHome(sql);
	if (ONLY.has('contacts')) await benchContacts(sql);
	if (ONLY.has('search')) await benchSearch(sql);
} finally {
	await sql.end();
}
