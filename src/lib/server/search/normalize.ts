import { fold } from '../../domain/fold';

/** Text folding shared by query analysis and highlighting: the app's one accent fold. */
export { fold };

/** The folded words of a text: runs of letters and digits (apostrophes and hyphens split). */
export function words(text: string): string[] {
	return fold(text)
		.split(/[^a-z0-9]+/)
		.filter(Boolean);
}

/**
 * How many typos a query word may carry, as configured in Meilisearch
 * (`minWordSizeForTypos`): none under 4 letters, one from 4, two from 8. Words with digits
 * (codes, numbers) must be exact.
 */
export const MIN_WORD_SIZE_FOR_TYPOS = { oneTypo: 4, twoTypos: 8 } as const;

export function allowedTypos(word: string): number {
	if (/\d/.test(word)) return 0;
	if (word.length >= MIN_WORD_SIZE_FOR_TYPOS.twoTypos) return 2;
	if (word.length >= MIN_WORD_SIZE_FOR_TYPOS.oneTypo) return 1;
	return 0;
}

/**
 * Edit distance with adjacent transpositions (optimal string alignment), stopping early once
 * it exceeds `max`.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
	if (Math.abs(a.length - b.length) > max) return max + 1;
	let previous2: number[] = [];
	let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		let rowMin = i;
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
				value = Math.min(value, previous2[j - 2]! + 1);
			current.push(value);
			rowMin = Math.min(rowMin, value);
		}
		if (rowMin > max) return max + 1;
		previous2 = previous;
		previous = current;
	}
	return previous[b.length]!;
}

/**
 * Whether `candidate` (a word of the data) matches the query word `word` within its typo
 * allowance; a prefix word (the one being typed) also matches the start of longer words.
 */
export function matchesWord(word: string, candidate: string, prefix: boolean): boolean {
	if (candidate === word) return true;
	if (prefix && candidate.startsWith(word)) return true;
	const typos = allowedTypos(word);
	if (typos === 0) return false;
	if (editDistance(word, candidate, typos) <= typos) return true;
	if (!prefix || candidate.length <= word.length) return false;
	// A typo in the part typed so far: compare with the candidate's beginnings of similar length.
	for (let length = word.length - typos; length <= word.length + typos; length++) {
		if (length < 1 || length >= candidate.length) continue;
		if (editDistance(word, candidate.slice(0, length), typos) <= typos) return true;
	}
	return false;
}
