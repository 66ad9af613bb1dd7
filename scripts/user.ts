import { createInterface } from 'node:readline';
import { run } from '../src/lib/server/auth/cli';
import { config } from '../src/lib/server/config';
import * as db from '../src/lib/server/db';
import { startEmbedded } from '../src/lib/server/db/embedded';

/** Operators create accounts and change roles here: `npm run user -- create --email …`. */
async function readPassword(): Promise<string> {
	if (process.stdin.isTTY) process.stdout.write('Mot de passe : ');
	const lines = createInterface({ input: process.stdin });
	for await (const line of lines) {
		lines.close();
		return line;
	}
	return '';
}

const sql = await db.open();
let code = 1;
try {
	await db.migrate(sql);
	code = await run(process.argv.slice(2), { out: (line) => console.log(line), readPassword });
} finally {
	await db.close();
	if (!config.databaseUrl) await (await startEmbedded(config.dataDir)).stop();
}
process.exit(code);
