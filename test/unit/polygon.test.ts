import { describe, expect, it } from 'vitest';
import {
	MAX_POLYGON_VERTICES,
	parseDrawnPolygon,
	parseDrawnPolygonText
} from '../../src/lib/domain/polygon';

const square = [
	[5, 47],
	[5.1, 47],
	[5.1, 47.1],
	[5, 47.1],
	[5, 47]
];

function messageOf(input: unknown): string {
	const parsed = parseDrawnPolygon(input);
	if (parsed.ok) throw new Error('expected a refusal');
	return parsed.message;
}

function circle(vertices: number) {
	const ring = Array.from({ length: vertices }, (_, i) => {
		const angle = (2 * Math.PI * i) / vertices;
		return [5 + 0.1 * Math.cos(angle), 47 + 0.1 * Math.sin(angle)];
	});
	return { type: 'Polygon', coordinates: [[...ring, ring[0]]] };
}

describe('parseDrawnPolygon', () => {
	it('accepts a closed square, bare, in a Feature or in a one-feature collection', () => {
		const polygon = { type: 'Polygon', coordinates: [square] };
		for (const input of [
			polygon,
			{ type: 'Feature', properties: {}, geometry: polygon },
			{ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: polygon }] }
		]) {
			expect(parseDrawnPolygon(input)).toEqual({ ok: true, value: polygon });
		}
	});

	it('accepts a polygon with a hole and a MultiPolygon of disjoint parts', () => {
		const hole = [
			[5.02, 47.02],
			[5.02, 47.08],
			[5.08, 47.08],
			[5.08, 47.02],
			[5.02, 47.02]
		];
		expect(parseDrawnPolygon({ type: 'Polygon', coordinates: [square, hole] }).ok).toBe(true);
		const shifted = square.map(([x, y]) => [x! + 1, y!]);
		expect(parseDrawnPolygon({ type: 'MultiPolygon', coordinates: [[square], [shifted]] }).ok).toBe(
			true
		);
	});

	it('drops the third dimension and repeated vertices (a double-click adds the same point twice)', () => {
		const ring = [
			[5, 47, 200],
			[5.1, 47],
			[5.1, 47],
			[5.1, 47.1],
			[5, 47.1],
			[5, 47, 200]
		];
		expect(parseDrawnPolygon({ type: 'Polygon', coordinates: [ring] })).toEqual({
			ok: true,
			value: { type: 'Polygon', coordinates: [square] }
		});
	});

	it('refuses an open ring', () => {
		expect(messageOf({ type: 'Polygon', coordinates: [square.slice(0, 4)] })).toMatch(/pas fermé/);
	});

	it('refuses a self-intersecting ring (a bow tie) and says where', () => {
		const bowTie = [
			[5, 47],
			[5.1, 47.1],
			[5.1, 47],
			[5, 47.1],
			[5, 47]
		];
		const message = messageOf({ type: 'Polygon', coordinates: [bowTie] });
		expect(message).toMatch(/se recoupe/);
		expect(message).toContain('47.0500, 5.0500');
	});

	it('refuses a hole crossing its outer ring', () => {
		const crossing = [
			[5.05, 47.05],
			[5.2, 47.05],
			[5.2, 47.06],
			[5.05, 47.06],
			[5.05, 47.05]
		];
		expect(messageOf({ type: 'Polygon', coordinates: [square, crossing] })).toMatch(/se recoupe/);
	});

	it(`refuses more than ${MAX_POLYGON_VERTICES} vertices, accepts exactly that many`, () => {
		expect(parseDrawnPolygon(circle(MAX_POLYGON_VERTICES)).ok).toBe(true);
		expect(messageOf(circle(MAX_POLYGON_VERTICES + 1))).toBe(
			`Le polygone a ${MAX_POLYGON_VERTICES + 1} sommets ; la limite est de ${MAX_POLYGON_VERTICES}. Simplifiez le contour.`
		);
	});

	it('refuses non-finite, non-numeric and out-of-range coordinates', () => {
		const withValue = (value: unknown) => ({
			type: 'Polygon',
			coordinates: [
				[
					[5, 47],
					[value, 47],
					[5.1, 47.1],
					[5, 47]
				]
			]
		});
		expect(messageOf(withValue(Number.NaN))).toMatch(/nombre fini/);
		expect(messageOf(withValue(Number.POSITIVE_INFINITY))).toMatch(/nombre fini/);
		expect(messageOf(withValue('5.1'))).toMatch(/nombre fini/);
		expect(messageOf(withValue(181))).toMatch(/hors limites/);
	});

	it('refuses too few vertices, flat rings and other geometry types', () => {
		expect(
			messageOf({
				type: 'Polygon',
				coordinates: [
					[
						[5, 47],
						[5.1, 47],
						[5, 47]
					]
				]
			})
		).toMatch(/trois sommets/);
		expect(
			messageOf({
				type: 'Polygon',
				coordinates: [
					[
						[5, 47],
						[5.1, 47],
						[5.2, 47],
						[5, 47]
					]
				]
			})
		).toMatch(/pas de surface/);
		expect(messageOf({ type: 'Point', coordinates: [5, 47] })).toMatch(/non accepté/);
		expect(messageOf({ type: 'FeatureCollection', features: [] })).toMatch(/exactement un/);
		expect(messageOf([1, 2])).toMatch(/doit être un objet/);
	});
});

describe('parseDrawnPolygonText', () => {
	it('parses pasted GeoJSON and explains broken JSON and empty input in French', () => {
		expect(
			parseDrawnPolygonText(JSON.stringify({ type: 'Polygon', coordinates: [square] })).ok
		).toBe(true);
		const broken = parseDrawnPolygonText('{"type": "Polygon", ');
		expect(broken).toMatchObject({ ok: false, message: expect.stringMatching(/JSON valide/) });
		expect(parseDrawnPolygonText('  ')).toMatchObject({ ok: false, message: /Aucun polygone/ });
	});
});
