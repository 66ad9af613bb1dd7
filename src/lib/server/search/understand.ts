import { contentWords, groupWords, synonymLengthAt, type TermGroup } from './analyze';
import { DOMAIN_TERMS, PLACE_ABBREVIATIONS } from './vocabulary';

/**
 * Query understanding, shared by both engines and free of I/O: which words of a query name a
 * place (a commune, a postcode, a département by name or number) and which name a kind of
 * structure (a category word or a domain phrase of the vocabulary). The engines then treat a
 * place as a strong ranking preference (structures there first, a structure *named* after the
 * place still found) and a category word as matching the category as well as the text.
 */

/** The communes and départements the queries may name, loaded once (gazetteer.ts). */
export interface Gazetteer {
	/** Commune names as folded content words joined by spaces (« saint claude ») → INSEE codes. */
	communes: Map<string, { name: string; codes: string[] }>;
	/** Postcodes → INSEE codes of the communes they serve. */
	postcodes: Map<string, { name: string; codes: string[] }>;
	/** Département names (folded content words) and numbers → the département and its communes. */
	departements: Map<string, { name: string; code: string; communes: string[] }>;
	/** Longest name, in words: no longer span is looked up. */
	maxWords: number;
}

export const emptyGazetteer = (): Gazetteer => ({
	communes: new Map(),
	postcodes: new Map(),
	departements: new Map(),
	maxWords: 0
});

/** The key a place name is looked up by: folded content words, « st » read as « saint ». */
export function placeKey(text: string): string {
	return contentWords(text)
		.map((w) => PLACE_ABBREVIATIONS[w] ?? w)
		.join(' ');
}

export interface Place {
	kind: 'commune' | 'postcode' | 'departement';
	/** As the gazetteer writes it (« Saint-Claude », « Doubs »). */
	name: string;
	/** The communes (INSEE codes) of the place: a département lists all of its own. */
	communes: string[];
	/** The département code, for a département. */
	departement: string | null;
}

export type UnderstoodGroup = TermGroup &
	({ role: 'text' } | { role: 'place'; place: Place } | { role: 'category'; categories: string[] });

export interface Understanding {
	/** Every group of the query, in the order typed. */
	groups: UnderstoodGroup[];
	/** The place searched (the first commune or postcode, else the first département). */
	place: Place | null;
	/** The categories named by the category groups (union). */
	categories: string[];
	/** Words beyond MAX_QUERY_WORDS: not searched. */
	overflow: string[];
}

/**
 * At most this many significant words are searched (stop words aside): a name with its
 * commune rarely needs more, and each word costs the engines work. The rest is reported.
 */
export const MAX_QUERY_WORDS = 10;

const singular = (word: string) => (word.length > 3 ? word.replace(/[sx]$/, '') : word);

/** Domain terms as word sequences (plural-insensitive), longest first. */
const domainTerms = DOMAIN_TERMS.flatMap((entry) =>
	entry.terms.map((term) => ({ words: contentWords(term).map(singular), entry }))
)
	.filter((t) => t.words.length > 0)
	.sort((a, b) => b.words.length - a.words.length);

