import { describe, expect, it } from 'vitest';
import { analyze, prepareQuery, queryWords } from '../../src/lib/server/search/analyze';
import { highlighter, snippet } from '../../src/lib/server/search/highlight';
import {
	allowedTypos,
	editDistance,
	fold,
	matchesWord,
	words
} from '../../src/lib/server/search/normalize';

describe('folding', () => {
	it('drops case, accents and ligatures', () => {
		expect(fold('Lycée Œuvre d’ÉTÉ Besançon')).toBe('lycee oeuvre d’ete besancon');
		expect(words('L’École « Sainte-Cœur » n°3')).toEqual([
			'l',
			'ecole',
			'sainte',
			'coeur',
			'n',
			'3'
		]);
	});
});

describe('typo allowance', () => {
	it('follows Meilisearch: none under 4 letters, 1 from 4, 2 from 8, none with digits', () => {
		expect(allowedTypos('clg')).toBe(0);
		expect(allowedTypos('lyce')).toBe(1);
		expect(allowedTypos('pasteure')).toBe(2);
		expect(allowedTypos('0251573z')).toBe(0);
	});

	it('counts a swap of neighbours as one edit', () => {
		expect(editDistance('colege', 'college')).toBe(1);
		expect(editDistance('hguo', 'hugo')).toBe(1);
		expect(editDistance('besancon', 'nevers', 2)).toBe(3);
	});

	it('matches typos, and prefixes of the word being typed only', () => {
		expect(matchesWord('colege', 'college', false)).toBe(true);
		expect(matchesWord('vict', 'victor', true)).toBe(true);
		expect(matchesWord('vict', 'victor', false)).toBe(false);
		expect(matchesWord('coleg', 'colleges', true)).toBe(true);
		expect(matchesWord('clg', 'cle', false)).toBe(false);
	});
});

describe('query analysis', () => {
	it('reads synonyms as one group of alternatives, the longest phrase first', () => {
		const groups = analyze('lycée pro de Nevers');
		expect(groups.map((g) => g.words)).toEqual([['lycee', 'pro'], ['nevers']]);
		expect(groups[0]!.alternatives).toEqual([['lycee', 'professionnel'], ['lycee', 'pro'], ['lp']]);
		expect(groups[0]!.synonym).toBe(true);
		expect(analyze('ESPE')[0]!.alternatives).toContainEqual(['inspe']);
		expect(analyze('tiers-lieu')[0]!.alternatives).toContainEqual(['tiers', 'lieux']);
	});

	it('drops stop words and marks the word being typed', () => {
		const typing = analyze('collège de la vi');
		expect(typing.map((g) => g.words)).toEqual([['college'], ['vi']]);
		expect(typing.map((g) => g.prefix)).toEqual([false, true]);
		expect(analyze('collège vi ').map((g) => g.prefix)).toEqual([false, false]);
		expect(analyze('le la les')).toEqual([]);
	});

	it('compacts codes typed with spaces or dots', () => {
		expect(prepareQuery('192 512 150 00363')).toBe('19251215000363');
		expect(prepareQuery('0251.573z')).toBe('0251573Z');
		expect(prepareQuery('  lycée 21 ')).toBe('lycée 21 ');
		// Meilisearch operators would make the engines disagree.
		expect(prepareQuery('"victor hugo" -privé tiers-lieu')).toBe('victor hugo  privé tiers-lieu');
	});

	it('lists every word of every alternative for highlighting', () => {
		expect(queryWords(analyze('clg vic'))).toEqual([
			{ word: 'clg', prefix: false },
			{ word: 'college', prefix: false },
			{ word: 'vic', prefix: true }
		]);
	});
});

describe('highlighting', () => {
	it('marks matched words in plain text segments, never parsing markup', () => {
		const highlight = highlighter('colege <em>victor');
		expect(highlight('Collège <em>Victor</em> Hugo')).toEqual([
			{ text: 'Collège', match: true },
			{ text: ' <', match: false },
			{ text: 'em', match: true },
			{ text: '>', match: false },
			{ text: 'Victor', match: true },
			{ text: '</', match: false },
			{ text: 'em', match: true },
			{ text: '> Hugo', match: false }
		]);
	});

	it('marks synonyms and leaves a text without match in one piece', () => {
		expect(highlighter('clg')('Collège Pasteur')).toEqual([
			{ text: 'Collège', match: true },
			{ text: ' Pasteur', match: false }
		]);
		expect(highlighter('fablab')('Rien à voir')).toEqual([{ text: 'Rien à voir', match: false }]);
		expect(highlighter('')('Collège')).toEqual([{ text: 'Collège', match: false }]);
	});

	it('crops a long text around its first match', () => {
		const text = `${'mot '.repeat(40)}atelier numérique ${'fin '.repeat(40)}`.trim();
		const cropped = snippet(text, highlighter('numerique'), 10)!;
		expect(cropped[0]).toEqual({ text: '… mot mot atelier ', match: false });
		expect(cropped[1]).toEqual({ text: 'numérique', match: true });
		expect(cropped[cropped.length - 1]!.text.endsWith(' …')).toBe(true);
		expect(snippet(text, highlighter('fablab'))).toBeNull();
	});
});
