import { describe, expect, it } from 'vitest';
import { CATEGORY_CODES } from '../../src/lib/domain/categories';
import { filtersSearch } from '../../src/lib/components/filters/filter-url';

/** What the filters form submits: repeated checkboxes, blank selects, hidden fields. */
function form(entries: [string, string][]) {
	const params = new URLSearchParams();
	for (const [name, value] of entries) params.append(name, value);
	return params;
}

describe('filtersSearch: the home page query of a filters form', () => {
	it('writes the filters as the API names them, categories comma-separated', () => {
		expect(
			filtersSearch(
				form([
					['category', 'ecole'],
					['category', 'college'],
					['programme', '6'],
					['territory', 'dep:21'],
					['lieu', ''],
					['map', '8/47/5']
				]),
				{ map: '9/47.3/5.04' }
			)
		).toBe('?category=ecole,college&programme=6&territory=dep:21&map=9/47.3/5.04');
	});

	it('leaves out the category filter when every category is ticked', () => {
		expect(filtersSearch(form(CATEGORY_CODES.map((code) => ['category', code])))).toBe('');
	});

	it('leaves out blank fields and the default tab, keeps the list tab', () => {
		expect(
			filtersSearch(
				form([
					['programme', ''],
					['territory', '']
				]),
				{ vue: 'carte' }
			)
		).toBe('');
		expect(filtersSearch(form([['territory', 'com:21231']]), { vue: 'liste' })).toBe(
			'?territory=com:21231&vue=liste'
		);
	});

	it('keeps a typed place name for the server to resolve', () => {
		expect(filtersSearch(form([['lieu', ' Quetigny ']]))).toBe('?lieu=Quetigny');
	});

	it('starts again from the first page', () => {
		expect(
			filtersSearch(
				form([
					['programme', '6'],
					['cursor', 'abc']
				])
			)
		).toBe('?programme=6');
	});

	it('keeps the search: its text, its zone and its point, but not its page', () => {
		expect(
			filtersSearch(
				form([
					['q', ' colege hugo '],
					['category', 'college'],
					['bbox', '4.9,47.2,5.2,47.4'],
					['near', '5.04,47.32'],
					['offset', '50']
				]),
				{ map: '11/47.32/5.04' }
			)
		).toBe(
			'?category=college&bbox=4.9,47.2,5.2,47.4&q=colege+hugo&near=5.04,47.32&map=11/47.32/5.04'
		);
	});

	it('keeps an invalid value as typed, for the page to show its error', () => {
		expect(filtersSearch(form([['territory', 'dep:999']]))).toBe('?territory=dep:999');
	});

	it('keeps every other filter beside an invalid one (the school facts too)', () => {
		const query = filtersSearch(
			form([
				['territory', 'dep:999'],
				['sector', 'public'],
				['level', 'maternelle'],
				['pathway', 'professionnelle'],
				['priority', 'rep'],
				['freshness', 'stale']
			])
		);
		expect([...new URLSearchParams(query)].sort()).toEqual([
			['freshness', 'stale'],
			['level', 'maternelle'],
			['pathway', 'professionnelle'],
			['priority', 'rep'],
			['sector', 'public'],
			['territory', 'dep:999']
		]);
	});
});
