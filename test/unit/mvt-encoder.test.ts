import { VectorTile, classifyRings } from '@mapbox/vector-tile';
import Pbf from 'pbf';

type PbfReader = ConstructorParameters<typeof VectorTile>[0];
import { describe, expect, it } from 'vitest';
import {
	Command,
	commandInteger,
	encodeTile,
	signedArea,
	zigzag,
	type TileLayer
} from '../../src/lib/server/tiles/mvt-encoder';

function decode(layers: TileLayer[]) {
	// @mapbox/vector-tile 3 types its reader after pbf 5; pbf 4 reads the same at run time.
	return new VectorTile(new Pbf(encodeTile(layers)) as unknown as PbfReader);
}

function plain(rings: { x: number; y: number }[][]) {
	return rings.map((ring) => ring.map((p) => [p.x, p.y]));
}

/** Reads a layer's raw keys and values, which the decoder keeps private. */
function rawKeysAndValues(tile: Uint8Array) {
	const layer = { keys: [] as string[], values: 0 };
	new Pbf(tile).readFields((tag, _r, pbf) => {
		if (tag !== 3) return;
		pbf.readMessage((t, _s, p) => {
			if (t === 3) layer.keys.push(p.readString());
			else if (t === 4) {
				layer.values++;
				p.skip(2);
			}
		}, null);
	}, null);
	return layer;
}

describe('geometry command encoding', () => {
	it('zigzag-encodes parameters as the spec says', () => {
		expect([0, -1, 1, -2, 2, 2047, -2048].map(zigzag)).toEqual([0, 1, 2, 3, 4, 4094, 4095]);
	});

	it('packs command id and count', () => {
		expect(commandInteger(Command.MoveTo, 1)).toBe(9);
		expect(commandInteger(Command.LineTo, 3)).toBe(26);
		expect(commandInteger(Command.ClosePath, 1)).toBe(15);
	});

	it('writes the spec example point (25, 17) as [9, 50, 34]', () => {
		const tile = encodeTile([
			{
				name: 'p',
				features: [{ geometry: { type: 'Point', coordinates: [25, 17] }, properties: {} }]
			}
		]);
		// Find the packed geometry bytes 9, 50, 34 after the geometry tag (field 4, wire type 2).
		const bytes = Array.from(tile);
		const at = bytes.findIndex((b, i) => b === 0x22 && bytes[i + 1] === 3);
		expect(bytes.slice(at + 2, at + 5)).toEqual([9, 50, 34]);
	});
});

