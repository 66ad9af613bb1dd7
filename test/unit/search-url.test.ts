import { describe, expect, it } from 'vitest';
import { SEARCH_PARAMETERS } from '../../src/lib/server/search/query';
import {
	areaOutline,
	areaParam,
	isSearching,
	nearParam,
	pointOf,
	SEARCH_API_PARAMETERS,
	searchApiUrl,
	searchParams
} from '../../src/lib/components/search/search-url';

describe('the map page search parameters', () => {
	it('searches when there is a text or a point, not for blanks', () => {
		expect(isSearching({ q: '  ', near: null })).toBe(false);
		expect(isSearching({ q: 'fablab', near: null })).toBe(true);
		expect(isSearching({ q: '', near: '5.04,47.32' })).toBe(true);
	});

	it('adds the trimmed text and the point to the filters, then the changes', () => {
		const params = searchParams(
			'?category=college&territory=dep:21',
			{ q: ' victor hugo ', near: '5.04,47.32' },
			{ territory: null, bbox: '4.9,47.2,5.2,47.4' }
		);
		expect([...params]).toEqual([
			['category', 'college'],
			['q', 'victor hugo'],
			['near', '5.04,47.32'],
			['bbox', '4.9,47.2,5.2,47.4']
		]);
		expect([...searchParams('', { q: ' ', near: null })]).toEqual([]);
	});

	it('asks the API for a page, and for the markers of the same query', () => {
		expect(searchApiUrl('?q=fablab&offset=50', { limit: 50, markers: true })).toBe(
			'/api/v1/search?q=fablab&offset=50&limit=50&markers=1'
		);
		expect(searchApiUrl('?q=fablab&offset=50', { limit: 50, offset: 100 })).toBe(
			'/api/v1/search?q=fablab&offset=100&limit=50'
		);
		expect(searchApiUrl('?q=fablab&offset=50', { limit: 20, offset: 0 })).toBe(
			'/api/v1/search?q=fablab&limit=20'
		);
	});

	it('rounds the map extent outwards, within the world', () => {
		expect(areaParam([4.894449, 47.238512, 5.185601, 47.401299])).toBe(
			'4.8944,47.2385,5.1857,47.4013'
		);
		expect(areaParam([-200, -95, 200, 95])).toBe('-180,-90,180,90');
	});

	it('reads back a point and a zone, and writes a point to about a metre', () => {
		expect(nearParam(5.0412345, 47.3212345)).toBe('5.04123,47.32123');
		expect(pointOf('5.04,47.32')).toEqual([5.04, 47.32]);
		expect(pointOf(null)).toBeNull();
		expect(areaOutline('4.9,47.2,5.2,47.4')).toEqual({
			type: 'Polygon',
			coordinates: [
				[
					[4.9, 47.2],
					[5.2, 47.2],
					[5.2, 47.4],
					[4.9, 47.4],
					[4.9, 47.2]
				]
			]
		});
		expect(areaOutline('4.9,47.2')).toBeNull();
		expect(areaOutline(null)).toBeNull();
	});
});

describe('the search API parameters the browser keeps', () => {
	it('are the parameters of the server’s schema, which the OpenAPI document shows', () => {
		expect([...SEARCH_API_PARAMETERS].sort()).toEqual([...SEARCH_PARAMETERS].sort());
	});
});
