import { z } from 'zod';

/** « Signaler une erreur »: what a visitor may report about a fiche, without an account. */

export const REPORT_KINDS = ['closed', 'moved', 'contact', 'other'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_KIND_LABELS: Record<ReportKind, string> = {
	closed: 'La structure a fermé',
	moved: 'La structure a déménagé (adresse ou position erronée)',
	contact: 'Un moyen de contact est erroné (téléphone, courriel, site)',
	other: 'Autre erreur'
};

export const REPORT_STATUS_LABELS = {
	open: 'À traiter',
	accepted: 'Erreur confirmée',
	rejected: 'Sans suite'
} as const;
export type ReportStatus = keyof typeof REPORT_STATUS_LABELS;

export const MAX_REPORT_MESSAGE = 2000;

/**
 * The name of the honeypot field: hidden from people (and from assistive technologies), bots
 * fill it. A filled honeypot is answered like a success, and nothing is stored.
 */
export const HONEYPOT_FIELD = 'site_internet';

export const reportSchema = z.object({
	kind: z.enum(REPORT_KINDS, { error: 'Indiquez ce qui est inexact.' }),
	message: z
		.string({ error: 'Décrivez l’erreur en quelques mots.' })
		.trim()
		.min(5, { error: 'Décrivez l’erreur en quelques mots (au moins 5 caractères).' })
		.max(MAX_REPORT_MESSAGE, {
			error: `Le message ne peut dépasser ${MAX_REPORT_MESSAGE} caractères.`
		}),
	email: z
		.string()
		.trim()
		.max(254, { error: 'Cette adresse électronique est trop longue.' })
		.optional()
		.transform((v) => (v ? v : null))
		.pipe(
			z
				.email({ error: 'Saisissez une adresse électronique valide, par exemple nom@exemple.fr.' })
				.nullable()
		)
});

export type ReportInput = z.output<typeof reportSchema>;

export const resolutionSchema = z.object({
	decision: z.enum(['accepted', 'rejected'], {
		error: 'Choisissez une décision : erreur confirmée ou sans suite.'
	}),
	note: z
		.string()
		.trim()
		.max(2000, { error: 'La réponse ne peut dépasser 2 000 caractères.' })
		.optional()
		.transform((v) => v || null),
	close: z
		.string()
		.optional()
		.transform((v) => v === 'on')
});

export type Resolution = z.output<typeof resolutionSchema>;
