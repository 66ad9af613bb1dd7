import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as sessions from '../../src/lib/server/auth/sessions';
import { hashSecret } from '../../src/lib/server/auth/tokens';
import * as users from '../../src/lib/server/auth/users';
import type { Sql } from '../../src/lib/server/db';
import { freshDatabase } from '../helpers/database';

const comparisons = vi.hoisted(() => ({ count: 0 }));
vi.mock('@oslojs/crypto/subtle', async (original) => {
	const actual = await original<typeof import('@oslojs/crypto/subtle')>();
	return {
		constantTimeEqual: (a: Uint8Array, b: Uint8Array) => {
			comparisons.count++;
			return actual.constantTimeEqual(a, b);
		}
	};
});

const DAY = 24 * 60 * 60 * 1000;
let sql: Sql;
let userId: string;

beforeAll(async () => {
	sql = await freshDatabase();
	const user = await users.create({
		email: 'session@exemple.fr',
		password: 'une longue phrase de passe',
		verified: true,
		via: 'command-line'
	});
	userId = user!.id;
});

/** Moves a session's clock back, as if `days` had passed since it was created or last seen. */
async function age(id: string, { created = 0, seen = 0 }: { created?: number; seen?: number }) {
	await sql`update sessions set
		created_at = created_at - ${created * DAY} * interval '1 millisecond',
		last_seen_at = last_seen_at - ${seen * DAY} * interval '1 millisecond',
		expires_at = expires_at - ${seen * DAY} * interval '1 millisecond'
		where id = ${id}`;
}

describe('sessions', () => {
	it('hand out `<id>.<secret>` tokens of 160 bits each and store only the secret’s SHA-256', async () => {
		const { token, session } = await sessions.create(userId);
		expect(token).toMatch(/^[a-z2-7]{32}\.[a-z2-7]{32}$/);
		const [id, secret] = token.split('.') as [string, string];
		expect(session.id).toBe(id);
		const [row] = await sql<{ id: string; secret_hash: Uint8Array }[]>`
			select * from sessions where id = ${id}`;
		expect(Buffer.from(row!.secret_hash)).toEqual(Buffer.from(hashSecret(secret)));
		const stored = JSON.stringify(await sql`select * from sessions where id = ${id}`);
		expect(stored).not.toContain(secret);
		expect(session.expiresAt.getTime() - Date.now()).toBeGreaterThan(6.9 * DAY);
	});

	it('recognise the token, through a constant-time comparison, and nothing close to it', async () => {
		const { token } = await sessions.create(userId);
		const before = comparisons.count;
		const valid = await sessions.validate(token);
		expect(comparisons.count).toBe(before + 1);
		expect(valid.user).toEqual({
			id: userId,
			email: 'session@exemple.fr',
			displayName: '',
			role: 'partner'
		});
		const [id, secret] = token.split('.') as [string, string];
		const forged = `${id}.${secret.slice(0, -1)}${secret.endsWith('a') ? 'b' : 'a'}`;
		expect((await sessions.validate(forged)).session).toBeNull();
		expect(comparisons.count).toBe(before + 2);
		for (const bad of [undefined, '', id, `${id}.`, `.${secret}`, `${token}.x`, 'x.y'])
			expect((await sessions.validate(bad)).user).toBeNull();
		// A forged secret does not end the real session.
		expect((await sessions.validate(token)).user?.id).toBe(userId);
	});

	it('end after 7 days without use, and are deleted then', async () => {
		const recent = await sessions.create(userId);
		await age(recent.session.id, { created: 6.9, seen: 6.9 });
		expect((await sessions.validate(recent.token)).session).not.toBeNull();

		const idle = await sessions.create(userId);
		await age(idle.session.id, { created: 7.01, seen: 7.01 });
		expect((await sessions.validate(idle.token)).session).toBeNull();
		expect(await sql`select 1 from sessions where id = ${idle.session.id}`).toHaveLength(0);
	});

	it('that ended unseen are deleted when their owner signs in again', async () => {
		const idle = await sessions.create(userId);
		await age(idle.session.id, { created: 8, seen: 8 });
		const live = await sessions.create(userId);
		const left =
			await sql`select id from sessions where id in (${idle.session.id}, ${live.session.id})`;
		expect(left.map((r) => r.id)).toEqual([live.session.id]);
	});

	it('slide by 7 days when used, at most once a day, but never past 30 days', async () => {
		const { token, session } = await sessions.create(userId);
		const first = await sessions.validate(token);
		expect(first.session?.fresh).toBe(false);

		await age(session.id, { created: 3, seen: 2 });
		const extended = await sessions.validate(token);
		expect(extended.session?.fresh).toBe(true);
		expect(extended.session!.expiresAt.getTime() - Date.now()).toBeGreaterThan(6.9 * DAY);
		expect((await sessions.validate(token)).session?.fresh).toBe(false);

		await age(session.id, { created: 25, seen: 2 });
		const capped = await sessions.validate(token);
		expect(capped.session?.fresh).toBe(true);
		const absoluteEnd = capped.session!.createdAt.getTime() + 30 * DAY;
		expect(capped.session!.expiresAt.getTime()).toBe(absoluteEnd);
	});

	it('end 30 days after sign-in however active', async () => {
		const { token, session } = await sessions.create(userId);
		await age(session.id, { created: 30.01 });
		expect((await sessions.validate(token)).session).toBeNull();
		expect(await sql`select 1 from sessions where id = ${session.id}`).toHaveLength(0);
	});

	it('stop working for a disabled account, and can all be ended at once', async () => {
		const a = await sessions.create(userId);
		const b = await sessions.create(userId);
		await sessions.invalidateAll(userId);
		expect((await sessions.validate(a.token)).user).toBeNull();
		expect((await sessions.validate(b.token)).user).toBeNull();

		const c = await sessions.create(userId);
		await sql`update users set disabled_at = now() where id = ${userId}`;
		expect((await sessions.validate(c.token)).user).toBeNull();
		await sql`update users set disabled_at = null where id = ${userId}`;
	});

	it('read the role on each request, so that a role change applies at once', async () => {
		const { token } = await sessions.create(userId);
		await users.setRole(userId, 'moderator', null);
		expect((await sessions.validate(token)).user?.role).toBe('moderator');
		const [entry] = await sql`select actor_id, details from audit_log
			where action = 'user.role_changed' and entity_id = ${userId}`;
		expect(entry).toEqual({ actor_id: null, details: { from: 'partner', to: 'moderator' } });
		await users.setRole(userId, 'partner', null);
	});
});
