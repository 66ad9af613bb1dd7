import { describe, expect, it } from 'vitest';
import { linkPairs, readProgrammeLinks } from '../../src/lib/server/import/programme-links';
import { linkedCategories } from '../../src/lib/server/programmes/linked-categories';

const mapping = readProgrammeLinks('db/data');
const pairs = linkPairs(mapping);

describe('categories the roadmap names for a programme', () => {
	it('gives, for every programme of the roadmap, exactly the categories its rules link', () => {
		for (let programme = 1; programme <= 21; programme++) {
			const expected = new Set(
				pairs.filter((p) => p.programme === programme).map((p) => p.category)
			);
			const got = linkedCategories(programme);
			expect(new Set(got), `programme ${programme}`).toEqual(expected);
			expect(got.length, `programme ${programme}: no duplicate`).toBe(expected.size);
		}
	});

	it('leaves some programmes without a named category and names some for others', () => {
		const counts = Array.from({ length: 21 }, (_, i) => linkedCategories(i + 1).length);
		expect(counts.some((n) => n === 0)).toBe(true);
		expect(counts.some((n) => n > 0)).toBe(true);
		expect(linkedCategories(99)).toEqual([]);
	});
});
