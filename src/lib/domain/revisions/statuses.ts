/**
 * Revisions: their kinds and statuses, as pages and emails name them.
 */

export const KINDS = ['create', 'update', 'claim', 'close'] as const;
export type Kind = (typeof KINDS)[number];

export const STATUSES = [
	'draft',
	'received',
	'in_review',
	'info_requested',
	'published',
	'refused',
	'withdrawn'
] as const;
export type Status = (typeof STATUSES)[number];

/** Statuses of a revision waiting for a moderator's decision. */
export const OPEN_STATUSES: readonly Status[] = ['received', 'in_review', 'info_requested'];

/** Statuses in which the applicant may still change the content of the revision. */
export const EDITABLE_STATUSES: readonly Status[] = ['draft', 'info_requested'];

export const STATUS_LABELS: Record<Status, string> = {
	draft: 'Brouillon',
	received: 'Reçue',
	in_review: 'En revue',
	info_requested: 'Informations demandées',
	published: 'Publiée',
	refused: 'Refusée',
	withdrawn: 'Retirée'
};

export const KIND_LABELS: Record<Kind, string> = {
	create: 'Inscription',
	update: 'Modification',
	claim: 'Gestion d’une fiche existante',
	close: 'Fermeture'
};

/** Kinds whose payload is a structure's content, filled step by step through a form. */
export const FORM_KINDS = ['create', 'update'] as const satisfies readonly Kind[];
export type FormKind = (typeof FORM_KINDS)[number];

export function isFormKind(kind: Kind): kind is FormKind {
	return kind === 'create' || kind === 'update';
}
