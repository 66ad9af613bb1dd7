import { PAGE_SIZE } from '../../domain/page-size';
import { ROLES, type Role } from './roles';
import { sql } from '../db';

/** Accounts as admins see them, to manage roles. */
export interface Account {
	id: string;
	email: string;
	displayName: string;
	role: Role;
	verified: boolean;
	disabled: boolean;
	createdAt: Date;
	structures: number;
}

export { PAGE_SIZE };

/**
 * Accounts matching `q` (part of the address or the name, case and accents ignored), of one
 * role if given, by address; `page` from 1.
 */
export async function list({
	q = '',
	role = null,
	page = 1
}: { q?: string; role?: Role | null; page?: number } = {}): Promise<{
	items: Account[];
	total: number;
}> {
	const text = q.trim().slice(0, 100);
	const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
	const where = sql`
		(${text} = '' or unaccent(lower(u.email)) like unaccent(lower(${pattern}))
			or unaccent(lower(u.display_name)) like unaccent(lower(${pattern})))
		and (${role}::text is null or u.role = ${role})`;
	const offset = (Math.max(1, Math.trunc(page)) - 1) * PAGE_SIZE;
	const items = await sql<Account[]>`
		select u.id, u.email, u.display_name as "displayName", u.role,
			u.email_verified_at is not null as verified, u.disabled_at is not null as disabled,
			u.created_at as "createdAt",
			(select count(*)::int from memberships m where m.user_id = u.id) as structures
		from users u where ${where}
		order by lower(u.email), u.id
		limit ${PAGE_SIZE} offset ${offset}`;
	const [count] = await sql<
		{ total: number }[]
	>`select count(*)::int as total from users u where ${where}`;
	return { items, total: count?.total ?? 0 };
}

/** Role changes recorded in audit_log, the latest first. */
export function roleChanges(limit = 20) {
	return sql<{ at: Date; email: string | null; actorEmail: string | null; from: Role; to: Role }[]>`
		select l.at, u.email, a.email as "actorEmail", l.details->>'from' as from,
			l.details->>'to' as to
		from audit_log l
		left join users u on u.id::text = l.entity_id
		left join users a on a.id = l.actor_id
		where l.action = 'user.role_changed'
		order by l.at desc, l.id desc
		limit ${limit}`;
}

export function isRoleValue(value: string): value is Role {
	return (ROLES as readonly string[]).includes(value);
}
