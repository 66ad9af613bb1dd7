import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { VectorTile, type VectorTileLayer } from '@mapbox/vector-tile';
import { booleanPointInPolygon } from '@turf/turf';
import type { Feature, FeatureCollection, Geometry, Point, Polygon } from 'geojson';
import Pbf from 'pbf';

type PbfReader = ConstructorParameters<typeof VectorTile>[0];
import { beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/lib/server/db';
import * as tiles from '../../src/lib/server/tiles';
import { GET } from '../../src/routes/tiles/[tileset]/[z]/[x]/[y].mvt/+server';
import { freshDatabase } from '../helpers/database';

/** Real boundaries from the shipped open data: the region, Côte-d’Or and a few communes. */
function admin(name: string) {
	return JSON.parse(
		readFileSync(`db/data/admin/${name}-bourgogne-franche-comte.geojson`, 'utf8')
	) as FeatureCollection<Geometry, Record<string, string | number | null>>;
}

async function insertTerritory(
	sql: Sql,
	row: { code: string; kind: string; insee: string; name: string; population?: number },
	geometry: Geometry
) {
	await sql`
		insert into territories (code, kind, insee_code, name, population, geom, label_point)
		select ${row.code}, ${row.kind}, ${row.insee}, ${row.name}, ${row.population ?? null}, g, ST_PointOnSurface(g)
		from (select ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(geometry)}), 4326)) as g) s`;
}

/** The XYZ tile holding a point. */
function tileAt(lon: number, lat: number, z: number) {
	const n = 2 ** z;
	const x = Math.floor(((lon + 180) / 360) * n);
	const rad = (lat * Math.PI) / 180;
	const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
	return { z, x, y };
}

function decode(bytes: Uint8Array) {
	// @mapbox/vector-tile 3 types its reader after pbf 5; pbf 4 reads the same at run time.
	return new VectorTile(new Pbf(bytes) as unknown as PbfReader);
}

function features(layer: VectorTileLayer | undefined) {
	return Array.from({ length: layer?.length ?? 0 }, (_, i) => layer!.feature(i));
}

const DIJON = { lon: 5.0415, lat: 47.322 };
const COMMUNES = ['21231', '21617', '21166', '21515'];

let sql: Sql;
let dijonLabel: [number, number];

beforeAll(async () => {
	sql = await freshDatabase();
	const region = admin('region').features[0]!;
	await insertTerritory(
		sql,
		{ code: 'reg:27', kind: 'region', insee: '27', name: String(region.properties.nom) },
		region.geometry
	);
	const cote = admin('departements').features.find((f) => f.properties.code_departement === '21')!;
	await insertTerritory(
		sql,
		{ code: 'dep:21', kind: 'departement', insee: '21', name: 'Côte-d’Or' },
		cote.geometry
	);
	const epci = admin('epci').features.find((f) => f.properties.code_epci === '242100410')!;
	await insertTerritory(
		sql,
		{ code: 'epci:242100410', kind: 'epci', insee: '242100410', name: String(epci.properties.nom) },
		epci.geometry
	);
	for (const f of admin('communes').features.filter((f) =>
		COMMUNES.includes(String(f.properties.code_insee))
	)) {
		const insee = String(f.properties.code_insee);
		await insertTerritory(
			sql,
			{
				code: `com:${insee}`,
				kind: 'commune',
				insee,
				name: String(f.properties.nom),
				population: Number(f.properties.population)
			},
			f.geometry
		);
	}
	const [label] = await sql<{ lon: number; lat: number }[]>`
		select ST_X(label_point) as lon, ST_Y(label_point) as lat from territories where code = 'com:21231'`;
	dijonLabel = [label!.lon, label!.lat];
});

describe('boundaries tiles', () => {
	it('carries the region and département outlines at low zoom, without communes', async () => {
		const tile = tileAt(DIJON.lon, DIJON.lat, 5);
		const decoded = decode(await tiles.boundaries(tile));
		expect(Object.keys(decoded.layers).sort()).toEqual(['departement', 'labels', 'region']);
		expect(features(decoded.layers.region).map((f) => f.properties)).toEqual([
			{ code: 'reg:27', name: 'Bourgogne-Franche-Comté' }
		]);
		expect(features(decoded.layers.departement).map((f) => f.properties.name)).toEqual([
			'Côte-d’Or'
		]);
		expect(features(decoded.layers.labels).map((f) => f.properties)).toEqual([
			{ kind: 'region', code: 'reg:27', name: 'Bourgogne-Franche-Comté' }
		]);
	});

	it('adds EPCI from zoom 7 and communes from zoom 8', async () => {
		const at7 = decode(await tiles.boundaries(tileAt(DIJON.lon, DIJON.lat, 7)));
		expect(at7.layers.epci?.length).toBe(1);
		expect(at7.layers.commune).toBeUndefined();
		const at8 = decode(await tiles.boundaries(tileAt(DIJON.lon, DIJON.lat, 8)));
		expect(
			features(at8.layers.commune)
				.map((f) => f.properties.code)
				.sort()
		).toEqual(COMMUNES.map((c) => `com:${c}`).sort());
	});

	it('keeps every vertex within the tile and its buffer, in integer tile units', async () => {
		for (const z of [4, 8, 12]) {
			const decoded = decode(await tiles.boundaries(tileAt(DIJON.lon, DIJON.lat, z)));
			for (const name of ['region', 'departement', 'epci', 'commune']) {
				for (const feature of features(decoded.layers[name])) {
					expect(feature.type).toBe(3);
					for (const ring of feature.loadGeometry()) {
						expect(ring.length).toBeGreaterThanOrEqual(4);
						for (const p of ring) {
							expect(Number.isInteger(p.x) && Number.isInteger(p.y)).toBe(true);
							expect(p.x).toBeGreaterThanOrEqual(-64);
							expect(p.x).toBeLessThanOrEqual(4096 + 64);
							expect(p.y).toBeGreaterThanOrEqual(-64);
							expect(p.y).toBeLessThanOrEqual(4096 + 64);
						}
					}
				}
			}
		}
	});

	it('places geometry where it is on the ground: Dijon’s label inside Dijon’s outline', async () => {
		const tile = tileAt(dijonLabel[0], dijonLabel[1], 11);
		const decoded = decode(await tiles.boundaries(tile));
		const label = features(decoded.layers.labels).find((f) => f.properties.code === 'com:21231')!;
		expect(label.properties).toMatchObject({ kind: 'commune', name: 'Dijon' });
		expect(label.properties.population).toBeGreaterThan(150_000);
		const point = label.toGeoJSON(tile.x, tile.y, tile.z) as Feature<Point>;
		// One tile unit at zoom 11 is about 5 m: allow a few.
		expect(point.geometry.coordinates[0]).toBeCloseTo(dijonLabel[0], 3);
		expect(point.geometry.coordinates[1]).toBeCloseTo(dijonLabel[1], 3);
		const outline = features(decoded.layers.commune).find(
			(f) => f.properties.code === 'com:21231'
		)!;
		const polygon = outline.toGeoJSON(tile.x, tile.y, tile.z) as Feature<Polygon>;
		expect(booleanPointInPolygon(point.geometry.coordinates, polygon)).toBe(true);
	});

	it('orders labels by population, largest first', async () => {
		const decoded = decode(await tiles.boundaries(tileAt(DIJON.lon, DIJON.lat, 9)));
		const populations = features(decoded.layers.labels).map((f) => Number(f.properties.population));
		expect(populations.length).toBeGreaterThan(1);
		expect(populations).toEqual([...populations].sort((a, b) => b - a));
	});

	it('answers an empty tile where there is nothing', async () => {
		expect((await tiles.boundaries({ z: 6, x: 0, y: 0 })).byteLength).toBe(0);
	});

	it('gives the region’s bounds to the map', async () => {
		const [w, s, e, n] = (await tiles.bounds())!;
		expect(w).toBeCloseTo(2.85, 1);
		expect(e).toBeCloseTo(7.14, 1);
		expect(s).toBeGreaterThan(46);
		expect(n).toBeLessThan(48.5);
	});
});

describe('GET /tiles/{tileset}/{z}/{x}/{y}.mvt', () => {
	type Event = Parameters<typeof GET>[0];
	const get = (params: Record<string, string>, headers: Record<string, string> = {}) =>
		GET({ params, request: new Request('http://localhost/', { headers }) } as unknown as Event);

	it('serves a cacheable vector tile', async () => {
		const { z, x, y } = tileAt(DIJON.lon, DIJON.lat, 8);
		const response = await get({ tileset: 'boundaries', z: String(z), x: String(x), y: String(y) });
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
		expect(response.headers.get('cache-control')).toBe('public, max-age=86400');
		const decoded = decode(new Uint8Array(await response.arrayBuffer()));
		expect(decoded.layers.commune?.length).toBe(COMMUNES.length);
	});

	it('sends the same tile gzipped to clients that accept it', async () => {
		const { z, x, y } = tileAt(DIJON.lon, DIJON.lat, 8);
		const params = { tileset: 'boundaries', z: String(z), x: String(x), y: String(y) };
		const plain = new Uint8Array(await (await get(params)).arrayBuffer());
		const response = await get(params, { 'accept-encoding': 'gzip, deflate, br' });
		expect(response.headers.get('content-encoding')).toBe('gzip');
		expect(response.headers.get('vary')).toBe('Accept-Encoding');
		const body = new Uint8Array(await response.arrayBuffer());
		expect(body.byteLength).toBeLessThan(plain.byteLength);
		expect(new Uint8Array(gunzipSync(body))).toEqual(plain);
	});

	it('sends an empty tile as an empty body, never gzipped', async () => {
		const response = await get(
			{ tileset: 'boundaries', z: '6', x: '0', y: '0' },
			{ 'accept-encoding': 'gzip' }
		);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-encoding')).toBeNull();
		expect((await response.arrayBuffer()).byteLength).toBe(0);
	});

	it('rejects coordinates outside the grid with a French message', async () => {
		for (const [z, x, y] of [
			['3', '8', '0'],
			['17', '0', '0'],
			['a', '0', '0'],
			['2', '-1', '0']
		]) {
			const response = await get({ tileset: 'boundaries', z: z!, x: x!, y: y! });
			expect(response.status).toBe(400);
			const body = await response.json();
			expect(body.error.parameter).toBe('z/x/y');
			expect(body.error.message).toMatch(/^Tuile invalide/);
		}
	});

	it('answers 404 for an unknown tileset', async () => {
		await expect(get({ tileset: 'roads', z: '0', x: '0', y: '0' })).rejects.toMatchObject({
			status: 404
		});
	});
});
