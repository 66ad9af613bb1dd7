import { sql } from '../db';
import * as audit from './audit';
import * as passwords from './passwords';
import type { Role } from './roles';

export interface User {
	id: string;
	email: string;
	displayName: string;
	role: Role;
	passwordHash: string;
	emailVerifiedAt: Date | null;
	disabledAt: Date | null;
	createdAt: Date;
}

type Row = {
	id: string;
	email: string;
	display_name: string;
	role: Role;
	password_hash: string;
	email_verified_at: Date | null;
	disabled_at: Date | null;
	created_at: Date;
};

const toUser = (r: Row): User => ({
	id: r.id,
	email: r.email,
	displayName: r.display_name,
	role: r.role,
	passwordHash: r.password_hash,
	emailVerifiedAt: r.email_verified_at,
	disabledAt: r.disabled_at,
	createdAt: r.created_at
});

/** Addresses are compared case-insensitively and stored trimmed, in lower case. */
export function normalizeEmail(email: string): string {
	return email.trim().toLowerCase();
}

export async function byEmail(email: string): Promise<User | null> {
	const [row] = await sql<Row[]>`select * from users where lower(email) = ${normalizeEmail(email)}`;
	return row ? toUser(row) : null;
}

export async function byId(id: string): Promise<User | null> {
	const [row] = await sql<Row[]>`select * from users where id = ${id}`;
	return row ? toUser(row) : null;
}

export interface NewUser {
	email: string;
	password: string;
	displayName?: string;
	role?: Role;
	/** Operators' accounts are trusted; self-service sign-ups must verify their address. */
	verified?: boolean;
	/** Who created the account (null: self-service or command line). */
	actorId?: string | null;
	via: 'sign-up' | 'command-line' | 'admin';
}

/**
 * Creates an account, or returns null when the address is taken (the unique index decides,
 * so two parallel sign-ups with one address cannot both succeed).
 */
export async function create(input: NewUser): Promise<User | null> {
	const passwordHash = await passwords.hash(input.password);
	return sql.begin(async (tx) => {
		const [row] = await tx<Row[]>`
			insert into users (email, password_hash, display_name, role, email_verified_at)
			values (${normalizeEmail(input.email)}, ${passwordHash}, ${input.displayName?.trim() ?? ''},
				${input.role ?? 'partner'}, ${input.verified ? new Date() : null})
			on conflict do nothing
			returning *`;
		if (!row) return null;
		await audit.record(
			'user.created',
			row.id,
			{
				actorId: input.actorId ?? (input.via === 'sign-up' ? row.id : null),
				details: { via: input.via, role: row.role }
			},
			tx
		);
		return toUser(row);
	});
}

export async function setRole(userId: string, role: Role, actorId: string | null): Promise<void> {
	await sql.begin(async (tx) => {
		const [before] = await tx<{ role: Role }[]>`
			select role from users where id = ${userId} for update`;
		if (!before) throw new Error(`No user ${userId}`);
		if (before.role === role) return;
		await tx`update users set role = ${role} where id = ${userId}`;
		await audit.record(
			'user.role_changed',
			userId,
			{ actorId, details: { from: before.role, to: role } },
			tx
		);
	});
}

export async function setPassword(userId: string, password: string): Promise<void> {
	const passwordHash = await passwords.hash(password);
	await sql`update users set password_hash = ${passwordHash} where id = ${userId}`;
}

/** Marks the address verified; returns false when it already was. */
export async function markVerified(userId: string): Promise<boolean> {
	const rows = await sql`update users set email_verified_at = now()
		where id = ${userId} and email_verified_at is null returning id`;
	return rows.length > 0;
}
