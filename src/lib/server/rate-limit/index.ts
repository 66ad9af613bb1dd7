import { config } from '../config';
import * as db from '../db';
import { sql } from '../db';

export interface Limit {
	/** Hits allowed per window. */
	max: number;
	windowSeconds: number;
}

export interface Verdict {
	allowed: boolean;
	/** Hits in the current window, this one included. */
	hits: number;
	/** Seconds until the window ends (0 when allowed). */
	retryAfterSeconds: number;
}

/**
 * Counts one hit against `key` in a fixed window stored in PostgreSQL, so that every app
 * server shares the counters. The upsert is atomic: parallel hits are all counted.
 */
export async function hit(key: string, limit: Limit): Promise<Verdict> {
	// A read-only process (READ_ONLY, on a replica) cannot count: the proxy limits instead.
	if (config.readOnly) return { allowed: true, hits: 0, retryAfterSeconds: 0 };
	const window = `${limit.windowSeconds} seconds`;
	// Counters live on the primary, even when the request reads from a replica.
	const [row] = await db.primary(
		() => sql<{ hits: number; retry: number }[]>`
		insert into rate_limits as r (key, window_start, hits) values (${key}, now(), 1)
		on conflict (key) do update set
			hits = case when r.window_start <= now() - ${window}::interval then 1 else r.hits + 1 end,
			window_start = case when r.window_start <= now() - ${window}::interval
				then now() else r.window_start end
		returning hits,
			ceil(extract(epoch from window_start + ${window}::interval - now()))::int as retry`
	);
	if (Math.random() < 0.01) db.primary(() => purgeExpired()).catch(() => {});
	const allowed = row!.hits <= limit.max;
	return { allowed, hits: row!.hits, retryAfterSeconds: allowed ? 0 : Math.max(1, row!.retry) };
}

/** Forgets the hits of `key` (a successful sign-in clears that account's failures). */
export async function clear(key: string): Promise<void> {
	await sql`delete from rate_limits where key = ${key}`;
}

/** Windows are at most a day long: older rows no longer count. */
export async function purgeExpired(): Promise<void> {
	await sql`delete from rate_limits where window_start < now() - interval '1 day'`;
}

/** « 3 minutes », « 1 heure »: how long to wait, for French messages. */
export function waitInFrench(seconds: number): string {
	if (seconds < 60) return 'une minute';
	const minutes = Math.ceil(seconds / 60);
	if (minutes < 60) return minutes === 1 ? 'une minute' : `${minutes} minutes`;
	const hours = Math.ceil(minutes / 60);
	return hours === 1 ? 'une heure' : `${hours} heures`;
}
