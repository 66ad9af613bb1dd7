// Import benchmark (npm run bench:import): a synthetic national Annuaire de l'éducation file
// (70,000 rows in the official 71-column layout, generated here over the region's communes),
// imported into an empty schema, then re-imported with 1 % of the rows changed (closed, moved
// 300 m, renamed, new): dry run and real run. Time and peak memory of each stage, against two
// baselines measured in the same run: parsing the file alone, and a bare COPY of its rows.
//   BENCH_DATABASE_URL  a PostgreSQL+PostGIS database (a temporary schema is used and dropped);
//                       unset → embedded PGlite in a temporary folder
//   BENCH_ROWS          rows of the file (default 70000)
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { connect, type Sql } from '../src/lib/server/db/connection';
import { startEmbedded } from '../src/lib/server/db/embedded';
import * as db from '../src/lib/server/db';
import { migrate } from '../src/lib/server/db/migrate';
import {
	importDataset,
	importReferenceData,
	importTerritoryData,
	type ImportReport
} from '../src/lib/server/import';
import { loadCommunes } from '../src/lib/server/import/communes';
import { accentsFromNames } from '../src/lib/server/import/names';
import { ANNUAIRE_COLUMNS, annuaire } from '../src/lib/server/import/sources/annuaire';

process.env.LOG_LEVEL ??= 'silent';
const ROWS = Number(process.env.BENCH_ROWS ?? 70_000);
const databaseUrl = process.env.BENCH_DATABASE_URL;
const dir = mkdtempSync(join(tmpdir(), 'cartonum-bench-import-'));
const schema = `bench_import_${process.pid}`;
const UAI_KEYS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

/** Runs a stage, sampling the resident memory every 20 ms: duration and peak above the start. */
async function stage<T>(
	task: () => Promise<T> | T
): Promise<{ value: T; ms: number; peakMb: number }> {
	global.gc?.();
	const start = process.memoryUsage().rss;
	let peak = start;
	const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
	const began = performance.now();
	const value = await task();
	const ms = performance.now() - began;
	clearInterval(timer);
	peak = Math.max(peak, process.memoryUsage().rss);
	return { value, ms, peakMb: (peak - start) / 1_048_576 };
}

interface Commune {
	code: string;
	name: string;
	departement: string;
	postcode: string;
	lon: number;
	lat: number;
}

const TYPES = [
	['Ecole', 'ECOLE PRIMAIRE', 70],
	['Collège', 'COLLEGE', 20],
	['Lycée', 'LYCEE', 10]
] as const;
const NAMES = [
	'JULES FERRY',
	'VICTOR HUGO',
	'LOUISE MICHEL',
	'JEAN MOULIN',
	'PASTEUR',
	'LES TILLEULS'
];

function rowsFor(communes: Commune[]): string[][] {
	const rows: string[][] = [];
	for (let k = 0; k < ROWS; k++) {
		const c = communes[k % communes.length]!;
		const digits = 1_000_000 + k;
		const bucket = k % 100;
		const [type, prefix] = (bucket < 70 ? TYPES[0] : bucket < 90 ? TYPES[1] : TYPES[2]).slice(0, 2);
		// Within ~150 m of the commune's label point, which lies inside the commune.
		const jitter = ((k * 7919) % 200) / 100 - 1;
		const row: Record<string, string> = {
			Identifiant_de_l_etablissement: `${digits}${UAI_KEYS[digits % 23]}`,
			Nom_etablissement: `${prefix} ${NAMES[k % NAMES.length]} ${k}`,
			Type_etablissement: type,
			Statut_public_prive: k % 5 === 0 ? 'Privé' : 'Public',
			Adresse_1: `${(k % 90) + 1} rue de l'École`,
			Code_postal: c.postcode,
			Code_commune: c.code,
			Nom_commune: c.name,
			Code_departement: c.departement,
			Code_region: '27',
			Ecole_maternelle: type === 'Ecole' ? '1' : '0',
			Ecole_elementaire: type === 'Ecole' ? '1' : '0',
			Telephone: `03${String(80_000_000 + k).slice(-8)}`,
			Mail: `ce.${digits}@ac-exemple.fr`,
			latitude: String(c.lat + jitter * 0.0013),
			longitude: String(c.lon + jitter * 0.0013),
			precision_localisation: 'Numéro de rue',
			date_ouverture: '01/09/1970',
			date_maj_ligne: '27/05/2026',
			etat: 'OUVERT',
			ministere_tutelle: "MINISTERE DE L'EDUCATION NATIONALE"
		};
		rows.push(ANNUAIRE_COLUMNS.map((column) => row[column] ?? ''));
	}
	return rows;
}

