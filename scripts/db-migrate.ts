import { config } from '../src/lib/server/config';
import { connect } from '../src/lib/server/db/connection';
import { startEmbedded } from '../src/lib/server/db/embedded';
import { migrate } from '../src/lib/server/db/migrate';

const sql = await connect({ url: config.databaseUrl, dataDir: config.dataDir });
try {
	const applied = await migrate(sql);
	console.log(
		applied.length ? `Migrations appliquées : ${applied.join(', ')}` : 'Base déjà à jour.'
	);
} finally {
	await sql.end();
	if (!config.databaseUrl) await (await startEmbedded(config.dataDir)).stop();
}
