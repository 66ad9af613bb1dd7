import { sql } from '../db';
import type { Sql, TransactionSql } from '../db';

export type AccountAction =
	| 'user.created'
	| 'user.signed_up'
	| 'user.email_verified'
	| 'user.signed_in'
	| 'user.sign_in_failed'
	| 'user.role_changed'
	| 'user.password_reset_requested'
	| 'user.password_reset'
	| 'user.password_changed';

/** Records who did what to which account, and when (audit_log, shown to staff). */
export async function record(
	action: AccountAction,
	userId: string,
	{
		actorId = userId,
		details = {}
	}: { actorId?: string | null; details?: Record<string, unknown> } = {},
	db: Sql | TransactionSql = sql
): Promise<void> {
	await db`insert into audit_log (actor_id, action, entity, entity_id, details)
		values (${actorId}, ${action}, 'user', ${userId}, ${db.json(details as never)})`;
}
