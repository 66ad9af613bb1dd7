/**
 * How a structure's identifiers read on its page, and where the official record of each can be
 * consulted. Links are given only for registers whose URLs are stable and public.
 */
const LABELS: Record<string, string> = {
	uai: 'UAI',
	siret: 'SIRET',
	siren: 'SIREN',
	rnsr: 'RNSR',
	paysage: 'Paysage',
	'mednum-bfc': 'Identifiant MedNum BFC'
};

const ORDER = ['uai', 'siret', 'siren', 'rnsr', 'paysage'];

export interface IdentifierView {
	scheme: string;
	label: string;
	value: string;
	/** The official record, when a stable public URL exists. */
	link: { href: string; text: string } | null;
}

export function identifierLabel(scheme: string): string {
	return LABELS[scheme] ?? `Identifiant ${scheme}`;
}

function officialRecord(
	scheme: string,
	value: string,
	rnsrRecord: string | null
): IdentifierView['link'] {
	const id = encodeURIComponent(value);
	switch (scheme) {
		case 'siret':
			return {
				href: `https://annuaire-entreprises.data.gouv.fr/etablissement/${id}`,
				text: 'Fiche dans l’Annuaire des entreprises'
			};
		case 'siren':
			return {
				href: `https://annuaire-entreprises.data.gouv.fr/entreprise/${id}`,
				text: 'Fiche dans l’Annuaire des entreprises'
			};
		case 'uai':
			return {
				href: `https://data.education.gouv.fr/explore/dataset/fr-en-annuaire-education/table/?q=${id}`,
				text: 'Rechercher dans l’Annuaire de l’éducation'
			};
		case 'rnsr':
			return rnsrRecord ? { href: rnsrRecord, text: 'Fiche du répertoire RNSR' } : null;
		default:
			return null;
	}
}

/**
 * The identifiers in a stable order (national registers first). `rnsrRecord` is the RNSR
 * record URL the source gave, if any: the register has no URL pattern to rely on.
 */
export function describeIdentifiers(
	identifiers: Record<string, string>,
	rnsrRecord: string | null = null
): IdentifierView[] {
	const rank = (scheme: string) => {
		const index = ORDER.indexOf(scheme);
		return index < 0 ? ORDER.length : index;
	};
	return Object.entries(identifiers)
		.sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
		.map(([scheme, value]) => ({
			scheme,
			label: identifierLabel(scheme),
			value,
			link: officialRecord(scheme, value, rnsrRecord)
		}));
}
