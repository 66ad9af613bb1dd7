import { describe, expect, it } from 'vitest';
import { canonical, mergeValues, same, type SourceLayer } from '../../src/lib/server/import/merge';

const schools = { dataset: 'otsc-fc', priority: 20 };
const annuaire = { dataset: 'annuaire-education', priority: 30 };
const layer = (own: { dataset: string; priority: number }, values: SourceLayer['values']) => ({
	...own,
	values
});

describe('merging a source row into a structure', () => {
	it('applies a changed source value that nobody edited', () => {
		const result = mergeValues({ name: 'A' }, { name: 'B' }, schools, [
			layer(schools, { name: 'A' })
		]);
		expect(result.changes).toEqual({ name: 'B' });
	});

	it('keeps a local edit and says so', () => {
		const result = mergeValues({ name: 'Edited' }, { name: 'B' }, schools, [
			layer(schools, { name: 'A' })
		]);
		expect(result.changes).toEqual({});
		expect(result.keptLocal).toEqual(['name']);
	});

	it('fills empty fields, and lets a source erase only its own values', () => {
		expect(mergeValues({ phone: null }, { phone: '03' }, annuaire, []).changes).toEqual({
			phone: '03'
		});
		expect(
			mergeValues({ phone: '03' }, { phone: null }, schools, [layer(schools, { phone: '03' })])
				.changes
		).toEqual({ phone: null });
		expect(mergeValues({ phone: '03' }, { phone: null }, schools, []).changes).toEqual({});
	});

	it('lets the higher-priority dataset win in either order, and then stays put', () => {
		// The extract imported first, then the official annuaire takes over…
		const first = mergeValues({ name: 'X' }, { name: 'Y' }, annuaire, [
			layer(schools, { name: 'X' })
		]);
		expect(first.changes).toEqual({ name: 'Y' });
		// …and a re-import of the extract does not take it back.
		const again = mergeValues({ name: 'Y' }, { name: 'X' }, schools, [
			layer(schools, { name: 'X' }),
			layer(annuaire, { name: 'Y' })
		]);
		expect(again.changes).toEqual({});
		expect(again.keptLocal).toEqual([]);
	});

	it('compares objects regardless of key order and removes attributes a source dropped', () => {
		const current = { location: { lat: 47, lon: 6 }, 'attributes.labels': ['APTIC'] };
		const result = mergeValues(current, { location: { lon: 6, lat: 47 } }, schools, [
			layer(schools, { location: { lon: 6, lat: 47 }, 'attributes.labels': ['APTIC'] })
		]);
		expect(result.changes).toEqual({ 'attributes.labels': null });
	});
});

describe('comparing values', () => {
	it('compares scalars directly and objects whatever their key order, as their canonical JSON', () => {
		const pairs: [unknown, unknown][] = [
			['a', 'a'],
			['a', 'b'],
			['1', 1],
			[1, 1],
			[0, -0],
			[null, undefined],
			[null, ''],
			[true, 'true'],
			[[], null],
			[['a'], 'a'],
			[
				{ lon: 1, lat: 2 },
				{ lat: 2, lon: 1 }
			],
			[
				{ lon: 1, lat: 2 },
				{ lon: 1, lat: 3 }
			],
			[{ a: null }, {}]
		];
		for (const [a, b] of pairs) {
			const expected = canonical((a ?? null) as never) === canonical((b ?? null) as never);
			expect(same(a as never, b as never), `${JSON.stringify(a)} / ${JSON.stringify(b)}`).toBe(
				expected
			);
		}
		expect(same({ lat: 2, lon: 1 }, { lon: 1, lat: 2 })).toBe(true);
		expect(same('1', 1)).toBe(false);
	});
});
