import { config } from '../config';
import { sql } from '../db';
import { OPEN_STATUSES, type Kind, type Status } from '../revisions/types';

/**
 * The moderation queue: revisions waiting for a decision, the oldest first, those waiting
 * longer than MODERATION_STALE_DAYS flagged. Used as `import * as moderation from …`.
 */

export interface QueueItem {
	id: string;
	kind: Kind;
	status: Status;
	title: string;
	structureSlug: string | null;
	authorName: string;
	authorEmail: string;
	reviewerName: string | null;
	submittedAt: Date;
	waitingDays: number;
	stale: boolean;
}

/** The queue holds the open requests, those waiting for a moderator's decision. */
export const QUEUE_STATUSES = OPEN_STATUSES;

/** Requests waiting, per open status (the queue's tabs). */
type QueueCounts = { received: number; in_review: number; info_requested: number };

export async function queue(
	options: { status?: Status | null; staleDays?: number } = {}
): Promise<QueueItem[]> {
	const staleDays = options.staleDays ?? config.moderationStaleDays;
	const statuses = options.status ? [options.status] : [...QUEUE_STATUSES];
	const rows = await sql<Omit<QueueItem, 'stale'>[]>`
		select r.id, r.kind, r.status,
			coalesce(r.payload #>> '{identity,name}', s.name, 'Nouvelle structure') as title,
			s.slug as "structureSlug",
			coalesce(nullif(a.display_name, ''), a.email) as "authorName", a.email as "authorEmail",
			nullif(v.display_name, '') as "reviewerName",
			r.submitted_at as "submittedAt",
			floor(extract(epoch from now() - r.submitted_at) / 86400)::int as "waitingDays"
		from revisions r
		join users a on a.id = r.author_id
		left join users v on v.id = r.reviewer_id
		left join structures s on s.id = r.structure_id
		where r.status = any(${statuses}::text[]) and r.submitted_at is not null
		order by r.submitted_at, r.id
		limit 500`;
	return rows.map((r) => ({ ...r, stale: r.waitingDays >= staleDays }));
}

/** How many revisions wait, per status (the queue's tabs). */
export async function counts(): Promise<QueueCounts> {
	const rows = await sql<{ status: keyof QueueCounts; count: number }[]>`
		select status, count(*)::int as count from revisions
		where status = any(${[...QUEUE_STATUSES]}::text[]) group by status`;
	const result: QueueCounts = { received: 0, in_review: 0, info_requested: 0 };
	for (const row of rows) result[row.status] = row.count;
	return result;
}

/** Revisions decided recently (for the moderators' record). */
export async function decided(limit = 50) {
	return sql<
		{
			id: string;
			kind: Kind;
			status: Status;
			title: string;
			reviewerName: string | null;
			decidedAt: Date;
		}[]
	>`
		select r.id, r.kind, r.status,
			coalesce(r.payload #>> '{identity,name}', s.name, 'Nouvelle structure') as title,
			coalesce(nullif(v.display_name, ''), v.email) as "reviewerName",
			r.decided_at as "decidedAt"
		from revisions r
		left join users v on v.id = r.reviewer_id
		left join structures s on s.id = r.structure_id
		where r.status in ('published', 'refused', 'withdrawn') and r.decided_at is not null
		order by r.decided_at desc limit ${limit}`;
}
