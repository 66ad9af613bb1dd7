import { describe, expect, it } from 'vitest';
import {
	MAX_QUERY_WORDS,
	emptyGazetteer,
	placeKey,
	understand,
	type Gazetteer
} from '../../src/lib/server/search/understand';

/** A gazetteer as gazetteer.ts builds it from `territories`, for a few real places. */
function gazetteer(): Gazetteer {
	const g = emptyGazetteer();
	const commune = (name: string, code: string) => {
		g.communes.set(placeKey(name), { name, codes: [code] });
		g.maxWords = Math.max(g.maxWords, placeKey(name).split(' ').length);
	};
	commune('Besançon', '25056');
	commune('Saint-Claude', '39478');
	commune('Luxeuil-les-Bains', '70311');
	commune('Doubs', '25204');
	g.postcodes.set('25000', { name: '25000', codes: ['25056'] });
	const doubs = { name: 'Doubs', code: '25', communes: ['25056', '25204'] };
	g.departements.set(placeKey('Doubs'), doubs);
	g.departements.set('25', doubs);
	g.departements.set(placeKey('Côte-d’Or'), { name: 'Côte-d’Or', code: '21', communes: [] });
	return g;
}

const roles = (q: string) =>
	understand(q, gazetteer()).groups.map((g) => `${g.role}:${g.words.join(' ')}`);

describe('query understanding', () => {
	it('recognises communes with or without accents, hyphens and « st » for « saint »', () => {
		for (const q of ['lycée pasteur Besançon', 'lycee pasteur besancon', 'LYCEE PASTEUR BESANCON'])
			expect(understand(q, gazetteer()).place).toMatchObject({
				kind: 'commune',
				communes: ['25056']
			});
		for (const q of [
			'ecole saint claude',
			'école Saint-Claude',
			'ecole st claude',
			'école St-Claude'
		])
			expect(understand(q, gazetteer()).place?.name, q).toBe('Saint-Claude');
		expect(understand('fablab luxeuil les bains', gazetteer()).place?.name).toBe(
			'Luxeuil-les-Bains'
		);
	});

	it('recognises postcodes, département names and numbers, a département before its namesake commune', () => {
		expect(understand('college 25000', gazetteer()).place).toMatchObject({
			kind: 'postcode',
			communes: ['25056']
		});
		expect(understand('college doubs', gazetteer()).place).toMatchObject({
			kind: 'departement',
			departement: '25'
		});
		expect(understand('college 25', gazetteer()).place).toMatchObject({ kind: 'departement' });
		// Inside a query, or alone, a number is a word of a name.
		expect(understand('structure 25 apres la panne', gazetteer()).place).toBeNull();
		expect(understand('25', gazetteer()).place).toBeNull();
		expect(understand('lycée cote d or', gazetteer()).place?.name).toBe('Côte-d’Or');
		expect(understand('college 99999', gazetteer()).place).toBeNull();
	});

	it('keeps one place: a commune before a département, the other read as words', () => {
		const u = understand('college doubs besancon', gazetteer());
		expect(u.place?.name).toBe('Besançon');
		expect(u.groups.map((g) => g.role)).toEqual(['category', 'text', 'place']);
	});

	it('reads category words and domain phrases, the longest phrase first', () => {
		expect(roles('ecole de commerce dijon')).toEqual(['category:ecole commerce', 'text:dijon']);
		expect(understand('ecole de commerce', gazetteer()).categories).toEqual([
			'enseignement-superieur'
		]);
		expect(roles('écoles victor hugo')).toEqual(['category:ecoles', 'text:victor', 'text:hugo']);
		expect(understand('tiers lieu', gazetteer()).categories).toEqual(['fablab-tiers-lieu']);
		expect(understand('médiathèque', gazetteer()).categories).toEqual([]);
		// « lycée pro » is a phrase of the synonym list, longer than the category word.
		expect(roles('lycée pro nevers')).toEqual(['text:lycee pro', 'text:nevers']);
	});

	it(`searches at most ${MAX_QUERY_WORDS} significant words and lists the others`, () => {
		const words = Array.from({ length: 66 }, (_, i) => `mot${i}`);
		const u = understand(words.join(' '), gazetteer());
		expect(u.groups.length).toBe(MAX_QUERY_WORDS);
		expect(u.overflow).toEqual(words.slice(MAX_QUERY_WORDS));
		// Stop words do not count.
		expect(understand('le la les de du des lycée', gazetteer()).overflow).toEqual([]);
	});

	it('marks the word being typed as a prefix, never a place or a category', () => {
		expect(understand('college vict', gazetteer()).groups.at(-1)?.prefix).toBe(true);
		expect(understand('college besancon', gazetteer()).groups.at(-1)?.prefix).toBe(false);
		expect(understand('college vict ', gazetteer()).groups.at(-1)?.prefix).toBe(false);
	});
});
