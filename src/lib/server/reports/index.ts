import { parisDateTime } from '../../domain/paris-time';
import {
	REPORT_KIND_LABELS,
	type ReportInput,
	type ReportKind,
	type ReportStatus,
	type Resolution
} from '../../domain/error-reports';
import * as rateLimit from '../rate-limit';
import { sql } from '../db';
import * as email from '../email';
import { log } from '../log';
import { notifyModerators } from './notify';

export { notifyModerators, newReportEmail } from './notify';

/**
 * « Signaler une erreur »: reports from anonymous visitors about a published fiche, the
 * moderators' list, and their resolution, recorded in the structure's history. Used as
 * `import * as reports from '$lib/server/reports'`.
 */

/** Reports accepted per client address and hour. */
export const REPORT_LIMIT = { max: 5, windowSeconds: 60 * 60 };

export interface Report {
	id: string;
	structureId: string;
	structureSlug: string;
	structureName: string;
	structureStatus: string;
	kind: ReportKind;
	message: string;
	/** Kept only until the report is resolved and the reporter told. */
	reporterEmail: string | null;
	status: ReportStatus;
	resolution: string | null;
	resolverName: string | null;
	createdAt: Date;
	resolvedAt: Date | null;
}

export type Submitted = { ok: true; id: string | null } | { ok: false; retryAfterSeconds: number };

/**
 * Stores a validated report about a published structure. The rate limit counts per client
 * address; `trap` (the honeypot was filled) answers like a success and stores nothing.
 */
export async function submit(
	structureId: string,
	input: ReportInput,
	{ ip, trap = false, origin }: { ip: string; trap?: boolean; origin: string }
): Promise<Submitted> {
	const verdict = await rateLimit.hit(`report:${ip}`, REPORT_LIMIT);
	if (!verdict.allowed) return { ok: false, retryAfterSeconds: verdict.retryAfterSeconds };
	if (trap) {
		log.info('report.trapped', {});
		return { ok: true, id: null };
	}
	const id = await sql.begin(async (tx) => {
		const [row] = await tx<{ id: string }[]>`
			insert into error_reports (structure_id, kind, message, reporter_email)
			select s.id, ${input.kind}, ${input.message}, ${input.email}
			from structures s where s.id = ${structureId} and s.status = 'published'
			returning id`;
		if (!row) return null;
		await tx`insert into audit_log (action, entity, entity_id, details)
			values ('report.received', 'structure', ${structureId},
				${tx.json({ report: row.id, kind: input.kind })})`;
		return row.id;
	});
	// After the commit; a failure to notify never loses the report (it is in the queue).
	if (id)
		await notifyModerators(origin).catch((error: unknown) =>
			log.error('report.notify_failed', { error: String(error) })
		);
	return { ok: true, id };
}

const columns = () => sql`
	r.id, r.structure_id as "structureId", s.slug as "structureSlug", s.name as "structureName",
	s.status as "structureStatus", r.kind, r.message, r.reporter_email as "reporterEmail",
	r.status, r.resolution, nullif(u.display_name, '') as "resolverName",
	r.created_at as "createdAt", r.resolved_at as "resolvedAt"`;

/** Reports waiting for a moderator, the oldest first. */
export async function open(limit = 500): Promise<Report[]> {
	return sql<Report[]>`
		select ${columns()}
		from error_reports r join structures s on s.id = r.structure_id
		left join users u on u.id = r.resolver_id
		where r.status = 'open'
		order by r.created_at, r.id limit ${limit}`;
}

export async function recent(limit = 20): Promise<Report[]> {
	return sql<Report[]>`
		select ${columns()}
		from error_reports r join structures s on s.id = r.structure_id
		left join users u on u.id = r.resolver_id
		where r.status <> 'open'
		order by r.resolved_at desc, r.id limit ${limit}`;
}

