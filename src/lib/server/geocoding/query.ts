import { fold as foldAccents } from '../../domain/fold';

/**
 * Reading what people type in an address field, before the database matches it:
 * « 12 bis, rue de la Liberté 21000 DIJON CEDEX » → number 12 bis, street « rue de la Liberté »,
 * place « DIJON », postcode 21000.
 */
export interface AddressQuery {
	/** The query without postcode, CEDEX and postal box, as typed otherwise. */
	text: string;
	/** Where the commune name is looked for: after the last comma, or the whole text. */
	place: string;
	/** Where the street is looked for: before the last comma, or the whole text. */
	streetText: string;
	/** A 5-digit code: a postcode, or else an INSEE commune code. */
	code?: string;
	/** The house number as typed (« 12 », « 12 bis »), and its numeric part. */
	houseNumber?: string;
	houseNumberValue?: number;
}

export const MAX_QUERY_LENGTH = 200;

export function parseAddressQuery(raw: string): AddressQuery {
	let text = raw
		.normalize('NFC')
		.replace(/\p{Cc}+/gu, ' ')
		.slice(0, MAX_QUERY_LENGTH)
		.replace(/\bcedex\b(\s*\d{1,2}\b)?/gi, ' ')
		.replace(/\b(bp|cs|tsa)\s*\d+\b/gi, ' ');
	const codes = [...text.matchAll(/(?<![\d.,])\d{5}(?![\d.,])/g)];
	const last = codes.at(-1);
	let code: string | undefined;
	if (last && last.index !== undefined) {
		code = last[0];
		text = text.slice(0, last.index) + ' ' + text.slice(last.index + code.length);
	}
	text = tidy(text);
	const comma = text.lastIndexOf(',');
	const place = comma >= 0 ? tidy(text.slice(comma + 1)) : text;
	const streetText = comma >= 0 ? tidy(text.slice(0, comma)) : text;
	const number = /^(\d{1,5})(?:\s*(bis|ter|quater|[a-d])\b)?/i.exec(streetText);
	return {
		text,
		place: place || (comma >= 0 ? streetText : ''),
		streetText,
		...(code ? { code } : {}),
		...(number
			? {
					houseNumber: number[2] ? `${number[1]} ${number[2].toLowerCase()}` : number[1]!,
					houseNumberValue: Number(number[1])
				}
			: {})
	};
}

function tidy(text: string): string {
	return text
		.replace(/\s+/g, ' ')
		.replace(/\s+,/g, ',')
		.replace(/^[\s,;.-]+|[\s,;-]+$/g, '');
}

const STREET_TYPES = new Set([
	'rue',
	'ruelle',
	'avenue',
	'av',
	'boulevard',
	'bd',
	'place',
	'placette',
	'chemin',
	'route',
	'allee',
	'impasse',
	'quai',
	'cours',
	'cour',
	'faubourg',
	'fg',
	'square',
	'esplanade',
	'promenade',
	'passage',
	'sentier',
	'mail',
	'parvis',
	'rond-point',
	'voie',
	'chaussee',
	'montee',
	'traverse',
	'venelle',
	'cite',
	'residence',
	'lotissement',
	'clos',
	'hameau',
	// abbreviations that geo_normalize spells out
	'ave',
	'bld',
	'bvd',
	'fbg',
	'pl',
	'rte',
	'chem',
	'imp',
	'r'
]);

const PARTICLES = new Set([
	'de',
	'du',
	'des',
	'la',
	'le',
	'les',
	'et',
	'sur',
	'sous',
	'en',
	'aux',
	'au',
	'à'
]);

function fold(word: string): string {
	return foldAccents(word).replace(/\.$/, '');
}

/**
 * The street of an imported address, fit to show: the segment naming a street, without house
 * number or postal box, and without the capitals of some sources:
 * « 1 route DE ST LOUP DE LA SALLE BP 4 » → « route de St Loup de la Salle ».
 */
export function streetLabel(address: string): string | null {
	const segments = address.split(/\s+-\s+|[,;()/]/);
	for (const segment of segments) {
		const words = segment
			.replace(/\b(bp|cs|tsa)\b.*$/i, '')
			.replace(/\bcedex\b.*$/i, '')
			.trim()
			.split(/\s+/)
			.filter(Boolean);
		const start = words.findIndex((word, i) => isStreetStart(words, i));
		if (start < 0) continue;
		const street = words.slice(start);
		if (street.length < 2) continue;
		if (fold(street[0]!).startsWith('grand')) {
			return ['Grande', 'Rue', ...street.slice(2).map((word) => presentWord(word, 2))].join(' ');
		}
		return street.map((word, i) => presentWord(word, i)).join(' ');
	}
	return null;
}

/** True when the text names a street (« rue », « avenue », « Grande Rue »…). */
export function namesStreet(text: string): boolean {
	const words = text.split(/[\s,;()/]+/).filter(Boolean);
	return words.some((_word, i) => isStreetStart(words, i));
}

/** « Grande Rue » is a street; « Grand » alone is not. */
function isStreetStart(words: string[], i: number): boolean {
	const word = fold(words[i]!);
	if (word === 'grand' || word === 'grande') return fold(words[i + 1] ?? '') === 'rue';
	return STREET_TYPES.has(word);
}

function presentWord(word: string, position: number): string {
	const shouting = word.length > 1 && word === word.toUpperCase() && /\p{Lu}/u.test(word);
	if (!shouting) return position === 0 && STREET_TYPES.has(fold(word)) ? word.toLowerCase() : word;
	const lower = word.toLowerCase();
	if (position === 0 || PARTICLES.has(lower)) return lower;
	// « D'ARC » → « d'Arc », « SAINT-JEAN » → « Saint-Jean »
	const elided = /^[dl]['’]/.exec(lower)?.[0] ?? '';
	return (
		elided +
		lower
			.slice(elided.length)
			.replace(
				/(^|[-'’])(\p{L})/gu,
				(_m, sep: string, letter: string) => sep + letter.toUpperCase()
			)
	);
}

/** Of several spellings of one street, the one written with the most care (accents, lower case). */
export function bestStreetLabel(addresses: string[]): string | null {
	let best: { label: string; care: number } | null = null;
	for (const address of addresses) {
		const label = streetLabel(address);
		if (!label) continue;
		const care =
			(address.match(/[\p{Ll}]/gu)?.length ?? 0) +
			5 * (address.match(/[àâäçéèêëîïôöùûüÿœ]/giu)?.length ?? 0);
		if (!best || care > best.care) best = { label, care };
	}
	return best?.label ?? null;
}
