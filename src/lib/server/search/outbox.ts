import type { Sql } from '../db';

/**
 * The `search_outbox` queue (filled by triggers in the same transaction as every change).
 * Rows are leased rather than locked during the push, so no transaction stays open while
 * Meilisearch works; the lease also keeps two relays off the same structure.
 */
export interface Claimed {
	rowIds: bigint[];
	structureIds: string[];
}

export const LEASE_SECONDS = 300;

/**
 * Claims up to `limit` structures with pending rows, and every pending row of those
 * structures (coalescing: one push per structure, however many changes it had).
 * `dueOnly: false` ignores the retry backoff (an operator running `search:sync`).
 */
export async function claim(
	sql: Sql,
	indexName: string,
	options: { limit: number; dueOnly: boolean }
): Promise<Claimed> {
	return sql.begin(async (tx) => {
		// Claims are short and serialised, so the "no other lease on this structure" check holds.
		await tx`select pg_advisory_xact_lock(hashtext('cartonum.search_outbox.claim'))`;
		const [rebuilding] = await tx`
			select 1 from search_index_state
			where index_name = ${indexName} and rebuilding_until > now()`;
		if (rebuilding) return { rowIds: [], structureIds: [] };
		const due = options.dueOnly ? tx`and o.next_attempt_at <= now()` : tx``;
		const structures = await tx<{ structure_id: string }[]>`
			select distinct o.structure_id from (
				select o.id, o.structure_id from search_outbox o
				where o.processed_at is null ${due}
					and not exists (
						select 1 from search_outbox l
						where l.structure_id = o.structure_id and l.processed_at is null
							and l.leased_until > now())
				order by o.id
				limit ${options.limit}
				for update skip locked) o`;
		const structureIds = structures.map((r) => r.structure_id);
		if (!structureIds.length) return { rowIds: [], structureIds };
		const rows = await tx<{ id: bigint }[]>`
			update search_outbox set
				leased_until = now() + make_interval(secs => ${LEASE_SECONDS}),
				attempts = attempts + 1
			where structure_id = any(${structureIds}::uuid[]) and processed_at is null
			returning id`;
		return { rowIds: rows.map((r) => r.id), structureIds };
	});
}

export async function complete(sql: Sql, rowIds: bigint[]) {
	for (const chunk of chunks(rowIds, 10_000))
		await sql`
			update search_outbox set processed_at = now(), leased_until = null, last_error = null
			where id = any(${chunk.map(String)}::bigint[])`;
}

/**
 * Gives the rows back with the error, to be retried after an exponential backoff (2 s, 4 s…
 * up to 10 min, by attempt) with jitter, so that several relays do not retry in step.
 */
export async function fail(sql: Sql, rowIds: bigint[], error: unknown) {
	const message = String(error instanceof Error ? error.message : error).slice(0, 2000);
	for (const chunk of chunks(rowIds, 10_000))
		await sql`
			update search_outbox set
				leased_until = null,
				last_error = ${message},
				next_attempt_at = now() + make_interval(
					secs => least(600, power(2, least(attempts, 10))) * (0.75 + random() * 0.5))
			where id = any(${chunk.map(String)}::bigint[])`;
}

export async function pendingCount(sql: Sql): Promise<number> {
	const [row] = await sql<{ n: number }[]>`
		select count(*)::int as n from search_outbox where processed_at is null`;
	return row?.n ?? 0;
}

export function chunks<T>(items: T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
	return out;
}

/**
 * Keeps the outbox small. With Meilisearch, processed rows are dropped after a week (kept
 * meanwhile to investigate). Without it, nothing reads the rows: they are dropped after an
 * hour, and every index is marked out of date, so that an index used again later is rebuilt
 * from the tables instead of missing the changes made meanwhile.
 */
export async function tidy(sql: Sql, withMeilisearch: boolean): Promise<number> {
	if (withMeilisearch) {
		const rows = await sql`
			delete from search_outbox where processed_at < now() - interval '7 days'`;
		return rows.count;
	}
	return sql.begin(async (tx) => {
		const rows = await tx`
			delete from search_outbox where enqueued_at < now() - interval '1 hour'`;
		if (rows.count) await tx`update search_index_state set settings_version = 0`;
		return rows.count;
	});
}
