import { describe, expect, it } from 'vitest';
import type { Position } from 'geojson';
import { MAX_POLYGON_VERTICES, type DrawnArea } from '../../src/lib/domain/polygon';
import { MAX_ZONE_CODE_LENGTH, decodeZone, encodeZone } from '../../src/lib/domain/zone-code';

/** A deterministic pseudo-random sequence, so that a failure can be replayed. */
function random(seed: number) {
	return () => {
		seed = (seed * 1103515245 + 12345) % 2 ** 31;
		return seed / 2 ** 31;
	};
}

/** A star-shaped ring (never self-crossing) of n vertices around a centre, closed. */
function star(next: () => number, n: number, lon: number, lat: number, radius: number): Position[] {
	const ring: Position[] = [];
	for (let i = 0; i < n; i++) {
		const angle = (2 * Math.PI * i) / n;
		const r = radius * (0.5 + next() / 2);
		ring.push([
			Math.round((lon + r * Math.cos(angle)) * 1e6) / 1e6,
			Math.round((lat + r * Math.sin(angle)) * 1e6) / 1e6
		]);
	}
	return [...ring, ring[0]!];
}

const near = (a: Position[], b: Position[]) =>
	a.length === b.length &&
	a.every((p, i) => Math.abs(p[0]! - b[i]![0]!) <= 5.1e-6 && Math.abs(p[1]! - b[i]![1]!) <= 5.1e-6);

describe('zone links', () => {
	it('round-trips generated polygons and multipolygons to about a metre', () => {
		const next = random(11);
		for (let k = 0; k < 200; k++) {
			const lon = 3 + next() * 4;
			const lat = 46 + next() * 2;
			const zone: DrawnArea =
				k % 3 === 0
					? {
							type: 'MultiPolygon',
							coordinates: [
								[star(next, 3 + Math.floor(next() * 40), lon, lat, 0.1 + next() * 0.5)],
								[star(next, 3 + Math.floor(next() * 40), lon + 2, lat, 0.1 + next() * 0.5)]
							]
						}
					: {
							type: 'Polygon',
							coordinates: [star(next, 3 + Math.floor(next() * 200), lon, lat, 0.01 + next())]
						};
			const code = encodeZone(zone);
			expect(code).toMatch(/^[A-Za-z0-9_-]+$/);
			const back = decodeZone(code);
			expect(back.ok ? 'ok' : back.message).toBe('ok');
			if (!back.ok) continue;
			expect(back.value.type).toBe(zone.type);
			const rings = (z: DrawnArea) =>
				(z.type === 'Polygon' ? [z.coordinates] : z.coordinates).flat();
			const [a, b] = [rings(zone), rings(back.value)];
			expect(a.length).toBe(b.length);
			a.forEach((ring, i) => expect(near(ring, b[i]!)).toBe(true));
		}
	});

	it('keeps a hole, and stays within the length bound at the vertex limit', () => {
		const next = random(3);
		const withHole: DrawnArea = {
			type: 'Polygon',
			coordinates: [star(next, 30, 5, 47, 0.5), star(next, 12, 5, 47, 0.1)]
		};
		const back = decodeZone(encodeZone(withHole));
		expect(back.ok && back.value.type === 'Polygon' && back.value.coordinates.length).toBe(2);
		const largest: DrawnArea = {
			type: 'Polygon',
			coordinates: [star(next, MAX_POLYGON_VERTICES, 5, 47, 3)]
		};
		const code = encodeZone(largest);
		expect(code.length).toBeLessThanOrEqual(MAX_ZONE_CODE_LENGTH);
		expect(decodeZone(code).ok).toBe(true);
	});

	it('refuses altered, truncated, oversized and invalid links in French', () => {
		const next = random(5);
		const code = encodeZone({ type: 'Polygon', coordinates: [star(next, 20, 5, 47, 0.3)] });
		const bad = [
			'',
			'!!!',
			code.slice(0, code.length - 3),
			`${code}AAAA`,
			`B${code.slice(1)}`,
			'x'.repeat(MAX_ZONE_CODE_LENGTH + 1),
			// Three aligned vertices: no surface.
			encodeZone({
				type: 'Polygon',
				coordinates: [
					[
						[5, 47],
						[5.1, 47],
						[5.2, 47],
						[5, 47]
					]
				]
			}),
			// A bow tie crosses itself.
			encodeZone({
				type: 'Polygon',
				coordinates: [
					[
						[5, 47],
						[5.1, 47.1],
						[5.1, 47],
						[5, 47.1],
						[5, 47]
					]
				]
			})
		];
		for (const text of bad) {
			const parsed = decodeZone(text);
			expect(parsed.ok, text.slice(0, 40)).toBe(false);
			if (!parsed.ok) expect(parsed.message).toMatch(/[a-zé]+ .*[a-z]/);
		}
		const long = decodeZone('x'.repeat(MAX_ZONE_CODE_LENGTH + 1));
		expect(!long.ok && long.message).toContain('trop long');
	});
});
