// A separate Node process sending the due confirmation emails once, as one app server's hourly
// timer does (freshness/schedule.ts). Used by freshness-confirmations.test.ts to run two of them
// at once on one schema. Env: DATABASE_URL, SCHEMA, NOW (ISO date); prints the SendResult.
import { connect } from '../../src/lib/server/db/connection';
import * as db from '../../src/lib/server/db';
import { sendDue } from '../../src/lib/server/freshness';

const sql = await connect({
	url: process.env.DATABASE_URL,
	dataDir: '',
	schema: process.env.SCHEMA,
	max: 2
});
db.use(sql);
try {
	const result = await sendDue({ now: new Date(process.env.NOW ?? Date.now()) });
	process.stdout.write(JSON.stringify(result));
} finally {
	await sql.end();
}
