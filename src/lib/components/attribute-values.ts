/**
 * Source values of a structure's attributes, made readable: ISO dates in French words, codes
 * and capitals of the source files in sentence case, flags as Oui/Non. Pure, no I/O.
 */

const MONTHS = [
	'janvier',
	'février',
	'mars',
	'avril',
	'mai',
	'juin',
	'juillet',
	'août',
	'septembre',
	'octobre',
	'novembre',
	'décembre'
];

const ISO_DATE = /\b(\d{4})-(\d{2})-(\d{2})\b/g;
const ISO_MONTH = /^(\d{4})-(\d{2})$/;

/** « 1965-08-18 » → « 18 août 1965 », « 1965-09-01 » → « 1er septembre 1965 »; else null. */
export function frenchDate(year: string, month: string, day?: string): string | null {
	const m = Number(month);
	if (m < 1 || m > 12) return null;
	if (day === undefined) return `${MONTHS[m - 1]} ${year}`;
	const d = Number(day);
	if (d < 1 || d > 31) return null;
	return `${d === 1 ? '1er' : d} ${MONTHS[m - 1]} ${year}`;
}

/** Every ISO date in a text written in French words; a lone « YYYY-MM » too. */
export function frenchDates(text: string): string {
	const month = ISO_MONTH.exec(text);
	if (month?.[1] && month[2]) return frenchDate(month[1], month[2]) ?? text;
	return text.replace(
		ISO_DATE,
		(whole, y: string, m: string, d: string) => frenchDate(y, m, d) ?? whole
	);
}

/** Words that stay lower case inside a name written in capitals by the source. */
const SMALL_WORDS = new Set([
	'à',
	'au',
	'aux',
	'd',
	'de',
	'des',
	'du',
	'en',
	'et',
	'l',
	'la',
	'le',
	'les',
	'sous',
	'sur'
]);

/** Accents the sources drop from capitals, for the words they use. */
const ACCENTS: Record<string, string> = {
	a: 'à',
	ministere: 'ministère',
	education: 'Éducation',
	ecole: 'école',
	etat: 'État'
};

/** « MINISTERE DE L'EDUCATION NATIONALE » → « Ministère de l’éducation nationale ». */
export function sentenceCase(text: string): string {
	const lower = text
		.toLowerCase()
		.replace(/'/g, '’')
		.replace(/\p{L}+/gu, (word) => ACCENTS[word] ?? word);
	return lower.charAt(0).toUpperCase() + lower.slice(1);
}

/**
 * « LONS LE SAUNIER CEDEX » → « Lons le Saunier Cedex », « COTE-D'OR » → « Cote-d’Or »: a name
 * written in capitals by the source.
 */
export function placeCase(text: string): string {
	return text
		.toLowerCase()
		.replace(/'/g, '’')
		.replace(/\p{L}+/gu, (word, offset: number) =>
			offset > 0 && SMALL_WORDS.has(word) ? word : word.charAt(0).toUpperCase() + word.slice(1)
		);
}

/** Keys whose values are acronyms by nature (« UTBM », « APTIC »), kept in capitals. */
const ACRONYM_KEYS = new Set(['sigle', 'nom_court', 'labels', 'labels_nationaux', 'autres_labels']);

/** A word of four capitals or more outside parentheses (where acronyms explain words). */
export function hasSourceCapitals(text: string): boolean {
	return /\p{Lu}{4,}/u.test(text.replace(/\([^)]*\)/g, ''));
}

/** Codes of the place types (classification rules) and of the national schema's typology. */
const CODES: Record<string, string> = {
	mediation: 'Médiation numérique',
	'point-acces': 'Point d’accès au numérique',
	canope: 'Site Réseau Canopé',
	formation: 'Lieu de formation',
	fablab: 'Fablab',
	coworking: 'Espace de coworking',
	'tiers-lieu': 'Tiers-lieu',
	MSAP: 'Maison de services au public (MSAP)',
	FRANCE_SERVICES: 'France services',
	TIERS_LIEUX: 'Tiers-lieu'
};

/** The keys whose values are codes or capitals of the source, shown in sentence case. */
const CODE_KEYS = new Set([
	'etat',
	'ministere_tutelle',
	'contrat_prive',
	'qualite_geocodage',
	'precision_localisation',
	'secteur',
	'type_lieu',
	'typologie_schema',
	'type_etablissement'
]);

/** Yes/no facts some sources write « 1 »/« 0 ». */
const FLAG_KEYS = new Set([
	'restauration',
	'hebergement',
	'ulis',
	'segpa',
	'apprentissage',
	'lycee_agricole',
	'lycee_militaire',
	'lycee_des_metiers',
	'post_bac',
	'greta'
]);

/** One text value of an attribute (or one item of a list), readable; null drops it. */
export function readableText(key: string, text: string): string | null {
	const value = text.trim();
	if (!value) return null;
	if (FLAG_KEYS.has(key)) {
		if (/^(1|oui|true|o)$/i.test(value)) return 'Oui';
		if (/^(0|non|false|n)$/i.test(value)) return 'Non';
	}
	if (key === 'annee_reference') {
		// « 2024 (snapshot committed 2024-11-20) »: the year is what the reader needs.
		const year = /^\d{4}(?:-\d{4})?/.exec(value);
		if (year) return year[0];
	}
	// Single letters and pairs in a list of labels are the source's typology codes, shown
	// elsewhere in words (typologie).
	if (key === 'labels' && /^[A-Z]{1,2}$/.test(value)) return null;
	if (CODES[value]) return CODES[value];
	if (CODE_KEYS.has(key)) {
		const cased = hasSourceCapitals(value) || /^[a-zé]/.test(value) ? sentenceCase(value) : value;
		return frenchDates(cased);
	}
	// Names in capitals (communes, circonscriptions, tutelles).
	if (!ACRONYM_KEYS.has(key) && hasSourceCapitals(value)) return frenchDates(placeCase(value));
	return frenchDates(value);
}
