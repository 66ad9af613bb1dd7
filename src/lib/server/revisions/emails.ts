import { parisDateTime } from '../../domain/paris-time';
import * as email from '../email';
import { log } from '../log';
import { KIND_LABELS, titleOf, type Context, type Revision, type RevisionHeadline } from './types';

/**
 * The emails that tell applicants where their revision stands, one per step. Plain text:
 * names typed by partners cannot turn into links or markup in a mail client.
 */
export type Notice =
	| { step: 'received' }
	| { step: 'in_review' }
	| { step: 'info_requested'; message: string }
	| { step: 'published'; structureSlug: string | null; note: string | null }
	| { step: 'refused'; reason: string };

const SIGNATURE = '\n\n— L’équipe Cartonum de la région académique Bourgogne-Franche-Comté';

export function compose(
	revision: RevisionHeadline & { submittedAt?: Date | null },
	notice: Notice,
	{ origin }: Context
): { subject: string; text: string } {
	const title = titleOf(revision);
	const kind = KIND_LABELS[revision.kind].toLowerCase();
	const follow = `Suivre votre demande : ${origin}/espace/demandes/${revision.id}`;
	switch (notice.step) {
		case 'received': {
			const sent = revision.submittedAt
				? `, envoyée le ${parisDateTime(revision.submittedAt)} (heure de Paris)`
				: '';
			return {
				subject: `Demande reçue : « ${title} »`,
				text: `Bonjour,\n\nNous avons bien reçu votre demande (${kind}) concernant « ${title} »${sent}. Un modérateur de l’équipe régionale va l’examiner ; vous recevrez un courriel à chaque étape.\n\n${follow}${SIGNATURE}`
			};
		}
		case 'in_review':
			return {
				subject: `Demande en cours d’examen : « ${title} »`,
				text: `Bonjour,\n\nUn modérateur examine votre demande (${kind}) concernant « ${title} ».\n\n${follow}${SIGNATURE}`
			};
		case 'info_requested':
			return {
				subject: `Informations demandées : « ${title} »`,
				text: `Bonjour,\n\nPour examiner votre demande (${kind}) concernant « ${title} », le modérateur a besoin d’informations :\n\n${quote(notice.message)}\n\nRépondez depuis la page de la demande (vous pouvez aussi y corriger votre demande) :\n${origin}/espace/demandes/${revision.id}${SIGNATURE}`
			};
		case 'published': {
			const where = notice.structureSlug
				? `\n\nLa fiche : ${origin}/structures/${notice.structureSlug}`
				: '';
			const what =
				revision.kind === 'claim'
					? `Vous gérez désormais la fiche « ${title} » : vous pouvez la modifier depuis votre espace partenaire (${origin}/espace).`
					: revision.kind === 'close'
						? `La fiche « ${title} » est retirée de la carte.`
						: `« ${title} » est publiée sur la carte de l’écosystème numérique éducatif.`;
			const note = notice.note ? `\n\nMessage du modérateur :\n${quote(notice.note)}` : '';
			return {
				subject: `Demande acceptée : « ${title} »`,
				text: `Bonjour,\n\nVotre demande (${kind}) a été acceptée. ${what}${note}${revision.kind === 'close' ? '' : where}\n\n${follow}${SIGNATURE}`
			};
		}
		case 'refused':
			return {
				subject: `Demande non retenue : « ${title} »`,
				text: `Bonjour,\n\nVotre demande (${kind}) concernant « ${title} » n’a pas été retenue, pour la raison suivante :\n\n${quote(notice.reason)}\n\nVous pouvez déposer une nouvelle demande depuis votre espace partenaire.\n\n${follow}${SIGNATURE}`
			};
	}
}

const quote = (text: string) =>
	text
		.split('\n')
		.map((line) => `> ${line}`)
		.join('\n');

/** Sends the notice to the applicant; a failure is logged, never shown to the moderator. */
export async function notify(revision: Revision, notice: Notice, context: Context): Promise<void> {
	const { subject, text } = compose(revision, notice, context);
	try {
		await email.send({ to: revision.authorEmail, subject, text });
	} catch (error) {
		log.error('revision.email_failed', {
			revision: revision.id,
			step: notice.step,
			error: String(error)
		});
	}
}
