import { describe, expect, it } from 'vitest';
import {
	activeFilterCount,
	changedSearch,
	fromResult,
	restoredState,
	resultText,
	stateSearch,
	tabSearch,
	viewAround,
	withParam,
	type BrowseState
} from '../../src/lib/components/browse/browse-state';
import { parseMapView } from '../../src/lib/map/view';

const state = (overrides: Partial<BrowseState> = {}): BrowseState => ({
	query: '?category=college&territory=dep:21',
	terms: { q: '', near: null },
	map: null,
	vue: 'carte',
	...overrides
});

describe('the map page address', () => {
	it('keeps the filters, text, point, view and tab, and applies changes', () => {
		expect(stateSearch(state())).toBe('?category=college&territory=dep:21');
		expect(
			stateSearch(state({ terms: { q: ' victor ', near: '5.04,47.32' }, map: '9/47.3/5.04' }))
		).toBe('?category=college&territory=dep:21&q=victor&near=5.04,47.32&map=9/47.3/5.04');
		expect(stateSearch(state({ vue: 'liste' }), { territory: null })).toBe(
			'?category=college&vue=liste'
		);
		// A view given for this address replaces the page's own.
		expect(stateSearch(state({ map: '9/47.3/5.04' }), {}, '12/47.2378/6.0241')).toBe(
			'?category=college&territory=dep:21&map=12/47.2378/6.0241'
		);
		// Without filters, a change alone.
		expect(stateSearch(state({ query: '' }), { territory: 'dep:25' })).toBe('?territory=dep:25');
	});

	it('adds a page (offset, cursor) to any address', () => {
		expect(withParam('/', 'cursor', 'abc')).toBe('/?cursor=abc');
		expect(withParam('/?q=x', 'cursor', 'abc')).toBe('/?q=x&cursor=abc');
		expect(fromResult('/?q=x', 0)).toBe('/?q=x');
		expect(fromResult('/?q=x', 50)).toBe('/?q=x&offset=50');
		expect(fromResult('/', 100)).toBe('/?offset=100');
	});

	it('changes or removes parameters of the current address, keeping its fragment', () => {
		const href = 'http://localhost/?q=ecole&offset=50&map=9/47.3/5.04#liste-structures';
		expect(changedSearch(href, { q: 'lycee', offset: null })).toBe(
			'?q=lycee&map=9/47.3/5.04#liste-structures'
		);
		expect(changedSearch('http://localhost/', { map: '7/47/5' })).toBe('?map=7/47/5');
		expect(changedSearch('http://localhost/?vue=liste', { vue: null })).toBe('');
	});

	it('writes the phone tab: the map is the default and is not written', () => {
		const params = new URLSearchParams('category=ecole&vue=liste');
		expect(tabSearch(params, 'carte')).toBe('?category=ecole');
		expect(tabSearch(params, 'liste', '#liste-structures')).toBe(
			'?category=ecole&vue=liste#liste-structures'
		);
		// The page's own parameters are not changed in place.
		expect(params.get('vue')).toBe('liste');
	});

	it('reads back what Back or Forward restores', () => {
		expect(restoredState('http://localhost/?q=ecole&offset=50&map=9/47.3/5.04')).toEqual({
			typed: 'ecole',
			offset: 50,
			map: '9/47.3/5.04'
		});
		for (const offset of ['-5', 'abc', '1.5', '']) {
			expect(restoredState(`http://localhost/?offset=${offset}`)).toEqual({
				typed: '',
				offset: 0,
				map: null
			});
		}
	});

	it('shows the area around a point, or nothing for a malformed one', () => {
		expect(parseMapView(viewAround('6.0241,47.2378'))).toEqual({
			zoom: 12,
			lat: 47.2378,
			lon: 6.0241
		});
		expect(viewAround('6.0241')).toBeNull();
		expect(viewAround('x,y')).toBeNull();
	});
});

describe('the map page summary', () => {
	const none = {
		categories: [],
		programme: null,
		territory: null,
		sector: null,
		level: null,
		pathway: null,
		priority: null
	};

	it('counts each active filter once', () => {
		expect(activeFilterCount(none)).toBe(0);
		expect(activeFilterCount({ ...none, categories: ['ecole', 'college'] })).toBe(1);
		expect(
			activeFilterCount({
				categories: ['ecole'],
				programme: 0,
				territory: 'dep:25',
				sector: 'public',
				level: null,
				pathway: 'general',
				priority: 'rep'
			})
		).toBe(6);
	});

	it('says how many structures, in French, while loading and when found', () => {
		expect(resultText(null, false)).toBe('Chargement…');
		expect(resultText(null, true)).toBe('Recherche en cours…');
		expect(resultText(0, false)).toBe('Aucune structure');
		expect(resultText(0, true)).toBe('Aucune structure trouvée');
		expect(resultText(1, true)).toBe('1 structure trouvée');
		expect(resultText(2185, false).replace(/\s/g, ' ')).toBe('2 185 structures');
		expect(resultText(12, true)).toBe('12 structures trouvées');
	});
});
