import { describe, expect, it } from 'vitest';
import type { LayerSpecification } from 'maplibre-gl';
import { contrastRatio, relativeLuminance } from '../../src/lib/domain/contrast';
import { structureLayers } from '../../src/lib/map/structure-layers';
import { offlineStyle } from '../../src/lib/map/style';

// WCAG 1.4.11 (non-text contrast): each dot the map draws must stand out 3:1 from the basemap
// around it. The colours are read from the very style objects the map is given.

const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;

/** Every colour literal in a paint value (a plain colour or an expression such as `match`). */
function colours(value: unknown): string[] {
	if (typeof value === 'string') return HEX.test(value) ? [value] : [];
	if (Array.isArray(value)) return value.flatMap(colours);
	return [];
}

function paint(layer: LayerSpecification, property: string): unknown {
	return (layer.paint as Record<string, unknown> | undefined)?.[property];
}

const basemap = offlineStyle({ origin: 'http://localhost' }).layers;
/** What surrounds the dots: the region's fill (every structure lies in the region) and beyond. */
const backgrounds = [
	...colours(
		paint(
			basemap.find((l) => l.id === 'region-fill')!,
			'fill-color'
		)
	),
	...colours(
		paint(
			basemap.find((l) => l.type === 'background')!,
			'background-color'
		)
	)
];
// Both looks: GeoJSON (small maps, search markers) and the server's tiles, whose clusters wear
// a ring of their main category's colour (a dot's edge: the same 3:1 applies).
const tiled = structureLayers({ tiled: true });
const dots = [...structureLayers(), ...tiled]
	.filter((layer) => layer.type === 'circle')
	.flatMap((layer) =>
		[
			...colours(paint(layer, 'circle-color')),
			...(tiled.includes(layer) && layer.id === 'structures-clusters'
				? colours(paint(layer, 'circle-stroke-color'))
				: [])
		].map((colour) => ({ layer, colour }))
	);

describe('contrast helper', () => {
	it('follows the WCAG definition', () => {
		expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
		expect(contrastRatio('#ffffff', '#000')).toBeCloseTo(21, 5);
		expect(contrastRatio('#777777', '#777777')).toBe(1);
		// The well-known lightest grey passing AA on white: 4.54:1.
		expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
		expect(relativeLuminance('#ffffff')).toBe(1);
		expect(() => contrastRatio('red', '#fff')).toThrow();
	});
});

describe('map dots against the basemap (WCAG 1.4.11)', () => {
	it('reads the basemap background and at least one colour per category from the style', () => {
		expect(backgrounds.length).toBe(2);
		expect(dots.length).toBeGreaterThanOrEqual(14);
	});

	it.each(backgrounds)('every dot colour reaches 3:1 against %s', (background) => {
		const weak = dots
			.map(({ layer, colour }) => ({
				layer: layer.id,
				colour,
				ratio: Number(contrastRatio(colour, background).toFixed(2))
			}))
			.filter((dot) => dot.ratio < 3);
		expect(weak).toEqual([]);
	});
});
