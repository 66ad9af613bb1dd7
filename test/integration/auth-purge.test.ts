import { beforeAll, describe, expect, it } from 'vitest';
import * as tokens from '../../src/lib/server/auth/one-time-tokens';
import { purgeExpired } from '../../src/lib/server/auth/purge';
import * as rateLimit from '../../src/lib/server/rate-limit';
import * as sessions from '../../src/lib/server/auth/sessions';
import type { Sql } from '../../src/lib/server/db';
import { freshDatabase } from '../helpers/database';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
let sql: Sql;

beforeAll(async () => {
	sql = await freshDatabase();
});

async function makeUser(name: string): Promise<string> {
	const [row] = await sql<{ id: string }[]>`
		insert into users (email, password_hash, display_name, email_verified_at)
		values (${`${name}@exemple.fr`}, 'not-a-hash', ${name}, now()) returning id`;
	return row!.id;
}

const ago = (ms: number) => new Date(Date.now() - ms);

describe('purgeExpired', () => {
	it('deletes ended sessions and keeps live ones', async () => {
		const userId = await makeUser('sessions');
		const live = await sessions.create(userId);
		const ended = await sessions.create(userId);
		await sql`update sessions set expires_at = ${ago(HOUR)} where id = ${ended.session.id}`;

		expect((await purgeExpired()).sessions).toBe(1);
		const ids = await sql<{ id: string }[]>`select id from sessions order by id`;
		expect(ids.map((r) => r.id)).toEqual([live.session.id]);
		expect((await sessions.validate(live.token)).user?.id).toBe(userId);

		// `now` is the reference: eight days on, the week-long session has ended too.
		expect((await purgeExpired(new Date(Date.now() + 8 * DAY))).sessions).toBe(1);
		expect(await sql`select id from sessions`).toHaveLength(0);
	});

	it('deletes links expired for more than a day, keeps recent and valid ones', async () => {
		const [old, recent, valid] = await Promise.all(
			['token-old', 'token-recent', 'token-valid'].map(makeUser)
		);
		await tokens.issue(old!, 'email_verification');
		await tokens.issue(recent!, 'password_reset');
		const token = await tokens.issue(valid!, 'password_reset');
		await sql`update auth_tokens set expires_at = ${ago(2 * DAY)} where user_id = ${old!}`;
		await sql`update auth_tokens set expires_at = ${ago(HOUR)} where user_id = ${recent!}`;

		expect((await purgeExpired()).tokens).toBe(1);
		const left = await sql<{ user_id: string }[]>`select user_id from auth_tokens`;
		expect(left.map((r) => r.user_id).sort()).toEqual([recent!, valid!].sort());
		expect(await tokens.isValid(token, 'password_reset')).toBe(true);
	});

	it('deletes rate-limit counters whose window started more than a day ago', async () => {
		const limit = { max: 5, windowSeconds: 3600 };
		for (const key of ['purge:old', 'purge:recent', 'purge:now']) await rateLimit.hit(key, limit);
		await sql`update rate_limits set window_start = ${ago(DAY + HOUR)} where key = 'purge:old'`;
		await sql`update rate_limits set window_start = ${ago(DAY - HOUR)} where key = 'purge:recent'`;

		expect((await purgeExpired()).rateLimits).toBe(1);
		const keys = await sql<{ key: string }[]>`select key from rate_limits
			where key like 'purge:%' order by key`;
		expect(keys.map((r) => r.key)).toEqual(['purge:now', 'purge:recent']);
	});

	it('deletes year-old sign-in and reset entries only, never the structures’ history', async () => {
		const userId = await makeUser('audit');
		const old = ago(400 * DAY);
		const entries: [string, string, Date][] = [
			['user.signed_in', 'user', old],
			['user.sign_in_failed', 'user', old],
			['user.password_reset_requested', 'user', old],
			['user.password_reset', 'user', old],
			['user.signed_in', 'user', ago(300 * DAY)],
			['user.role_changed', 'user', old],
			['user.created', 'user', old],
			['revision.submitted', 'revision', old],
			['revision.approved', 'revision', old],
			['structure.updated', 'structure', old],
			['contacts.exported', 'contacts', old]
		];
		for (const [action, entity, at] of entries)
			await sql`insert into audit_log (actor_id, action, entity, entity_id, at)
				values (${userId}, ${action}, ${entity}, ${userId}, ${at})`;

		expect((await purgeExpired()).securityLog).toBe(4);
		const kept = await sql<{ action: string }[]>`select action from audit_log
			where entity_id = ${userId} order by id`;
		expect(kept.map((r) => r.action)).toEqual([
			'user.signed_in',
			'user.role_changed',
			'user.created',
			'revision.submitted',
			'revision.approved',
			'structure.updated',
			'contacts.exported'
		]);
	});

	it('finds nothing left to delete the second time (safe on several servers)', async () => {
		const userId = await makeUser('twice');
		const { session } = await sessions.create(userId);
		await sql`update sessions set expires_at = ${ago(DAY)} where id = ${session.id}`;
		const [first, second] = await Promise.all([purgeExpired(), purgeExpired()]);
		expect(first.sessions + second.sessions).toBe(1);
		expect(await purgeExpired()).toEqual({ sessions: 0, tokens: 0, rateLimits: 0, securityLog: 0 });
	});
});
