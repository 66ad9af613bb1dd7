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

const CHUNK = 5000;

export async function finishBulk(tx: TransactionSql, refresh: boolean): Promise<void> {
	await tx`select set_config('cartonum.bulk', 'off', true)`;
	if (refresh) {
		// Fresh statistics (the table may have grown from nothing in this transaction), and
		// bounded arrays: each refresh reads its structures by key, never a scan per chunk.
		await tx`analyze structures`;
		const ids = (
			await tx<{ id: string }[]>`select structure_id::text as id from bulk_touched
			order by structure_id`
		).map((r) => r.id);
		for (let start = 0; start < ids.length; start += CHUNK) {
			const chunk = ids.slice(start, start + CHUNK);
			await tx`select refresh_search_documents(${chunk}::uuid[])`;
			await tx`select refresh_structure_cells(${chunk}::uuid[])`;
		}
	}
	await tx`truncate bulk_touched`;
}
