import { config } from '../config';
import { sql } from '../db';
import { hashSecret, randomToken, secretMatches } from './tokens';
import type { Role } from './roles';

const DAY = 24 * 60 * 60 * 1000;
/** A session unused for this long ends (sliding). */
export const INACTIVITY_TIMEOUT = 7 * DAY;
/** A session ends this long after sign-in, however active. */
export const ABSOLUTE_TIMEOUT = 30 * DAY;
/** The sliding expiry is pushed back at most this often, to spare a write per request. */
export const REFRESH_INTERVAL = DAY;

export interface Session {
	id: string;
	userId: string;
	createdAt: Date;
	expiresAt: Date;
	/** True when this validation extended the session: the cookie must be sent again. */
	fresh: boolean;
}

export interface SessionUser {
	id: string;
	email: string;
	displayName: string;
	role: Role;
}

export type SessionValidation =
	{ session: Session; user: SessionUser } | { session: null; user: null };

const none = { session: null, user: null } as const;

/** `<id>.<secret>`, each from `randomToken()`: lower-case base32. */
const TOKEN_SHAPE = /^[a-z2-7]{32}\.[a-z2-7]{32}$/;

/**
 * Creates a session and returns its token `<id>.<secret>`: the id finds the row, the secret
 * proves possession; only the secret's SHA-256 is stored.
 */
export async function create(userId: string): Promise<{ token: string; session: Session }> {
	const id = randomToken();
	const secret = randomToken();
	const now = Date.now();
	const expiresAt = new Date(now + INACTIVITY_TIMEOUT);
	// Sessions that ended unseen are deleted here, when their owner comes back.
	await sql`delete from sessions where user_id = ${userId} and expires_at < now()`;
	const [row] = await sql<{ created_at: Date }[]>`
		insert into sessions (id, user_id, secret_hash, created_at, last_seen_at, expires_at)
		values (${id}, ${userId}, ${hashSecret(secret)}, ${new Date(now)}, ${new Date(now)}, ${expiresAt})
		returning created_at`;
	return {
		token: `${id}.${secret}`,
		session: { id, userId, createdAt: row!.created_at, expiresAt, fresh: true }
	};
}

/** Checks a token from a cookie; extends the session when it is due. */
export async function validate(token: string | undefined | null): Promise<SessionValidation> {
	// Only tokens of the shape `create` makes reach the database (a forged cookie may hold anything, NUL included).
	if (!token || !TOKEN_SHAPE.test(token)) return none;
	const [id, secret] = token.split('.') as [string, string];
	const [row] = await sql<
		{
			secret_hash: Uint8Array;
			created_at: Date;
			last_seen_at: Date;
			expires_at: Date;
			user_id: string;
			email: string;
			display_name: string;
			role: Role;
			disabled_at: Date | null;
		}[]
	>`
		select s.secret_hash, s.created_at, s.last_seen_at, s.expires_at,
			u.id as user_id, u.email, u.display_name, u.role, u.disabled_at
		from sessions s join users u on u.id = s.user_id
		where s.id = ${id}`;
	if (!row || !secretMatches(secret, new Uint8Array(row.secret_hash))) return none;

	const now = Date.now();
	const absoluteEnd = row.created_at.getTime() + ABSOLUTE_TIMEOUT;
	if (now >= row.expires_at.getTime() || now >= absoluteEnd || row.disabled_at) {
		if (!config.readOnly) await invalidate(id);
		return none;
	}
	let expiresAt = row.expires_at;
	let fresh = false;
	// A read-only process (on a replica) reads sessions without extending them.
	if (now - row.last_seen_at.getTime() >= REFRESH_INTERVAL && !config.readOnly) {
		expiresAt = new Date(Math.min(now + INACTIVITY_TIMEOUT, absoluteEnd));
		await sql`update sessions set last_seen_at = ${new Date(now)}, expires_at = ${expiresAt}
			where id = ${id}`;
		fresh = true;
	}
	return {
		session: { id, userId: row.user_id, createdAt: row.created_at, expiresAt, fresh },
		user: { id: row.user_id, email: row.email, displayName: row.display_name, role: row.role }
	};
}

export async function invalidate(sessionId: string): Promise<void> {
	await sql`delete from sessions where id = ${sessionId}`;
}

/** Signs a user out everywhere (after a password reset or change, or when disabled). */
export async function invalidateAll(userId: string): Promise<void> {
	await sql`delete from sessions where user_id = ${userId}`;
}