const column = (name: string) => ANNUAIRE_COLUMNS.indexOf(name);

/** 1 % of the rows changed: a quarter closed, a quarter moved 300 m, a quarter renamed, a quarter new. */
function withChanges(rows: string[][]): string[][] {
	const changed = rows.map((r) => [...r]);
	const count = Math.round(rows.length / 100);
	const quarter = Math.floor(count / 4);
	const step = Math.floor(rows.length / count);
	for (let q = 0; q < quarter * 3; q++) {
		const row = changed[q * step]!;
		if (q < quarter) row[column('etat')] = 'FERME';
		else if (q < 2 * quarter)
			row[column('latitude')] = String(Number(row[column('latitude')]) + 300 / 111_195);
		else row[column('Nom_etablissement')] = `ECOLE PRIMAIRE RENOMMEE ${q}`;
	}
	for (let q = 0; q < count - 3 * quarter; q++) {
		const row = [...rows[q]!];
		const digits = 2_000_000 + q;
		row[column('Identifiant_de_l_etablissement')] = `${digits}${UAI_KEYS[digits % 23]}`;
		row[column('Nom_etablissement')] = `ECOLE PRIMAIRE NOUVELLE ${q}`;
		changed.push(row);
	}
	return changed;
}

function write(name: string, rows: string[][]): string {
	const file = join(dir, name);
	writeFileSync(
		file,
		[ANNUAIRE_COLUMNS.join(';'), ...rows.map((r) => r.join(';'))].join('\n') + '\n'
	);
	return file;
}

/** Baseline 2: the file's rows copied as text into a bare table, with no logic at all. */
async function bareCopy(sql: Sql, file: string): Promise<void> {
	await sql.unsafe(
		`create table bench_copy (${ANNUAIRE_COLUMNS.map((c) => `"${c}" text`).join(', ')})`
	);
	const body = readFileSync(file, 'utf8');
	const data = body.slice(body.indexOf('\n') + 1);
	const writable = await sql
		.unsafe(`copy bench_copy from stdin with (format csv, delimiter ';')`)
		.writable();
	await pipeline(Readable.from([data]), writable);
	await sql.unsafe('drop table bench_copy');
}

/** The steps of runImporter, in order (keys of ImportReport.phases). */
const PHASES = [
	['parse', 'lecture du fichier'],
	['dedup', 'cycle de vie, doublons du fichier'],
	['place', 'placement (commune du point)'],
	['match', 'rapprochement par identifiant'],
	['upsert', 'fusion et écriture des structures'],
	['lifecycle', 'cycle de vie écrit'],
	['programmes', 'liens aux programmes'],
	['confirm', 'confirmation par la source'],
	['report', 'jeu de changements, bilan'],
	['record', 'relevé, liste de revue, fermetures'],
	['refresh', 'tables dérivées (recherche, carte)']
] as const;

/** The 'parse' step of an import report, if `value` is one. */
const ownParse = (value: unknown) =>
	(value as Partial<ImportReport> | undefined)?.phases?.parse || null;
const mb = (value: number) => `${value.toFixed(0)} Mo`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const times = (value: number, baseline: number) => `×${(value / baseline).toFixed(1)}`;
const counts = (r: ImportReport) =>
	Object.entries(r.changeCounts)
		.filter(([, n]) => n)
		.map(([k, n]) => `${k} ${n}`)
		.join(', ');

