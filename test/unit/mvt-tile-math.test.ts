import { describe, expect, it } from 'vitest';
import { LruCache } from '../../src/lib/server/tiles/lru';
import {
	isTile,
	tileAffine,
	tileBounds3857,
	tileBoundsLonLat
} from '../../src/lib/server/tiles/tile-math';

const WORLD = 20037508.342789244;

describe('tile arithmetic', () => {
	it('accepts the tiles of the grid only', () => {
		expect(isTile({ z: 0, x: 0, y: 0 })).toBe(true);
		expect(isTile({ z: 3, x: 7, y: 7 })).toBe(true);
		expect(isTile({ z: 3, x: 8, y: 0 })).toBe(false);
		expect(isTile({ z: -1, x: 0, y: 0 })).toBe(false);
		expect(isTile({ z: 17, x: 0, y: 0 })).toBe(false);
		expect(isTile({ z: 2, x: 1.5, y: 0 })).toBe(false);
		expect(isTile({ z: NaN, x: 0, y: 0 })).toBe(false);
	});

	it('gives tile corners in metres, y growing north', () => {
		expect(tileBounds3857({ z: 0, x: 0, y: 0 }, 4096)).toEqual([-WORLD, -WORLD, WORLD, WORLD]);
		const [xmin, ymin, xmax, ymax] = tileBounds3857({ z: 1, x: 1, y: 0 }, 4096);
		expect([xmin, ymin, xmax, ymax]).toEqual([0, 0, WORLD, WORLD]);
		const buffered = tileBounds3857({ z: 1, x: 1, y: 0 }, 4096, 64);
		expect(buffered[0]).toBeCloseTo(-WORLD / 64, 3);
	});

	it('gives the same box in degrees, clamped to the Mercator world', () => {
		const [w, s, e, n] = tileBoundsLonLat({ z: 0, x: 0, y: 0 }, 4096, 64);
		expect([w, e]).toEqual([-180, 180]);
		expect(n).toBeCloseTo(85.0511, 4);
		expect(s).toBeCloseTo(-85.0511, 4);
		const [w1, s1, e1, n1] = tileBoundsLonLat({ z: 1, x: 1, y: 0 }, 4096);
		expect([w1, s1, e1]).toEqual([0, 0, 180]);
		expect(n1).toBeCloseTo(85.0511, 4);
	});

	it('maps a tile’s north-west corner to 0,0 and its south-east corner to the extent', () => {
		const tile = { z: 9, x: 263, y: 179 };
		const [xmin, ymin, xmax, ymax] = tileBounds3857(tile, 4096);
		const { a, b, d, e, xoff, yoff } = tileAffine(tile, 4096);
		const apply = (x: number, y: number) => [a * x + b * y + xoff, d * x + e * y + yoff];
		const [x0, y0] = apply(xmin, ymax);
		const [x1, y1] = apply(xmax, ymin);
		expect(x0).toBeCloseTo(0, 6);
		expect(y0).toBeCloseTo(0, 6);
		expect(x1).toBeCloseTo(4096, 6);
		expect(y1).toBeCloseTo(4096, 6);
	});
});

describe('LruCache', () => {
	it('evicts the least recently used entry', () => {
		const cache = new LruCache<string, number>(2);
		cache.set('a', 1);
		cache.set('b', 2);
		expect(cache.get('a')).toBe(1);
		cache.set('c', 3);
		expect(cache.get('b')).toBeUndefined();
		expect(cache.get('a')).toBe(1);
		expect(cache.get('c')).toBe(3);
		expect(cache.size).toBe(2);
		cache.clear();
		expect(cache.size).toBe(0);
	});
});
