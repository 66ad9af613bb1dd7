import { describe, expect, it } from 'vitest';
import { formatMapView, parseMapView, readableQuery } from '../../src/lib/map/view';

describe('map view in the URL (map=zoom/lat/lon)', () => {
	it('reads a view', () => {
		expect(parseMapView('9.5/47.3220/5.0415')).toEqual({ zoom: 9.5, lat: 47.322, lon: 5.0415 });
		expect(parseMapView('0/0/0')).toEqual({ zoom: 0, lat: 0, lon: 0 });
		expect(parseMapView('12/-33.9/-70.6')).toEqual({ zoom: 12, lat: -33.9, lon: -70.6 });
	});

	it('rejects what is not a view', () => {
		for (const text of [
			null,
			'',
			'9/47',
			'9/47/5/1',
			'a/47/5',
			'9/47/5e1',
			'25/47/5',
			'-1/47/5',
			'9/90/5',
			'9/47/181',
			'9//5',
			'9/ 47/5x'
		]) {
			expect(parseMapView(text)).toBeNull();
		}
	});

	it('writes as many decimals as the zoom needs, no trailing zeros', () => {
		expect(formatMapView({ zoom: 6.123, lat: 47.123456789, lon: 5.987654321 })).toBe(
			'6.12/47.1235/5.9877'
		);
		expect(formatMapView({ zoom: 15, lat: 47.123456789, lon: 5.987654321 })).toBe(
			'15/47.123457/5.987654'
		);
		expect(formatMapView({ zoom: 2, lat: 47.5, lon: 5 })).toBe('2/47.5/5');
	});

	it('wraps longitudes and clamps the zoom', () => {
		expect(formatMapView({ zoom: 30, lat: 0, lon: 365 })).toBe('19/0/5');
		expect(formatMapView({ zoom: 3, lat: 0, lon: -190 })).toBe('3/0/170');
	});

	it('round-trips a formatted view', () => {
		const view = { zoom: 11.37, lat: 47.2380583, lon: 6.0243622 };
		const again = parseMapView(formatMapView(view))!;
		expect(again.zoom).toBe(11.37);
		expect(again.lat).toBeCloseTo(view.lat, 5);
		expect(again.lon).toBeCloseTo(view.lon, 5);
		expect(formatMapView(again)).toBe(formatMapView(view));
	});
});

describe('readableQuery', () => {
	it('keeps slashes, commas and colons readable and still parseable', () => {
		const params = new URLSearchParams({
			category: 'ecole,college',
			territory: 'dep:21',
			map: '9/47.3/5.04',
			q: 'a&b c'
		});
		const text = readableQuery(params);
		expect(text).toBe('?category=ecole,college&territory=dep:21&map=9/47.3/5.04&q=a%26b+c');
		expect(Object.fromEntries(new URLSearchParams(text))).toEqual(Object.fromEntries(params));
	});

	it('is empty without parameters', () => {
		expect(readableQuery(new URLSearchParams())).toBe('');
	});
});
