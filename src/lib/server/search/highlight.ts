import { analyze, queryWords } from './analyze';
import { fold, matchesWord } from './normalize';
import type { Segment } from './types';

/**
 * Marks the words of a text that the query matches, the way the engines match them (folded,
 * typo-tolerant, the last word as a prefix, synonyms). The result is plain text in pieces,
 * rendered by the page as text: nothing in the data can inject markup.
 */
export type Highlighter = (text: string) => Segment[];

const WORD = /[\p{L}\p{N}]+/gu;

export function highlighter(query: string): Highlighter {
	const terms = queryWords(analyze(query));
	const matches = (token: string) => {
		const folded = fold(token);
		return terms.some(({ word, prefix }) => matchesWord(word, folded, prefix));
	};
	return (text) => {
		const segments: Segment[] = [];
		let last = 0;
		for (const found of text.matchAll(WORD)) {
			if (!terms.length || !matches(found[0])) continue;
			const start = found.index;
			if (start > last) push(segments, text.slice(last, start), false);
			push(segments, found[0], true);
			last = start + found[0].length;
		}
		if (last < text.length) push(segments, text.slice(last), false);
		return segments;
	};
}

function push(segments: Segment[], text: string, match: boolean) {
	const previous = segments[segments.length - 1];
	if (previous && previous.match === match) previous.text += text;
	else segments.push({ text, match });
}

/**
 * About `size` words of a long text around its first match, with ellipses; null when the text
 * has no match.
 */
export function snippet(text: string, highlight: Highlighter, size = 24): Segment[] | null {
	const segments = highlight(text);
	const firstMatch = segments.findIndex((s) => s.match);
	if (firstMatch < 0) return null;
	const matchOffset = segments.slice(0, firstMatch).reduce((n, s) => n + s.text.length, 0);
	const tokens = [...text.matchAll(WORD)];
	const at = tokens.findIndex((t) => t.index >= matchOffset);
	const from = Math.max(0, at - Math.floor(size / 3));
	const to = Math.min(tokens.length - 1, from + size - 1);
	const start = from === 0 ? 0 : tokens[from]!.index;
	const end = to === tokens.length - 1 ? text.length : tokens[to]!.index + tokens[to]![0].length;
	const cropped = highlight(text.slice(start, end));
	if (start > 0) cropped.unshift({ text: '… ', match: false });
	if (end < text.length) cropped.push({ text: ' …', match: false });
	const merged: Segment[] = [];
	for (const s of cropped) push(merged, s.text, s.match);
	return merged;
}
