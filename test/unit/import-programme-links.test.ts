import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { linkPairs, readProgrammeLinks } from '../../src/lib/server/import/programme-links';

const mapping = readProgrammeLinks('db/data');
const roadmap = readFileSync(`db/data/${mapping.source}`, 'utf8');
const squash = (text: string) => text.replace(/[\s\-•]+/g, ' ').trim();

describe('roadmap programme links', () => {
	it('quotes, word for word, a passage of the roadmap for every rule', () => {
		for (const rule of mapping.rules) expect(squash(roadmap)).toContain(squash(rule.quote));
	});

	it('links the categories the roadmap names, and not digital-mediation places', () => {
		const pairs = linkPairs(mapping);
		const programmesOf = (category: string) =>
			pairs
				.filter((p) => p.category === category)
				.map((p) => p.programme)
				.sort((a, b) => a - b);
		expect(programmesOf('inspe')).toEqual([7, 9, 10, 11, 19, 20, 21]);
		expect(programmesOf('canope')).toEqual([9, 10, 11]);
		expect(programmesOf('recherche')).toEqual([19, 20, 21]);
		expect(programmesOf('fablab-tiers-lieu')).toEqual([21]);
		expect(programmesOf('ecole')).toEqual([10]);
		expect(programmesOf('mediation-numerique')).toEqual([]);
	});
});
