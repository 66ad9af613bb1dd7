/** The kinds of change an official re-import brings, as moderators review them. */

export const CHANGE_KINDS = ['new', 'closed', 'moved', 'renamed', 'identifiers', 'other'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export const CHANGE_LABELS: Record<ChangeKind, string> = {
	new: 'Nouvelles',
	closed: 'Fermées',
	moved: 'Déplacées de plus de 100 m',
	renamed: 'Renommées',
	identifiers: 'Identifiants changés',
	other: 'Autres champs modifiés localement'
};
