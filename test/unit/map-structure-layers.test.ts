import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/lib/domain/categories';
import {
	categoryColor,
	structureLayers,
	structuresSource
} from '../../src/lib/map/structure-layers';
import { offlineStyle } from '../../src/lib/map/style';

describe('structure layers', () => {
	it('colours every category with its shared colour', () => {
		const expression = categoryColor() as unknown[];
		for (const c of CATEGORIES) {
			const at = expression.indexOf(c.code);
			expect(at).toBeGreaterThan(1);
			expect(expression[at + 1]).toBe(c.color);
		}
	});

	it('clusters the source and splits clusters from single points', () => {
		expect(structuresSource('/x.geojson')).toMatchObject({ type: 'geojson', cluster: true });
		const layers = structureLayers();
		const filters = layers.map((l) => JSON.stringify('filter' in l ? l.filter : null));
		expect(filters).toContain(JSON.stringify(['has', 'point_count']));
		expect(filters).toContain(JSON.stringify(['!', ['has', 'point_count']]));
		expect(new Set(layers.map((l) => l.id)).size).toBe(layers.length);
	});
});

describe('offline style', () => {
	const style = offlineStyle({ origin: 'http://127.0.0.1:5181', bounds: [2.8, 46.1, 7.2, 48.4] });

	it('draws from the app’s own tiles and fonts only: no glyphs, no sprite', () => {
		expect(style).not.toHaveProperty('glyphs');
		expect(style).not.toHaveProperty('sprite');
		const urls = JSON.stringify(style.sources).match(/https?:\/\/[^"]+/g) ?? [];
		expect(urls.length).toBeGreaterThan(0);
		for (const url of urls) expect(url.startsWith('http://127.0.0.1:5181/tiles/')).toBe(true);
		expect(style.sources.boundaries).toMatchObject({ bounds: [2.8, 46.1, 7.2, 48.4] });
	});

	it('uses the DSFR font for every label', () => {
		for (const layer of style.layers) {
			if (layer.type !== 'symbol') continue;
			expect(layer.layout?.['text-font']).toContain('Marianne');
		}
	});

	it('names only source layers the tiles carry', () => {
		const carried = ['region', 'departement', 'epci', 'commune', 'labels'];
		for (const layer of style.layers) {
			if ('source-layer' in layer) expect(carried).toContain(layer['source-layer']);
		}
	});
});
