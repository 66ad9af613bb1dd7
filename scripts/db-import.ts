import { parseArgs } from 'node:util';
import { config } from '../src/lib/server/config';
import { connect } from '../src/lib/server/db/connection';
import { startEmbedded } from '../src/lib/server/db/embedded';
import { migrate } from '../src/lib/server/db/migrate';
import {
	formatReport,
	formatSummary,
	ImportFileError,
	importAll,
	importDataset,
	IMPORTER_KEYS,
	importReferenceData,
	importTerritoryData
} from '../src/lib/server/import';
import { formatTerritories } from '../src/lib/server/import/report';

const USAGE = `Usage : npm run db:import [-- <jeu> [--file <chemin>] [--dry-run]]
  sans argument : tout importer (référentiels, territoires, puis chaque jeu de données)
  <jeu> : reference, territories, ${IMPORTER_KEYS.join(', ')}
  --file <chemin> : importer un autre fichier de même format (ex. l'Annuaire de l'éducation complet)
  --dry-run : afficher les changements par rapport à la carte publiée sans rien enregistrer`;

const { positionals, values } = parseArgs({
	allowPositionals: true,
	options: {
		file: { type: 'string' },
		'dry-run': { type: 'boolean' },
		help: { type: 'boolean', short: 'h' }
	}
});
if (values.help) {
	console.log(USAGE);
	process.exit(0);
}
const known = ['reference', 'territories', ...IMPORTER_KEYS];
const unknown = positionals.filter((p) => !known.includes(p));
const dryRun = values['dry-run'] ?? false;
const datasetOnly =
	positionals.length === 1 && !['reference', 'territories'].includes(positionals[0]!);
if (unknown.length || (values.file && positionals.length !== 1) || (dryRun && !datasetOnly)) {
	console.error(
		unknown.length
			? `Jeu de données inconnu : ${unknown.join(', ')}.`
			: dryRun && !datasetOnly
				? '--dry-run demande exactement un jeu de données (par exemple annuaire).'
				: '--file demande exactement un jeu de données.'
	);
	console.error(USAGE);
	process.exit(2);
}

const sql = await connect({ url: config.databaseUrl, dataDir: config.dataDir });
let failed = false;
try {
	await migrate(sql);
	if (positionals.length === 0) {
		console.log(formatSummary(await importAll(sql)));
	} else {
		for (const key of positionals) {
			if (key === 'reference') {
				const r = await importReferenceData(sql);
				console.log(
					`Référentiels : ${r.categories} catégories, ${r.axes} axes, ${r.programmes} programmes, ${r.datasets} jeux de données.`
				);
			} else if (key === 'territories') {
				console.log(formatTerritories(await importTerritoryData(sql)));
			} else {
				console.log(formatReport(await importDataset(sql, key, { file: values.file, dryRun })));
			}
		}
	}
} catch (error) {
	failed = true;
	if (error instanceof ImportFileError) console.error(`Import interrompu : ${error.message}`);
	else console.error('Import interrompu, rien n’a été enregistré pour ce jeu de données :', error);
} finally {
	await sql.end();
	if (!config.databaseUrl) await (await startEmbedded(config.dataDir)).stop();
}
process.exit(failed ? 1 : 0);
