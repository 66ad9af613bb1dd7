/**
 * Wording of the roadmap's axes and of the roles of structures in its programmes.
 * Pure helpers shared by the programme, axis, territory and structure pages.
 */
export type RoleCode =
	'feuille-de-route' | 'porteur' | 'partenaire' | 'site-accueil' | 'contributeur';

const ROLE_LABELS: Record<RoleCode, string> = {
	porteur: 'porteur',
	partenaire: 'partenaire',
	'site-accueil': 'site d’accueil',
	contributeur: 'contributeur',
	'feuille-de-route': 'identifié par la feuille de route'
};

/** « identifié par la feuille de route » for the roadmap's default links, the role otherwise. */
export function roleLabel(role: string): string {
	return ROLE_LABELS[role as RoleCode] ?? role;
}

/** « Axe structurant 1 », « Axe opérationnel 3 ». */
export function axisLabel(axis: { kind: string; number: number }): string {
	return `Axe ${axis.kind === 'structurant' ? 'structurant' : 'opérationnel'} ${axis.number}`;
}
