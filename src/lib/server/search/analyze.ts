import { words } from './normalize';
import { STOP_WORDS, SYNONYM_GROUPS } from './vocabulary';

/**
 * A query, read as the engines read it: folded words without stop words, where a phrase of
 * the vocabulary (« lycée pro ») becomes one group whose alternatives are its synonyms.
 */
export interface TermGroup {
	/** The query words this group stands for. */
	words: string[];
	/** Each alternative is a sequence of words that must all appear. */
	alternatives: string[][];
	/**
	 * The group holds the word being typed (last of the query, no trailing space): the last of
	 * its own `words` also matches as a prefix.
	 */
	prefix: boolean;
	/** True when the group came from the synonym list (no typo expansion then). */
	synonym: boolean;
}

const stopWords = new Set(STOP_WORDS);

export function contentWords(text: string): string[] {
	return words(text).filter((w) => !stopWords.has(w));
}

/** Synonym groups as word sequences, longest first so that « lycée pro » wins over « lycée ». */
const synonymTerms = SYNONYM_GROUPS.map((group) => {
	const alternatives = uniqueSequences(group.map(contentWords).filter((w) => w.length > 0));
	return { alternatives };
})
	.flatMap(({ alternatives }) => alternatives.map((term) => ({ term, alternatives })))
	.sort((a, b) => b.term.length - a.term.length);

function uniqueSequences(sequences: string[][]): string[][] {
	const seen = new Set<string>();
	return sequences.filter((s) => {
		const key = s.join(' ');
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}

/**
 * The text both engines receive. Codes are typed with spaces or dots (« 192 512 150 00363 »):
 * when the whole query is one UAI, SIREN, SIRET or RNSR number once those are removed, it is
 * searched compacted. Meilisearch's operators (« "phrase" », « -word ») are neutralised, as
 * the Postgres engine has none: both engines read the same words.
 */
const CODE = /^(\d{7}[a-z]|\d{9}|\d{14}|\d{9}[a-z])$/i;

export function prepareQuery(query: string): string {
	const trimmed = query.trim();
	const compact = trimmed.replace(/[\s.\u00a0\u202f-]+/g, '');
	if (compact !== trimmed && CODE.test(compact)) return compact.toUpperCase();
	return query
		.replace(/"/g, ' ')
		.replace(/(^|\s)-+/g, '$1')
		.replace(/^\s+/, '');
}

export function analyze(query: string): TermGroup[] {
	const groups = groupWords(contentWords(query));
	const typing = query.length > 0 && !/\s$/.test(query);
	const last = groups[groups.length - 1];
	if (last && typing) last.prefix = true;
	return groups;
}

/** How many words the longest synonym phrase starting at `start` spans (0 without one). */
export function synonymLengthAt(all: string[], start: number): number {
	const match = synonymTerms.find(({ term }) => term.every((w, k) => all[start + k] === w));
	return match?.term.length ?? 0;
}

/** Folded content words → groups, a phrase of the synonym list becoming one group. */
export function groupWords(all: string[]): TermGroup[] {
	const groups: TermGroup[] = [];
	let i = 0;
	while (i < all.length) {
		const match = synonymTerms.find(({ term }) => term.every((w, k) => all[i + k] === w));
		if (match) {
			groups.push({
				words: match.term,
				alternatives: match.alternatives,
				prefix: false,
				synonym: true
			});
			i += match.term.length;
		} else {
			const word = all[i]!;
			groups.push({ words: [word], alternatives: [[word]], prefix: false, synonym: false });
			i += 1;
		}
	}
	return groups;
}

/** Whether `word` at `index` of `alternative` may match as a prefix. */
export function isPrefix(group: TermGroup, alternative: string[], index: number): boolean {
	return (
		group.prefix &&
		index === alternative.length - 1 &&
		alternative.join(' ') === group.words.join(' ')
	);
}

/** Every distinct word of the groups, for highlighting. */
export function queryWords(groups: TermGroup[]): { word: string; prefix: boolean }[] {
	const seen = new Map<string, boolean>();
	for (const group of groups)
		for (const alternative of group.alternatives)
			alternative.forEach((word, index) =>
				seen.set(word, (seen.get(word) ?? false) || isPrefix(group, alternative, index))
			);
	return [...seen].map(([word, prefix]) => ({ word, prefix }));
}