describe('encodeTile', () => {
	it('round-trips points, lines and polygons through @mapbox/vector-tile', () => {
		const tile = decode([
			{
				name: 'shapes',
				features: [
					{ geometry: { type: 'Point', coordinates: [10, 20] }, properties: { kind: 'point' } },
					{
						geometry: {
							type: 'MultiPoint',
							coordinates: [
								[1, 1],
								[4000, 4000]
							]
						},
						properties: { kind: 'multipoint' }
					},
					{
						geometry: {
							type: 'LineString',
							coordinates: [
								[0, 0],
								[100, 0],
								[100, 100]
							]
						},
						properties: { kind: 'line' }
					},
					{
						geometry: {
							type: 'Polygon',
							coordinates: [
								[
									[0, 0],
									[1000, 0],
									[1000, 1000],
									[0, 1000],
									[0, 0]
								]
							]
						},
						properties: { kind: 'polygon' }
					}
				]
			}
		]);
		const layer = tile.layers.shapes!;
		expect(layer.length).toBe(4);
		expect(layer.extent).toBe(4096);
		expect(layer.version).toBe(2);
		const [point, multipoint, line, polygon] = [0, 1, 2, 3].map((i) => layer.feature(i));
		expect(point!.type).toBe(1);
		expect(plain(point!.loadGeometry())).toEqual([[[10, 20]]]);
		expect(plain(multipoint!.loadGeometry())).toEqual([[[1, 1]], [[4000, 4000]]]);
		expect(line!.type).toBe(2);
		expect(plain(line!.loadGeometry())).toEqual([
			[
				[0, 0],
				[100, 0],
				[100, 100]
			]
		]);
		expect(polygon!.type).toBe(3);
		expect(polygon!.properties).toEqual({ kind: 'polygon' });
		const ring = plain(polygon!.loadGeometry())[0]!;
		// The decoder closes rings itself: four corners plus the closing point.
		expect(ring).toHaveLength(5);
		expect(ring[0]).toEqual(ring[4]);
	});

	it('orients exterior rings clockwise on screen and holes the other way, whatever the input', () => {
		// Exterior given counter-clockwise on screen (negative area), hole given clockwise.
		const exterior = [
			[0, 0],
			[0, 100],
			[100, 100],
			[100, 0],
			[0, 0]
		];
		const hole = [
			[20, 20],
			[80, 20],
			[80, 80],
			[20, 80],
			[20, 20]
		];
		const tile = decode([
			{
				name: 'p',
				features: [{ geometry: { type: 'Polygon', coordinates: [exterior, hole] }, properties: {} }]
			}
		]);
		const rings = tile.layers.p!.feature(0).loadGeometry();
		const areas = rings.map((r) => signedArea(r.map((p) => [p.x, p.y] as [number, number])));
		expect(areas[0]).toBeGreaterThan(0);
		expect(areas[1]).toBeLessThan(0);
		const polygons = classifyRings(rings);
		expect(polygons).toHaveLength(1);
		expect(polygons[0]).toHaveLength(2);
	});

	it('keeps the polygons of a multipolygon apart', () => {
		const square = (x: number) => [
			[x, 0],
			[x + 10, 0],
			[x + 10, 10],
			[x, 10],
			[x, 0]
		];
		const tile = decode([
			{
				name: 'p',
				features: [
					{
						geometry: { type: 'MultiPolygon', coordinates: [[square(0)], [square(100)]] },
						properties: {}
					}
				]
			}
		]);
		expect(classifyRings(tile.layers.p!.feature(0).loadGeometry())).toHaveLength(2);
	});

	it('drops rings that collapse once rounded, and features left without geometry', () => {
		const sliver = [
			[0, 0],
			[10, 0.2],
			[20, 0.1],
			[0, 0]
		];
		const tile = decode([
			{
				name: 'p',
				features: [
					{ geometry: { type: 'Polygon', coordinates: [sliver] }, properties: { a: 1 } },
					{
						geometry: {
							type: 'LineString',
							coordinates: [
								[5, 5],
								[5.2, 4.9]
							]
						},
						properties: { a: 2 }
					},
					{ geometry: { type: 'Point', coordinates: [1, 2] }, properties: { a: 3 } }
				]
			}
		]);
		expect(tile.layers.p!.length).toBe(1);
		expect(tile.layers.p!.feature(0).properties).toEqual({ a: 3 });
	});

	it('takes the polygons of a geometry collection left by clipping', () => {
		const tile = decode([
			{
				name: 'p',
				features: [
					{
						geometry: {
							type: 'GeometryCollection',
							geometries: [
								{
									type: 'LineString',
									coordinates: [
										[0, 0],
										[5, 5]
									]
								},
								{
									type: 'Polygon',
									coordinates: [
										[
											[0, 0],
											[10, 0],
											[10, 10],
											[0, 0]
										]
									]
								}
							]
						},
						properties: {}
					}
				]
			}
		]);
		expect(tile.layers.p!.feature(0).type).toBe(3);
	});

	it('deduplicates keys and values, keeps types apart and skips null properties', () => {
		const point = { type: 'Point' as const, coordinates: [1, 1] };
		const layers: TileLayer[] = [
			{
				name: 'labels',
				features: [
					{ geometry: point, properties: { name: 'Dijon', kind: 'commune', population: 156920 } },
					{ geometry: point, properties: { name: 'Beaune', kind: 'commune', population: null } },
					{ geometry: point, properties: { name: '1', kind: 'commune', population: 1 } }
				]
			}
		];
		const raw = rawKeysAndValues(encodeTile(layers));
		expect(raw.keys).toEqual(['name', 'kind', 'population']);
		// Dijon, commune, 156920, Beaune, '1', 1
		expect(raw.values).toBe(6);
		const layer = decode(layers).layers.labels!;
		expect(layer.feature(1).properties).toEqual({ name: 'Beaune', kind: 'commune' });
		expect(layer.feature(2).properties).toEqual({ name: '1', kind: 'commune', population: 1 });
	});

	it('encodes every value type the spec has', () => {
		const tile = decode([
			{
				name: 'v',
				features: [
					{
						id: 42,
						geometry: { type: 'Point', coordinates: [0, 0] },
						properties: { s: 'é « x »', u: 7, n: -7, d: 1.5, t: true, f: false }
					}
				]
			}
		]);
		const feature = tile.layers.v!.feature(0);
		expect(feature.id).toBe(42);
		expect(feature.properties).toEqual({ s: 'é « x »', u: 7, n: -7, d: 1.5, t: true, f: false });
	});

	it('leaves out empty layers and honours a custom extent', () => {
		const tile = decode([
			{ name: 'empty', features: [] },
			{
				name: 'small',
				extent: 512,
				features: [{ geometry: { type: 'Point', coordinates: [3, 4] }, properties: {} }]
			}
		]);
		expect(Object.keys(tile.layers)).toEqual(['small']);
		expect(tile.layers.small!.extent).toBe(512);
	});

	it('encodes nothing into an empty tile', () => {
		expect(encodeTile([]).byteLength).toBe(0);
	});
});
