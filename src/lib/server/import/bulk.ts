import type { TransactionSql } from '../db';

/**
 * A bulk run (migration 022): within the transaction, the triggers that keep search documents
 * and map cells collect the structures they would refresh instead of refreshing them after
 * every statement; `finishBulk` refreshes each structure once. A dry run skips the refresh
 * (everything is rolled back anyway).
 */
export async function startBulk(tx: TransactionSql): Promise<void> {
	await tx`create temporary table if not exists bulk_touched (structure_id uuid primary key)
		on commit drop`;
	await tx`select set_config('cartonum.bulk', 'on', true)`;
}

export async function finishBulk(tx: TransactionSql, refresh: boolean): Promise<void> {
	await tx`select set_config('cartonum.bulk', 'off', true)`;
	if (refresh) {
		// Fresh statistics for the tables an import grows (they may have grown from nothing in
		// this transaction, and autovacuum may be off): the refresh below and the next run plan
		// on them.
		await tx`analyze structures, structure_identifiers, structure_programmes`;
		// One refresh of each derived table for all the touched structures: every statement of
		// the refresh then reads the structures once (a join, or a scan when most of them were
		// touched). Refreshing in chunks of k structures made each chunk scan the whole table
		// (k is too large a share of it for key look-ups), n/k scans in all: quadratic.
		await tx`select refresh_search_documents(array(select structure_id from bulk_touched))`;
		await tx`select refresh_structure_cells(array(select structure_id from bulk_touched))`;
	}
	await tx`truncate bulk_touched`;
}
