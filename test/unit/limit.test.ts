import { describe, expect, it } from 'vitest';
import { clampLimit } from '../../src/lib/domain/limit';
import { CANDIDATES } from '../../src/lib/server/geocoding/types';

describe('clampLimit', () => {
	it('keeps a whole number between 1 and the maximum', () => {
		for (let max = 1; max <= 60; max += 7)
			for (const value of [-5, -0.5, 0, 0.4, 1, 2.9, max - 0.5, max, max + 1, 1e9]) {
				const limit = clampLimit(value, { max, fallback: 1 });
				expect(Number.isInteger(limit)).toBe(true);
				expect(limit).toBeGreaterThanOrEqual(1);
				expect(limit).toBeLessThanOrEqual(max);
				if (value >= 1 && value <= max) expect(limit).toBe(Math.trunc(value));
			}
	});

	it('gives the fallback (or the maximum) when no finite number was asked for', () => {
		expect(clampLimit(undefined, { max: 500, fallback: 100 })).toBe(100);
		expect(clampLimit(Number.NaN, { max: 500, fallback: 100 })).toBe(100);
		expect(clampLimit(Number.POSITIVE_INFINITY, { max: 500, fallback: 100 })).toBe(100);
		expect(clampLimit(undefined, { max: 10_000 })).toBe(10_000);
	});

	it('keeps geocoding candidates between 1 and 20, 5 by default', () => {
		expect(clampLimit(undefined, CANDIDATES)).toBe(5);
		expect(clampLimit(0, CANDIDATES)).toBe(1);
		expect(clampLimit(500, CANDIDATES)).toBe(20);
		expect(clampLimit(Number.NaN, CANDIDATES)).toBe(5);
	});
});