export async function openCount(): Promise<number> {
	const [row] = await sql<{ n: number }[]>`
		select count(*)::int as n from error_reports where status = 'open'`;
	return row?.n ?? 0;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function get(id: string): Promise<Report | null> {
	if (!UUID.test(id)) return null;
	const [row] = await sql<Report[]>`
		select ${columns()}
		from error_reports r join structures s on s.id = r.structure_id
		left join users u on u.id = r.resolver_id
		where r.id = ${id}`;
	return row ?? null;
}

export class ReportError extends Error {
	constructor(
		readonly status: number,
		message: string
	) {
		super(message);
	}
}

/**
 * Resolves an open report in one transaction: its status, the decision in the structure's
 * history (audit_log), and, when a closure is confirmed and asked for, the structure marked
 * closed (kept, with its history). The reporter's address is erased once used: the email is
 * sent after the commit.
 */
export async function resolve(
	actor: { id: string },
	id: string,
	resolution: Resolution,
	{ origin }: { origin: string }
): Promise<void> {
	const report = await sql.begin(async (tx) => {
		const [row] = await tx<
			{
				structure_id: string;
				kind: ReportKind;
				reporter_email: string | null;
				status: string;
				created_at: Date;
			}[]
		>`select structure_id, kind, reporter_email, status, created_at
			from error_reports where id = ${id} for update`;
		if (!row) throw new ReportError(404, 'Ce signalement est introuvable.');
		if (row.status !== 'open')
			throw new ReportError(409, 'Ce signalement a déjà été traité par un autre modérateur.');
		await tx`update error_reports set status = ${resolution.decision},
				resolution = ${resolution.note}, resolver_id = ${actor.id}, resolved_at = now(),
				reporter_email = null
			where id = ${id}`;
		await tx`insert into audit_log (actor_id, action, entity, entity_id, details)
			values (${actor.id}, ${resolution.decision === 'accepted' ? 'report.accepted' : 'report.rejected'},
				'structure', ${row.structure_id},
				${tx.json({ report: id, kind: row.kind, reason: resolution.note })})`;
		const closing = resolution.decision === 'accepted' && resolution.close && row.kind === 'closed';
		if (closing) {
			const closed = await tx`update structures set status = 'closed', version = version + 1,
					updated_at = now()
				where id = ${row.structure_id} and status = 'published'`;
			if (closed.count)
				await tx`insert into audit_log (actor_id, action, entity, entity_id, details)
					values (${actor.id}, 'structure.closed', 'structure', ${row.structure_id},
						${tx.json({ report: id })})`;
		}
		const [structure] = await tx<{ name: string; slug: string }[]>`
			select name, slug from structures where id = ${row.structure_id}`;
		return { ...row, structure: structure! };
	});
	if (report.reporter_email)
		await email.send({
			to: report.reporter_email,
			...outcomeEmail(report.kind, report.structure, resolution, origin, report.created_at)
		});
}

export function outcomeEmail(
	kind: ReportKind,
	structure: { name: string; slug: string },
	resolution: Resolution,
	origin: string,
	reportedAt?: Date
): { subject: string; text: string } {
	const what = REPORT_KIND_LABELS[kind].toLowerCase();
	const verdict =
		resolution.decision === 'rejected'
			? 'Après vérification, la fiche n’a pas été modifiée.'
			: resolution.close && kind === 'closed'
				? 'Après vérification, la structure est indiquée comme fermée et retirée de la carte.'
				: 'Après vérification, l’erreur est confirmée et la fiche est corrigée.';
	const note = resolution.note ? `\n\nMessage du modérateur :\n${resolution.note}` : '';
	return {
		subject: `Votre signalement sur « ${structure.name} »`,
		text: `Bonjour,\n\nVous nous avez signalé une erreur sur la fiche « ${structure.name} » (${what})${reportedAt ? `, le ${parisDateTime(reportedAt)} (heure de Paris)` : ''}. ${verdict}${note}\n\nLa fiche : ${origin}/structures/${structure.slug}\n\nVotre adresse électronique a été effacée de nos données.\n\n— L’équipe Cartonum de la région académique Bourgogne-Franche-Comté`
	};
}
