import { run } from '../src/lib/server/email/cli';
import { config } from '../src/lib/server/config';
import * as db from '../src/lib/server/db';
import { startEmbedded } from '../src/lib/server/db/embedded';

/** Operators read the emails kept without SMTP here: `npm run emails -- list --to …`. */
const sql = await db.open();
let code = 1;
try {
	await db.migrate(sql);
	code = await run(process.argv.slice(2), (line) => console.log(line));
} finally {
	await db.close();
	if (!config.databaseUrl) await (await startEmbedded(config.dataDir)).stop();
}
process.exit(code);
