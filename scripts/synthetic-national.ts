// npx tsx scripts/synthetic-national.ts [--count 120000] [--schema synthetic_national] [--seed 27] [--bulk]
//
// A SYNTHETIC national-size directory for benchmarks (npm run bench:search): made-up
// structures spread over a made-up grid of 96 départements covering metropolitan France, in a
// schema of its own (never the app's). Names are assembled from templates, real BFC commune
// names and famous people; identifiers are invented (valid check letters, no real
// establishment). Everything is marked: schema `synthetic_*`, dataset `synthetique-national`,
// source `synthetic`, slugs `synthetique-…`. Reproducible from the seed.
//
// The structures are inserted through the app's triggers (search documents, outbox, map
// cells), batch by batch. `--bulk` (for a million) inserts with the triggers off, then builds
// the search documents and rebuilds the map cells in one pass each, without outbox rows (run
// `npm run search:reindex` to fill Meilisearch from such a set).
//
// Parts: lib/synthetic/random.ts (seeded draws), names.ts (names by category), places.ts
// (départements and communes), structures.ts (the structures themselves).
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { config } from '../src/lib/server/config';
import { connect } from '../src/lib/server/db/connection';
import { startEmbedded } from '../src/lib/server/db/embedded';
import { migrate } from '../src/lib/server/db/migrate';
import { importReferenceData } from '../src/lib/server/import';
import { communes, territories } from './lib/synthetic/places';
import { seed } from './lib/synthetic/random';
import { derivedTables, structures } from './lib/synthetic/structures';

const { values } = parseArgs({
	options: {
		count: { type: 'string', default: '120000' },
		schema: { type: 'string', default: 'synthetic_national' },
		seed: { type: 'string', default: '27' },
		bulk: { type: 'boolean', default: false }
	}
});
const COUNT = Number(values.count);
const SCHEMA = values.schema!;
if (!/^synthetic_[a-z0-9_]+$/.test(SCHEMA)) {
	console.error('Le schéma doit s’appeler synthetic_… (il est supprimé puis recréé).');
	process.exit(2);
}
if (!Number.isSafeInteger(COUNT) || COUNT < 1000) {
	console.error('--count : au moins 1000 structures.');
	process.exit(2);
}
seed(Number(values.seed));

const admin = config.databaseUrl
	? postgres(config.databaseUrl, { max: 1, onnotice: () => {} })
	: postgres((await startEmbedded(config.dataDir)).url, {
			max: 1,
			prepare: false,
			onnotice: () => {}
		});
await admin.unsafe(`drop schema if exists ${SCHEMA} cascade`);
await admin.unsafe(`create schema ${SCHEMA}`);
await admin.end();

const sql = await connect({ url: config.databaseUrl, dataDir: config.dataDir, schema: SCHEMA });
try {
	const started = Date.now();
	await sql.unsafe(`set search_path to ${SCHEMA}, public`);
	await migrate(sql);
	await importReferenceData(sql);
	await sql`insert into datasets (id, title, publisher, licence, attribution, notes)
		values ('synthetique-national', 'Jeu synthétique national (essais de charge)', 'Cartonum (généré)',
			'Aucune : données inventées', 'Données fictives', 'Généré par scripts/synthetic-national.ts ; ne pas diffuser.')`;
	const all = communes();
	await territories(sql, all);
	console.log(`Schéma ${SCHEMA} : ${all.length} communes synthétiques sur 96 départements.`);
	await structures(sql, all, COUNT, values.bulk!);
	if (values.bulk) {
		await sql`analyze`;
		await derivedTables(sql);
	}
	// Every batch updated the same rows of the cell tables: without autovacuum, their dead
	// versions would slow every count read from them.
	await sql`vacuum analyze structure_cells, structure_cell_totals`;
	await sql`vacuum analyze map_data_version`;
	await sql`analyze`;
	const [{ n }] = (await sql`select count(*)::int as n from structures`) as unknown as [
		{ n: number }
	];
	console.log(
		`Jeu synthétique prêt : ${n.toLocaleString('fr-FR')} structures dans le schéma ${SCHEMA}, en ${Math.round((Date.now() - started) / 1000)} s.`
	);
} finally {
	await sql.end();
	if (!config.databaseUrl) await (await startEmbedded(config.dataDir)).stop();
}
