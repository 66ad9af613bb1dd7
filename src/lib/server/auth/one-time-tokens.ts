import { sql } from '../db';
import { hashSecret, randomToken } from './tokens';

/** 32 bytes in base32: 52 characters. Anything else is refused before touching the database. */
const TOKEN_SHAPE = /^[a-z2-7]{52}$/;

export type Purpose = 'email_verification' | 'password_reset';

/** How long a link sent by email stays valid. */
export const LIFETIME: Record<Purpose, number> = {
	email_verification: 48 * 60 * 60 * 1000,
	password_reset: 60 * 60 * 1000
};

/**
 * Issues a token for a link sent by email, replacing any earlier one for the same purpose
 * (only the latest email works). 32 random bytes; only their SHA-256 is stored.
 */
export async function issue(userId: string, purpose: Purpose): Promise<string> {
	return (await issueWithExpiry(userId, purpose)).token;
}

/** `issue`, with the moment the link stops working (the email says it). */
export async function issueWithExpiry(
	userId: string,
	purpose: Purpose
): Promise<{ token: string; expiresAt: Date }> {
	const token = randomToken(32);
	const expiresAt = new Date(Date.now() + LIFETIME[purpose]);
	await sql.begin(async (tx) => {
		await tx`delete from auth_tokens where user_id = ${userId} and purpose = ${purpose}`;
		await tx`insert into auth_tokens (token_hash, user_id, purpose, expires_at)
			values (${hashSecret(token)}, ${userId}, ${purpose}, ${expiresAt})`;
	});
	return { token, expiresAt };
}

/**
 * Uses a token up: returns its user when it exists, has this purpose and has not expired,
 * and deletes it in the same statement, so two parallel uses cannot both succeed.
 */
export async function consume(token: string, purpose: Purpose): Promise<string | null> {
	if (!TOKEN_SHAPE.test(token)) return null;
	const [row] = await sql<{ user_id: string; expires_at: Date }[]>`
		delete from auth_tokens where token_hash = ${hashSecret(token)} and purpose = ${purpose}
		returning user_id, expires_at`;
	if (!row || row.expires_at.getTime() <= Date.now()) return null;
	return row.user_id;
}

/** The user a token would be accepted for, without using it; null for a bad or expired token. */
export async function holder(token: string, purpose: Purpose): Promise<string | null> {
	if (!TOKEN_SHAPE.test(token)) return null;
	const [row] = await sql<{ user_id: string }[]>`select user_id from auth_tokens
		where token_hash = ${hashSecret(token)} and purpose = ${purpose} and expires_at > now()`;
	return row?.user_id ?? null;
}

/** Whether a token would be accepted, without using it (to show the form behind a link). */
export async function isValid(token: string, purpose: Purpose): Promise<boolean> {
	if (!TOKEN_SHAPE.test(token)) return false;
	const [row] = await sql`select 1 from auth_tokens where token_hash = ${hashSecret(token)}
		and purpose = ${purpose} and expires_at > now()`;
	return !!row;
}

export async function revokeAll(userId: string, purpose: Purpose): Promise<void> {
	await sql`delete from auth_tokens where user_id = ${userId} and purpose = ${purpose}`;
}