export function understand(query: string, gazetteer: Gazetteer): Understanding {
	const all = contentWords(query);
	const words = all.slice(0, MAX_QUERY_WORDS);
	const overflow = all.slice(MAX_QUERY_WORDS);
	const typing = query.length > 0 && !/\s$/.test(query) && overflow.length === 0;
	const groups: UnderstoodGroup[] = [];
	let pending: string[] = [];
	const flush = () => {
		for (const group of groupWords(pending)) groups.push({ ...group, role: 'text' });
		pending = [];
	};
	let i = 0;
	while (i < words.length) {
		const place = placeAt(words, i, gazetteer);
		const term = termAt(words, i);
		const synonym = synonymLengthAt(words, i);
		if (synonym > Math.max(place?.length ?? 0, term?.words.length ?? 0)) {
			// « lycée pro » is a phrase of its own, not the category « lycée » plus « pro ».
			pending.push(...words.slice(i, i + synonym));
			i += synonym;
		} else if (place && place.length >= (term?.words.length ?? 0)) {
			flush();
			const span = words.slice(i, i + place.length);
			const expanded = span.map((w) => PLACE_ABBREVIATIONS[w] ?? w);
			groups.push({
				words: span,
				alternatives: uniqueSequences([expanded, span]),
				prefix: false,
				// A one-word place may be a misspelt word of a name (« Viry » for « Virey »): its
				// text alternative gets typo variants like any word.
				synonym: span.length > 1,
				role: 'place',
				place: place.place
			});
			i += place.length;
		} else if (term) {
			flush();
			const span = words.slice(i, i + term.words.length);
			const alternatives = uniqueSequences([
				span,
				...term.entry.terms.map(contentWords),
				...(term.entry.keywords ?? []).map(contentWords)
			]);
			const base = { words: span, alternatives, prefix: false, synonym: true };
			groups.push(
				term.entry.categories.length
					? { ...base, role: 'category', categories: [...term.entry.categories] }
					: { ...base, role: 'text' }
			);
			i += term.words.length;
		} else {
			pending.push(words[i]!);
			i += 1;
		}
	}
	flush();
	const last = groups[groups.length - 1];
	if (last && typing && last.role === 'text' && !last.synonym) last.prefix = true;

	// One place is searched: a commune or postcode over a département; other places are words.
	const places = groups.filter((g) => g.role === 'place');
	const chosen =
		places.find((g) => g.role === 'place' && g.place.kind !== 'departement') ?? places[0];
	for (const [index, group] of groups.entries())
		if (group.role === 'place' && group !== chosen) {
			const { place: _place, ...rest } = group;
			groups[index] = { ...rest, role: 'text' };
		}
	return {
		groups,
		place: chosen?.role === 'place' ? chosen.place : null,
		categories: [...new Set(groups.flatMap((g) => (g.role === 'category' ? g.categories : [])))],
		overflow
	};
}

function placeAt(
	words: string[],
	start: number,
	gazetteer: Gazetteer
): { length: number; place: Place } | null {
	const word = words[start]!;
	if (/^\d{5}$/.test(word)) {
		const found = gazetteer.postcodes.get(word);
		return found
			? {
					length: 1,
					place: { kind: 'postcode', name: found.name, communes: found.codes, departement: null }
				}
			: null;
	}
	for (let length = Math.min(gazetteer.maxWords, words.length - start); length > 0; length--) {
		const key = words
			.slice(start, start + length)
			.map((w) => PLACE_ABBREVIATIONS[w] ?? w)
			.join(' ');
		// A département is preferred over a commune of the same name (Doubs, Jura…). Its
		// number counts only as the last word after others (« collège 25 »): inside a query a
		// number is more often part of a name (« Structure 21 après la panne »).
		const departement = gazetteer.departements.get(key);
		const number = /^\d/.test(key);
		if (departement && (!number || (start === words.length - 1 && start > 0)))
			return {
				length,
				place: {
					kind: 'departement',
					name: departement.name,
					communes: departement.communes,
					departement: departement.code
				}
			};
		const commune = gazetteer.communes.get(key);
		if (commune)
			return {
				length,
				place: { kind: 'commune', name: commune.name, communes: commune.codes, departement: null }
			};
	}
	return null;
}

function termAt(words: string[], start: number) {
	return (
		domainTerms.find(({ words: term }) =>
			term.every((w, k) => words[start + k] !== undefined && singular(words[start + k]!) === w)
		) ?? null
	);
}

function uniqueSequences(sequences: string[][]): string[][] {
	const seen = new Set<string>();
	return sequences.filter((s) => {
		const key = s.join(' ');
		if (!s.length || seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}
