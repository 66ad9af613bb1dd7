// npm run search:sync — pushes every pending change of the search outbox to Meilisearch now,
// retry delays included (the in-process relay does the same continuously).
import { ensureIndex } from '../src/lib/server/search/index-admin';
import { pendingCount } from '../src/lib/server/search/outbox';
import { relayUntilIdle } from '../src/lib/server/search/relay';
import { openSearchScript } from './search-connection';

const { sql, target, close } = await openSearchScript();
let failed = false;
try {
	const started = Date.now();
	if ((await ensureIndex(sql, target)) === 'rebuilt')
		console.log(`Index « ${target.index} » absent : reconstruit entièrement depuis PostgreSQL.`);
	const report = await relayUntilIdle(sql, target, { dueOnly: false });
	console.log(
		`Index « ${target.index} » à jour : ${report.structures} structure(s) envoyée(s) ` +
			`(${report.upserted} mise(s) à jour, ${report.deleted} retirée(s)), ` +
			`${report.rows} ligne(s) de l’outbox traitée(s) en ${Date.now() - started} ms.`
	);
	const left = await pendingCount(sql);
	if (left) console.log(`${left} ligne(s) en cours chez un autre relais (bail actif).`);
} catch (error) {
	failed = true;
	console.error('Synchronisation interrompue ; les lignes restantes seront reprises :', error);
} finally {
	await close();
}
process.exit(failed ? 1 : 0);
