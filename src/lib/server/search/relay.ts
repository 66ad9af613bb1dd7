import type { Sql } from '../db';
import { log } from '../log';
import { documentRows, toDocument } from './document';
import { meiliClient, type MeiliTarget } from './meili';
import { succeeded } from './meili-tasks';
import { claim, complete, fail } from './outbox';

export interface RelayReport {
	structures: number;
	rows: number;
	upserted: number;
	deleted: number;
}

const EMPTY: RelayReport = { structures: 0, rows: 0, upserted: 0, deleted: 0 };

/**
 * Pushes one batch of the outbox to Meilisearch. Each claimed structure is pushed as it is
 * *now* in Postgres (or deleted when it is no longer published), so replaying a batch is
 * harmless and the order of changes does not matter. Rows are marked processed only after
 * Meilisearch reports the tasks succeeded; on failure they are retried with backoff.
 */
export async function relayOnce(
	sql: Sql,
	target: MeiliTarget,
	options: { batchSize?: number; dueOnly?: boolean } = {}
): Promise<RelayReport> {
	const claimed = await claim(sql, target.index, {
		limit: options.batchSize ?? 500,
		dueOnly: options.dueOnly ?? true
	});
	if (!claimed.rowIds.length) return EMPTY;
	try {
		const documents = (await documentRows(sql, { ids: claimed.structureIds })).map(toDocument);
		const present = new Set(documents.map((d) => d.id));
		const removed = claimed.structureIds.filter((id) => !present.has(id));
		const client = meiliClient('admin');
		// Meilisearch creates a missing index on the first write, without our settings or the
		// other documents: fail instead, and the worker rebuilds it (ensureIndex).
		await client.getRawIndex(target.index);
		const index = client.index(target.index);
		const tasks = [];
		if (documents.length) tasks.push(index.addDocuments(documents, { primaryKey: 'id' }));
		if (removed.length) tasks.push(index.deleteDocuments(removed));
		for (const task of tasks) await succeeded(task);
		await complete(sql, claimed.rowIds);
		return {
			structures: claimed.structureIds.length,
			rows: claimed.rowIds.length,
			upserted: documents.length,
			deleted: removed.length
		};
	} catch (error) {
		await fail(sql, claimed.rowIds, error);
		log.warn('search.relay_failed', { rows: claimed.rowIds.length, error: String(error) });
		throw error;
	}
}

/** Relays batches until the outbox has nothing more to give (`search:sync`, tests). */
export async function relayUntilIdle(
	sql: Sql,
	target: MeiliTarget,
	options: { batchSize?: number; dueOnly?: boolean } = {}
): Promise<RelayReport> {
	const total = { ...EMPTY };
	for (;;) {
		const report = await relayOnce(sql, target, options);
		if (!report.rows) return total;
		total.structures += report.structures;
		total.rows += report.rows;
		total.upserted += report.upserted;
		total.deleted += report.deleted;
	}
}