const admin = await connect({ url: databaseUrl, dataDir: dir });
let sql: Sql = admin;
try {
	if (databaseUrl) {
		await admin.unsafe(`create schema ${schema}`);
		sql = await connect({ url: databaseUrl, dataDir: dir, schema, max: 4 });
	}
	db.use(sql);
	console.log(`Base : ${databaseUrl ? 'PostgreSQL (serveur)' : 'PGlite embarqué'} ; préparation…`);
	await migrate(sql);
	await importReferenceData(sql);
	await importTerritoryData(sql);
	const communes = await sql<Commune[]>`
		select insee_code as code, name, departement_code as departement,
			coalesce(postcodes[1], '') as postcode, ST_X(label_point) as lon, ST_Y(label_point) as lat
		from territories where kind = 'commune' and departement_code is not null order by insee_code`;

	const rows = rowsFor(communes);
	const first = write('annuaire-national.csv', rows);
	const second = write('annuaire-national-modifie.csv', withChanges(rows));
	console.log(`Fichier : ${rows.length.toLocaleString('fr-FR')} lignes, 71 colonnes.`);

	console.log(
		'\n| étape | durée | mémoire (pic) | ÷ lecture seule | ÷ COPY nu | ÷ sa propre lecture |'
	);
	console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
	const index = await loadCommunes(sql);
	const context = { communes: index, accents: accentsFromNames(index.names()) };
	const parse = await stage(() => annuaire.parse(first, context));
	let copy: { ms: number; peakMb: number } | null = null;
	try {
		copy = await stage(() => bareCopy(sql, first));
	} catch (error) {
		console.log(
			`COPY indisponible sur cette base (${String(error).slice(0, 80)}) : référence ignorée.`
		);
	}
	// Each stage is printed as soon as it ends.
	// The last column divides a run by the reading of the file inside that same run (its
	// 'parse' step): the same machine load, whatever the load did since the reference.
	const line = (name: string, s: { ms: number; peakMb: number; value?: unknown }) =>
		console.log(
			`| ${name} | ${seconds(s.ms)} | ${mb(s.peakMb)} | ${times(s.ms, parse.ms)} | ${copy ? times(s.ms, copy.ms) : '—'} | ${ownParse(s.value) ? times(s.ms, ownParse(s.value)!) : '—'} |`
		);
	line('lecture et contrôle du fichier seuls (référence)', parse);
	if (copy) line('COPY nu des lignes (référence)', copy);

	const initial = await stage(() => importDataset(sql, 'annuaire', { file: first }));
	line(`premier import (${initial.value.inserted} insérées)`, initial);
	const dry = await stage(() => importDataset(sql, 'annuaire', { file: second, dryRun: true }));
	line(`essai à blanc de la réimportation (${counts(dry.value)})`, dry);
	const again = await stage(() => importDataset(sql, 'annuaire', { file: second }));
	line(
		`réimportation à 1 % (${again.value.updated} mises à jour, ${again.value.inserted} insérées)`,
		again
	);

	// Where the time goes: each step of the importer (report.phases), against the same baseline.
	console.log(
		'\n| étape de l’import (÷ lecture seule) | premier import | essai à blanc | réimportation |'
	);
	console.log('| --- | ---: | ---: | ---: |');
	const runs = [initial.value, dry.value, again.value];
	for (const [key, label] of PHASES)
		console.log(
			`| ${label} | ${runs.map((r) => times(r.phases[key] ?? 0, parse.ms)).join(' | ')} |`
		);
} finally {
	if (databaseUrl) {
		if (sql !== admin) await sql.end();
		await admin.unsafe(`drop schema if exists ${schema} cascade`);
	}
	await admin.end();
	if (!databaseUrl) await (await startEmbedded(dir)).stop();
	rmSync(dir, { recursive: true, force: true });
}
