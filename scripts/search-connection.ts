import { config } from '../src/lib/server/config';
import * as db from '../src/lib/server/db';
import { connect, type Sql } from '../src/lib/server/db/connection';
import { startEmbedded } from '../src/lib/server/db/embedded';
import { migrate } from '../src/lib/server/db/migrate';
import { meiliTarget, type MeiliTarget } from '../src/lib/server/search';

/**
 * What the search scripts share: the configured database (migrated) and Meilisearch, or a
 * French explanation when MEILI_URL is missing.
 */
export async function openSearchScript(): Promise<{
	sql: Sql;
	target: MeiliTarget;
	close: () => Promise<void>;
}> {
	const target = meiliTarget();
	if (!target) {
		console.error(
			'MEILI_URL n’est pas défini : la recherche est assurée par PostgreSQL, il n’y a pas d’index à alimenter.\n' +
				'Pour utiliser Meilisearch : MEILI_URL=http://127.0.0.1:7700 MEILI_MASTER_KEY=… (voir npm run meili:start).'
		);
		process.exit(2);
	}
	const sql = await connect({ url: config.databaseUrl, dataDir: config.dataDir });
	await migrate(sql);
	db.use(sql);
	return {
		sql,
		target,
		close: async () => {
			await sql.end();
			if (!config.databaseUrl) await (await startEmbedded(config.dataDir)).stop();
		}
	};
}
