import { sql } from '../db';
import { log } from '../log';

/**
 * The audit_log actions of the security log that /donnees-personnelles keeps for one year:
 * sign-ins and password resets, which hold IP addresses. Every other action (requests,
 * moderation decisions, structure changes, role changes) is the structures' and accounts'
 * history and is kept.
 */
export const SECURITY_LOG_ACTIONS = [
	'user.signed_in',
	'user.sign_in_failed',
	'user.password_reset_requested',
	'user.password_reset'
];

export interface Purged {
	sessions: number;
	tokens: number;
	rateLimits: number;
	securityLog: number;
}

/**
 * Deletes what no longer serves: ended sessions, email links expired for more than a day
 * (used ones are deleted when used), rate-limit counters whose window started more than a
 * day ago (windows last at most a day, so they have ended) and security-log entries older
 * than a year. Plain deletes: running it on several app servers at once is harmless.
 */
export async function purgeExpired(now: Date = new Date()): Promise<Purged> {
	const sessions = await sql`delete from sessions where expires_at < ${now}`;
	const tokens = await sql`delete from auth_tokens
		where expires_at < ${now}::timestamptz - interval '1 day'`;
	const rateLimits = await sql`delete from rate_limits
		where window_start < ${now}::timestamptz - interval '1 day'`;
	const securityLog = await sql`delete from audit_log
		where entity = 'user' and action = any(${SECURITY_LOG_ACTIONS}::text[])
			and at < ${now}::timestamptz - interval '1 year'`;
	return {
		sessions: sessions.count,
		tokens: tokens.count,
		rateLimits: rateLimits.count,
		securityLog: securityLog.count
	};
}

const HOUR = 60 * 60 * 1000;
let timer: ReturnType<typeof setInterval> | undefined;

/** Purges every hour in the background; the timer never keeps the process alive. */
export function startPurging(everyMs = HOUR): void {
	if (timer) return;
	timer = setInterval(() => {
		purgeExpired().then(
			(purged) => log.info('auth.purged', { ...purged }),
			(error: unknown) => log.error('auth.purge_failed', { error: String(error) })
		);
	}, everyMs);
	timer.unref();
}

export function stopPurging(): void {
	clearInterval(timer);
	timer = undefined;
}
