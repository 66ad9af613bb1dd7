// npm run search:reindex — builds a fresh Meilisearch index from PostgreSQL and swaps it in
// atomically; searches use the old index until the swap.
import { rebuild } from '../src/lib/server/search/index-admin';
import { openSearchScript } from './search-connection';

const { sql, target, close } = await openSearchScript();
let failed = false;
try {
	const report = await rebuild(sql, target);
	console.log(
		`Index « ${target.index} » reconstruit : ${report.documents} structures ` +
			`(lecture ${report.readMs} ms, indexation ${report.indexMs} ms, total ${report.totalMs} ms).`
	);
} catch (error) {
	failed = true;
	console.error('Reconstruction interrompue ; l’index en service n’a pas changé :', error);
} finally {
	await close();
}
process.exit(failed ? 1 : 0);
