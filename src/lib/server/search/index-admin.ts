import type { Sql } from '../db';
import { log } from '../log';
import { documentRows, toDocument, type SearchDocument } from './document';
import { meiliClient, type MeiliTarget } from './meili';
import { isNotFound, succeeded } from './meili-tasks';
import { chunks, complete } from './outbox';
import { indexSettings, SETTINGS_VERSION } from './settings';

const REBUILD_LEASE_MINUTES = 30;
const PUSH_BATCH = 5_000;

async function indexExists(target: MeiliTarget): Promise<boolean> {
	try {
		await meiliClient('admin').getRawIndex(target.index);
		return true;
	} catch (error) {
		if (isNotFound(error)) return false;
		throw error;
	}
}

/**
 * The versioned step, run by the relay before it pushes anything: an index that does not
 * exist yet, or was built by an older SETTINGS_VERSION (settings or document mapping), is
 * rebuilt in full from Postgres and swapped in.
 */
export async function ensureIndex(sql: Sql, target: MeiliTarget): Promise<'ready' | 'rebuilt'> {
	const [state] = await sql<{ settings_version: number }[]>`
		select settings_version from search_index_state where index_name = ${target.index}`;
	if ((await indexExists(target)) && state?.settings_version === SETTINGS_VERSION) return 'ready';
	await rebuild(sql, target);
	log.info('search.index_versioned', { index: target.index, version: SETTINGS_VERSION });
	return 'rebuilt';
}

async function recordSettings(sql: Sql, target: MeiliTarget) {
	await sql`
		insert into search_index_state (index_name, settings_version, applied_at)
		values (${target.index}, ${SETTINGS_VERSION}, now())
		on conflict (index_name) do update
			set settings_version = excluded.settings_version, applied_at = excluded.applied_at`;
}

export interface RebuildReport {
	documents: number;
	readMs: number;
	indexMs: number;
	totalMs: number;
}

/**
 * Builds a fresh index from a consistent snapshot of Postgres and swaps it in atomically:
 * searches keep using the old index until the swap. Outbox rows the snapshot covers are then
 * marked processed; later ones stay for the relay, which pauses during the rebuild so that
 * nothing it pushes to the old index is lost in the swap.
 */
export async function rebuild(
	sql: Sql,
	target: MeiliTarget,
	options: { completeOutbox?: boolean } = {}
): Promise<RebuildReport> {
	const started = Date.now();
	const [lease] = await sql`
		insert into search_index_state (index_name, rebuilding_until)
		values (${target.index}, now() + make_interval(mins => ${REBUILD_LEASE_MINUTES}))
		on conflict (index_name) do update set rebuilding_until = excluded.rebuilding_until
			where search_index_state.rebuilding_until is null
				or search_index_state.rebuilding_until < now()
		returning index_name`;
	if (!lease) throw new Error(`A rebuild of index ${target.index} is already running`);
	const client = meiliClient('admin');
	const building = `${target.index}_build_${Date.now().toString(36)}`;
	try {
		const { documents, outboxRows } = await snapshot(sql);
		const readMs = Date.now() - started;
		await succeeded(client.createIndex(building, { primaryKey: 'id' }));
		await succeeded(client.index(building).updateSettings(indexSettings));
		const indexing = Date.now();
		const tasks = chunks(documents, PUSH_BATCH).map((batch) =>
			client.index(building).addDocuments(batch, { primaryKey: 'id' })
		);
		for (const task of tasks) await succeeded(task, 30 * 60_000);
		const indexMs = Date.now() - indexing;
		const existed = await indexExists(target);
		await succeeded(client.swapIndexes([{ indexes: [building, target.index], rename: !existed }]));
		if (existed) await succeeded(client.deleteIndex(building));
		await recordSettings(sql, target);
		// A side index (the benchmark's) must leave the outbox to the live index's relay.
		if (options.completeOutbox ?? true) await complete(sql, outboxRows);
		const report = {
			documents: documents.length,
			readMs,
			indexMs,
			totalMs: Date.now() - started
		};
		log.info('search.rebuilt', { index: target.index, ...report });
		return report;
	} catch (error) {
		await client.deleteIndexIfExists(building).catch(() => false);
		throw error;
	} finally {
		await sql`update search_index_state set rebuilding_until = null where index_name = ${target.index}`;
	}
}

/**
 * Every published structure, and the pending outbox rows, as of one instant. The transaction
 * only reads (keep it short: the embedded database is a single backend).
 */
async function snapshot(sql: Sql): Promise<{ documents: SearchDocument[]; outboxRows: bigint[] }> {
	return sql.begin('isolation level repeatable read read only', async (tx) => {
		const pending = await tx<{ id: bigint }[]>`
			select id from search_outbox where processed_at is null`;
		const documents: SearchDocument[] = [];
		let after: string | null = null;
		for (;;) {
			const rows = await documentRows(tx as unknown as Sql, { after, limit: 10_000 });
			documents.push(...rows.map(toDocument));
			if (rows.length < 10_000) break;
			after = rows[rows.length - 1]!.id;
		}
		return { documents, outboxRows: pending.map((r) => r.id) };
	});
}
