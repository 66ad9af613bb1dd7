import { describe, expect, it } from 'vitest';
import { boundsOf, extentOf, padBounds } from '../../src/lib/map/bounds';

describe('boundsOf', () => {
	it('spans points, polygons and collections, ignoring missing geometries', () => {
		expect(
			boundsOf([
				{ type: 'Point', coordinates: [5, 47] },
				null,
				{
					type: 'MultiPolygon',
					coordinates: [
						[
							[
								[4, 46.5],
								[6.5, 46.5],
								[6.5, 48],
								[4, 46.5]
							]
						]
					]
				},
				{
					type: 'GeometryCollection',
					geometries: [
						{
							type: 'LineString',
							coordinates: [
								[3, 47],
								[3.5, 48.2]
							]
						}
					]
				}
			])
		).toEqual([3, 46.5, 6.5, 48.2]);
	});

	it('is null without any position', () => {
		expect(boundsOf([])).toBeNull();
		expect(boundsOf([undefined, { type: 'MultiPoint', coordinates: [] }])).toBeNull();
	});
});

describe('padBounds', () => {
	it('widens a single point so the map shows its surroundings', () => {
		const [w, s, e, n] = padBounds([5, 47, 5, 47]);
		expect(e - w).toBeCloseTo(0.02, 10);
		expect(n - s).toBeCloseTo(0.02, 10);
		expect((w + e) / 2).toBeCloseTo(5, 10);
	});

	it('leaves a wide box alone', () => {
		expect(padBounds([3, 46, 7, 48])).toEqual([3, 46, 7, 48]);
	});
});

describe('extentOf', () => {
	it('fits an outline and features together, padded, and is null when there is nothing', () => {
		const outline = {
			type: 'Polygon' as const,
			coordinates: [
				[
					[4, 47],
					[5, 47],
					[5, 48],
					[4, 47]
				]
			]
		};
		const features = {
			type: 'FeatureCollection' as const,
			features: [
				{
					type: 'Feature' as const,
					properties: {},
					geometry: { type: 'Point' as const, coordinates: [6, 46.5] }
				}
			]
		};
		expect(extentOf(outline, features)).toEqual([4, 46.5, 6, 48]);
		expect(extentOf(null, { type: 'FeatureCollection', features: [] })).toBeNull();
		const [w, , e] = extentOf(null, features)!;
		expect(e - w).toBeCloseTo(0.02, 10);
	});
});
