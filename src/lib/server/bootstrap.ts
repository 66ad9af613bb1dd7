import { settled } from './auth/after-response';
import { startPurging, stopPurging } from './auth/purge';
import { config } from './config';
import * as db from './db';
import { importAll } from './import';
import { log } from './log';
import { startEmbedded } from './db/embedded';
import { startConfirmations, stopConfirmations } from './freshness/schedule';
import { startRelay, stopRelay } from './search';

const state = globalThis as unknown as { __cartonumReady?: Promise<void> };

/**
 * Opens the database, applies migrations and, on an empty database, imports the regional
 * open data, so that a fresh clone shows the whole region from one command.
 * Safe to call on every request: the work is done once per process, and a failure is
 * retried on the next call rather than cached.
 */
export function ready(): Promise<void> {
	state.__cartonumReady ??= start().catch((error) => {
		state.__cartonumReady = undefined;
		log.error('bootstrap.failed', { error: String(error) });
		throw error;
	});
	return state.__cartonumReady;
}

/** Stops the relay and closes the database, so that the process can exit (SIGTERM, SIGINT). */
export async function shutdown() {
	stopPurging();
	stopConfirmations();
	await settled(); // Links and emails of the last answers, before the database closes.
	await stopRelay();
	await db.close();
	if (!config.databaseUrl) await (await startEmbedded(config.dataDir)).stop();
	state.__cartonumReady = undefined;
}

async function start() {
	process.once('sveltekit:shutdown', () => {
		shutdown().catch((error) => log.error('shutdown.failed', { error: String(error) }));
	});
	const sql = await db.open();
	if (config.readOnly) {
		// On a replica: the schema comes from the primary, and nothing here may write.
		log.info('bootstrap.read-only', { note: 'no migrations, relay, purge, reminders, import' });
		return;
	}
	await db.migrate(sql);
	startRelay(); // Outbox → Meilisearch, when MEILI_URL is set; catches up with any import below.
	startPurging(); // Ended sessions, expired links and counters, year-old security log.
	startConfirmations(); // Managers asked to confirm their fiche, reminded, then flagged.
	if (!config.autoImport) return;
	const [{ count }] = (await sql`select count(*)::int as count from structures`) as unknown as [
		{ count: number }
	];
	if (count > 0) return;
	log.info('bootstrap.import', { note: 'empty database: importing the regional open data' });
	const started = Date.now();
	await importAll(sql);
	// Fresh statistics: without them the planner misjudges the spatial and territory filters.
	await sql`analyze`;
	log.info('bootstrap.imported', { ms: Date.now() - started });
}
