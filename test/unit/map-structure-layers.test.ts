import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/lib/domain/categories';
import {
	CLUSTERS_LAYER,
	POINTS_LAYER,
	SINGLES_LAYER,
	TILE_CLUSTERS,
	TILE_POINTS,
	categoryColor,
	structureLayers,
	structureTilesSource,
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

	it('draws the server tiles with the same layers: clusters, singles and points', () => {
		const source = structureTilesSource('http://x/tiles/structures/{z}/{x}/{y}.mvt?category=ecole');
		expect(source).toMatchObject({ type: 'vector', tiles: [expect.stringContaining('{z}')] });
		const tiled = structureLayers({ tiled: true });
		const geojson = structureLayers();
		// Every GeoJSON layer has its twin, reading the tiles' layers and properties.
		for (const layer of geojson) expect(tiled.map((l) => l.id)).toContain(layer.id);
		const byId = new Map(tiled.map((l) => [l.id, l]));
		const layerOf = (id: string) => byId.get(id) as { 'source-layer'?: string; filter?: unknown };
		expect(layerOf(CLUSTERS_LAYER)['source-layer']).toBe(TILE_CLUSTERS);
		expect(layerOf(CLUSTERS_LAYER).filter).toEqual(['>', ['get', 'count'], 1]);
		expect(layerOf(SINGLES_LAYER)['source-layer']).toBe(TILE_CLUSTERS);
		expect(layerOf(SINGLES_LAYER).filter).toEqual(['==', ['get', 'count'], 1]);
		expect(layerOf(POINTS_LAYER)['source-layer']).toBe(TILE_POINTS);
		expect(JSON.stringify(tiled)).not.toContain('point_count');
		// A cluster is ringed with its main category's colour.
		const paint = (byId.get(CLUSTERS_LAYER) as { paint: Record<string, unknown> }).paint;
		expect(paint['circle-stroke-color']).toEqual(categoryColor());
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
