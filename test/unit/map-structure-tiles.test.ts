import { describe, expect, it } from 'vitest';
import { CATEGORY_CODES } from '../../src/lib/domain/categories';
import { parseStructureFilters } from '../../src/lib/domain/structure-filters';
import { STRUCTURE_TILES_PATH, structureTilesUrl } from '../../src/lib/map/structure-tiles';
import { seededRandom } from '../../scripts/lib/seeded-random';

function shuffled<T>(values: T[], next: () => number): T[] {
	const copy = [...values];
	for (let i = copy.length - 1; i > 0; i--) {
		const j = Math.floor(next() * (i + 1));
		[copy[i], copy[j]] = [copy[j]!, copy[i]!];
	}
	return copy;
}

const query = (url: string) => new URL(url, 'http://x').searchParams;

describe('structure tile URLs', () => {
	it('names the tile template, absolute when given an origin', () => {
		expect(structureTilesUrl('')).toBe(STRUCTURE_TILES_PATH);
		expect(structureTilesUrl('', 'http://127.0.0.1:5173')).toBe(
			`http://127.0.0.1:5173${STRUCTURE_TILES_PATH}`
		);
		expect(structureTilesUrl('?territory=dep:25')).toBe(`${STRUCTURE_TILES_PATH}?territory=dep:25`);
	});

	it('gives one URL for equal filters written in any order, repeated or comma-separated', () => {
		const next = seededRandom(13);
		const seen = new Map<string, string>();
		for (let i = 0; i < 400; i++) {
			const size = 1 + Math.floor(next() * (CATEGORY_CODES.length - 1));
			const chosen = shuffled(CATEGORY_CODES, next).slice(0, size);
			const programmes = shuffled([1, 2, 3, 5, 8, 13], next).slice(0, Math.floor(next() * 3));
			const set = `${[...chosen].sort().join(',')}|${[...programmes].sort().join(',')}`;
			// Three spellings of the same filters, with duplicates and a text the tiles ignore.
			const commas = `?category=${shuffled(chosen, next).join(',')}${programmes.length ? `&programme=${shuffled(programmes, next).join(',')}` : ''}&territory=dep:25`;
			const repeated = `?territory=dep:25${shuffled([...chosen, chosen[0]!], next)
				.map((c) => `&category=${c}`)
				.join('')}${programmes.map((p) => `&programme=${p}`).join('')}&q=victor`;
			const urls = [commas, repeated].map((q) => structureTilesUrl(q));
			expect(urls[0]).toBe(urls[1]);
			// Different filters, different URLs; equal ones, the same.
			const known = seen.get(set);
			if (known) expect(urls[0]).toBe(known);
			else {
				expect([...seen.values()]).not.toContain(urls[0]);
				seen.set(set, urls[0]!);
			}
			// What the URL says is what was asked (the server reads it back the same).
			const parsed = parseStructureFilters(query(urls[0]!));
			expect(parsed.ok).toBe(true);
			if (!parsed.ok) continue;
			const all = chosen.length === CATEGORY_CODES.length;
			expect([...parsed.value.categories].sort()).toEqual(all ? [] : [...new Set(chosen)].sort());
			expect([...parsed.value.programmes].sort()).toEqual([...programmes].sort());
			expect(parsed.value.q).toBeUndefined();
			expect(query(urls[0]!).get('territory')).toBe('dep:25');
		}
		expect(seen.size).toBeGreaterThan(300);
	});

	it('writes every category ticked as no category filter', () => {
		expect(structureTilesUrl(`?category=${[...CATEGORY_CODES].reverse().join(',')}`)).toBe(
			STRUCTURE_TILES_PATH
		);
	});

	it('drops filters the server would refuse, as the page does', () => {
		expect(structureTilesUrl('?category=licorne&territory=dep:25')).toBe(STRUCTURE_TILES_PATH);
		expect(structureTilesUrl('?q=fablab')).toBe(STRUCTURE_TILES_PATH);
	});
});
