import { parisDateTime } from '../../domain/paris-time';
import { sql } from '../db';
import * as email from '../email';
import { log } from '../log';
import { KIND_LABELS, titleOf, type Context, type Revision, type RevisionHeadline } from './types';

/** What brings a revision (back) to the moderators' queue. */
export type Alert = 'submitted' | 'replied';

const SIGNATURE = '\n\n— Cartonum, région académique Bourgogne-Franche-Comté';

/** Plain text, like the applicants' emails: names typed by partners stay inert. */
export function composeAlert(
	revision: RevisionHeadline & { submittedAt?: Date | null },
	alert: Alert,
	{ origin }: Context
): { subject: string; text: string } {
	const title = titleOf(revision);
	const kind = KIND_LABELS[revision.kind].toLowerCase();
	const link = `${origin}/moderation/${revision.id}`;
	if (alert === 'replied')
		return {
			subject: `Réponse à examiner : « ${title} »`,
			text: `Bonjour,\n\nLe demandeur a répondu à votre demande d’informations sur la demande (${kind}) concernant « ${title} ». Elle est de nouveau en cours d’examen.\n\nLa demande : ${link}${SIGNATURE}`
		};
	return {
		subject: `Nouvelle demande à modérer : « ${title} »`,
		text: `Bonjour,\n\nUne demande (${kind}) concernant « ${title} »${revision.submittedAt ? `, envoyée le ${parisDateTime(revision.submittedAt)} (heure de Paris),` : ''} attend une modération.\n\nL’examiner : ${link}${SIGNATURE}`
	};
}

/**
 * Tells every active moderator and admin (verified, not disabled), except the revision's
 * author, that a revision awaits them. Call it after the transaction has committed; it never
 * throws, so a mail failure cannot undo or block what the applicant did.
 */
export async function alertStaff(
	revision: Revision,
	alert: Alert,
	context: Context
): Promise<void> {
	const { subject, text } = composeAlert(revision, alert, context);
	let recipients: { email: string }[];
	try {
		recipients = await sql<{ email: string }[]>`
			select email from users
			where role in ('moderator', 'admin') and email_verified_at is not null
				and disabled_at is null and id <> ${revision.authorId}
			order by email`;
	} catch (error) {
		log.error('revision.staff_alert_failed', {
			revision: revision.id,
			alert,
			error: String(error)
		});
		return;
	}
	for (const { email: to } of recipients) {
		try {
			await email.send({ to, subject, text });
		} catch (error) {
			log.error('revision.staff_alert_failed', {
				revision: revision.id,
				alert,
				error: String(error)
			});
		}
	}
}
