import { sql } from '../db';
import type { Sql, TransactionSql } from '../db';
import { MODERATION_TEAM } from '../../domain/moderation-team';
import type { Actor, Message, Revision, RevisionEvent, Status } from './types';

type Db = Sql | TransactionSql;

const columns = (db: Db) => db`
	r.id, r.kind, r.status, r.structure_id as "structureId", s.name as "structureName",
	s.slug as "structureSlug", s.status as "structureStatus",
	r.author_id as "authorId", a.email as "authorEmail", a.display_name as "authorName",
	r.reviewer_id as "reviewerId", v.display_name as "reviewerName",
	r.payload, r.base_version as "baseVersion", r.reason,
	r.created_at as "createdAt", r.updated_at as "updatedAt",
	r.submitted_at as "submittedAt", r.decided_at as "decidedAt"`;

const from = (db: Db) => db`
	revisions r
	join users a on a.id = r.author_id
	left join users v on v.id = r.reviewer_id
	left join structures s on s.id = r.structure_id`;

export async function byId(id: string, db: Db = sql): Promise<Revision | null> {
	if (!isUuid(id)) return null;
	const [row] = await db<Revision[]>`select ${columns(db)} from ${from(db)} where r.id = ${id}`;
	return row ?? null;
}

/** Whether `actor` may see the revision: their own, or any sent one for staff (drafts stay their author's). */
export function mayView(revision: Revision, actor: Actor): boolean {
	if (revision.authorId === actor.id) return true;
	return actor.role !== 'partner' && revision.status !== 'draft';
}

/** The revisions of one person, the latest first. */
export function byAuthor(authorId: string): Promise<Revision[]> {
	return sql<Revision[]>`
		select ${columns(sql)} from ${from(sql)}
		where r.author_id = ${authorId}
		order by coalesce(r.submitted_at, r.created_at) desc, r.id`;
}

/** The revisions about one structure, the latest first (drafts excluded). */
export function byStructure(structureId: string): Promise<Revision[]> {
	return sql<Revision[]>`
		select ${columns(sql)} from ${from(sql)}
		where r.structure_id = ${structureId} and r.status <> 'draft'
		order by coalesce(r.submitted_at, r.created_at) desc, r.id`;
}

/**
 * How a person is named to the viewer: staff see names or addresses; applicants see a staff
 * member's display name, or « L’équipe de modération », never a staff member's address.
 */
const nameFor = (staff: boolean) =>
	staff
		? sql`coalesce(nullif(u.display_name, ''), u.email, 'Cartonum')`
		: sql`case when u.role in ('moderator', 'admin')
				then coalesce(nullif(u.display_name, ''), ${MODERATION_TEAM})
				else coalesce(nullif(u.display_name, ''), u.email, 'Cartonum') end`;

/** Messages of a revision; staff notes only when `staff`. */
export function messages(revisionId: string, { staff }: { staff: boolean }): Promise<Message[]> {
	return sql<Message[]>`
		select m.id::text, m.author_id as "authorId",
			${nameFor(staff)} as "authorName",
			coalesce(u.role in ('moderator', 'admin'), false) as "fromStaff",
			m.body, m.visibility, m.created_at as "createdAt"
		from revision_messages m left join users u on u.id = m.author_id
		where m.revision_id = ${revisionId}
			${staff ? sql`` : sql`and m.visibility = 'applicant'`}
		order by m.id`;
}

/** The history of a revision, oldest first, from audit_log; named for staff when `staff`. */
export function events(
	revisionId: string,
	{ staff }: { staff: boolean }
): Promise<RevisionEvent[]> {
	return sql<RevisionEvent[]>`
		select l.at, l.action,
			${nameFor(staff)} as "actorName",
			coalesce(u.role in ('moderator', 'admin'), false) as "fromStaff"
		from audit_log l left join users u on u.id = l.actor_id
		where l.entity = 'revision' and l.entity_id = ${revisionId}
		order by l.at, l.id`;
}

/** Locks a request for a change of state, inside `tx`. */
export async function lock(tx: TransactionSql, id: string): Promise<Revision | null> {
	if (!isUuid(id)) return null;
	const [locked] = await tx<{ id: string }[]>`select id from revisions where id = ${id} for update`;
	return locked ? byId(id, tx) : null;
}

export async function setStatus(
	tx: TransactionSql,
	id: string,
	status: Status,
	changes: { reviewerId?: string; reason?: string | null; decided?: boolean } = {}
): Promise<void> {
	await tx`update revisions set status = ${status}, updated_at = now(),
			reviewer_id = coalesce(${changes.reviewerId ?? null}::uuid, reviewer_id),
			reason = ${changes.reason === undefined ? tx`reason` : changes.reason},
			decided_at = ${changes.decided ? tx`now()` : tx`decided_at`},
			submitted_at = ${status === 'received' ? tx`coalesce(submitted_at, now())` : tx`submitted_at`}
		where id = ${id}`;
}

export async function addMessage(
	tx: TransactionSql,
	revisionId: string,
	authorId: string,
	body: string,
	visibility: 'applicant' | 'staff' = 'applicant'
): Promise<void> {
	await tx`insert into revision_messages (revision_id, author_id, body, visibility)
		values (${revisionId}, ${authorId}, ${body}, ${visibility})`;
}

export type RevisionAction =
	| 'revision.submitted'
	| 'revision.review_started'
	| 'revision.info_requested'
	| 'revision.replied'
	| 'revision.commented'
	| 'revision.approved'
	| 'revision.refused'
	| 'revision.withdrawn';

export async function audit(
	tx: TransactionSql,
	action: RevisionAction,
	revision: Pick<Revision, 'id' | 'kind' | 'structureId'>,
	actorId: string,
	details: Record<string, unknown> = {}
): Promise<void> {
	await tx`insert into audit_log (actor_id, action, entity, entity_id, details)
		values (${actorId}, ${action}, 'revision', ${revision.id},
			${tx.json({ kind: revision.kind, structure_id: revision.structureId, ...details } as never)})`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);
