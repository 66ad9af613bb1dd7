import { REPORT_KIND_LABELS, type ReportKind } from '../../domain/error-reports';
import { sql } from '../db';
import * as email from '../email';
import { log } from '../log';

/**
 * Tells the moderators (and administrators) of new public error reports, once per report:
 * the claim (moderators_notified_at, migration 023) is taken before sending, so restarts and
 * several app servers never send the same notification twice. The email says what the
 * moderators need to act — the fiche, the kind of error, the visitor's message — and only
 * whether the visitor wants to be told of the outcome, never their address.
 */
export async function notifyModerators(origin: string): Promise<number> {
	const claimed = await sql<
		{
			id: string;
			kind: ReportKind;
			message: string;
			wants_outcome: boolean;
			name: string;
			slug: string;
		}[]
	>`
		update error_reports r set moderators_notified_at = now()
		from structures s
		where s.id = r.structure_id and r.id in (
			select id from error_reports
			where moderators_notified_at is null and status = 'open'
			order by created_at limit 50
			for update skip locked)
		returning r.id, r.kind, r.message, r.reporter_email is not null as wants_outcome,
			s.name, s.slug`;
	if (claimed.length === 0) return 0;
	const moderators = await sql<{ email: string }[]>`
		select email from users
		where role in ('moderator', 'admin') and disabled_at is null and email_verified_at is not null
		order by email`;
	for (const report of claimed)
		for (const moderator of moderators)
			await email.send({ to: moderator.email, ...newReportEmail(report, origin) });
	log.info('report.moderators_notified', {
		reports: claimed.length,
		moderators: moderators.length
	});
	return claimed.length;
}

export function newReportEmail(
	report: { kind: ReportKind; message: string; wants_outcome: boolean; name: string; slug: string },
	origin: string
): { subject: string; text: string } {
	const what = REPORT_KIND_LABELS[report.kind];
	const follow = report.wants_outcome
		? 'Le visiteur a laissé une adresse pour être informé de la suite : elle lui sera écrite quand vous traiterez le signalement.'
		: 'Le visiteur n’a pas demandé à être informé de la suite.';
	return {
		subject: `Nouveau signalement sur « ${report.name} »`,
		text: `Bonjour,\n\nUn visiteur signale une erreur sur la fiche « ${report.name} » (${what.toLowerCase()}).\n\nSon message :\n${report.message}\n\n${follow}\n\nLa fiche : ${origin}/structures/${report.slug}\nLes signalements à traiter : ${origin}/moderation/signalements\n\n— Cartonum`
	};
}
