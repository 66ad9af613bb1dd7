import { error } from '@sveltejs/kit';
import { sql, type Sql } from '../db';
import { log } from '../log';

/**
 * A Postgres search runs in one read-only transaction with a statement timeout: whatever the
 * query, it cannot hold the database (the embedded one has a single connection) for long.
 */
export const SEARCH_STATEMENT_TIMEOUT_MS = 2_000;

const QUERY_CANCELED = '57014';

export async function withSearchTimeout<T>(
	work: (db: Sql) => Promise<T>,
	timeoutMs = SEARCH_STATEMENT_TIMEOUT_MS
): Promise<T> {
	try {
		return (await sql.begin('read only', async (tx) => {
			// No JIT: a search is short, and compiling its plan (costly-looking on a large
			// directory) took longer than running it, up to seconds. No parallel workers: a
			// search reads a bounded number of rows, and starting a worker process for one of
			// its parts cost more than the part itself (130 ms for an empty one at 1,000,000).
			await tx`select set_config('statement_timeout', ${String(Math.max(1, Math.floor(timeoutMs)))}, true),
				set_config('jit', 'off', true),
				set_config('max_parallel_workers_per_gather', '0', true)`;
			return work(tx as unknown as Sql);
		})) as T;
	} catch (cause) {
		if ((cause as { code?: string }).code !== QUERY_CANCELED) throw cause;
		log.warn('search.statement_timeout', { timeoutMs });
		error(503, 'La recherche a pris trop de temps : précisez-la (moins de mots) et réessayez.');
	}
}
