import { VectorTile, type VectorTileFeature } from '@mapbox/vector-tile';
import Pbf from 'pbf';
import { beforeAll, describe, expect, it } from 'vitest';
import { CATEGORY_CODES, type CategoryCode } from '../../src/lib/domain/categories';
import {
	parseStructureFilters,
	type StructureFilters
} from '../../src/lib/domain/structure-filters';
import type { Sql } from '../../src/lib/server/db';
import * as programmes from '../../src/lib/server/programmes';
import * as structures from '../../src/lib/server/structures';
import { whereClause } from '../../src/lib/server/structures/where';
import * as tiles from '../../src/lib/server/tiles';
import { GET } from '../../src/routes/tiles/[tileset]/[z]/[x]/[y].mvt/+server';
import { freshDatabase } from '../helpers/database';
import { EPCI, insertStructure, seedReference, seedTerritories } from './structures-fixtures';
import { seededRandom } from '../../scripts/lib/seeded-random';

type PbfReader = ConstructorParameters<typeof VectorTile>[0];
type Event = Parameters<typeof GET>[0];

/** The communes of the fixtures' made-up geography, with their boxes. */
const COMMUNES: { code: string; box: [number, number, number, number] }[] = [
	{ code: '21001', box: [4, 47.5, 4.5, 48] },
	{ code: '21002', box: [4.5, 47.5, 5, 48] },
	{ code: '21003', box: [4, 47, 5, 47.5] },
	{ code: '71001', box: [4, 46, 5, 47] },
	{ code: '25001', box: [5, 47, 6, 48] },
	{ code: '25002', box: [5, 46, 6, 47] },
	{ code: '01001', box: [6, 46, 7, 48] }
];
const AREA = { west: 4, south: 46, east: 7, north: 48 };

let sql: Sql;

function decode(bytes: Uint8Array) {
	return new VectorTile(new Pbf(bytes) as unknown as PbfReader);
}

function layerFeatures(bytes: Uint8Array, name: string): VectorTileFeature[] {
	const layer = decode(bytes).layers[name];
	return Array.from({ length: layer?.length ?? 0 }, (_, i) => layer!.feature(i));
}

function tileX(lon: number, z: number) {
	return Math.floor(((lon + 180) / 360) * 2 ** z);
}
function tileY(lat: number, z: number) {
	const rad = (lat * Math.PI) / 180;
	return Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * 2 ** z);
}

/** Every tile of zoom z over the fixtures' area. */
function tilesOver(z: number) {
	const out: { z: number; x: number; y: number }[] = [];
	for (let x = tileX(AREA.west, z); x <= tileX(AREA.east, z); x++)
		for (let y = tileY(AREA.north, z); y <= tileY(AREA.south, z); y++) out.push({ z, x, y });
	return out;
}

/** The tiles of zoom z holding at least one structure (the others hold no cluster). */
async function tilesWithStructures(z: number) {
	const points = await sql<{ lon: number; lat: number }[]>`
		select ST_X(geom) as lon, ST_Y(geom) as lat from structures`;
	const keys = new Set(points.map((p) => `${tileX(p.lon, z)}/${tileY(p.lat, z)}`));
	return [...keys].map((key) => {
		const [x, y] = key.split('/').map(Number);
		return { z, x: x!, y: y! };
	});
}

function filters(query: string): StructureFilters {
	const parsed = parseStructureFilters(new URLSearchParams(query));
	if (!parsed.ok) throw new Error(parsed.message);
	return parsed.value;
}

/** The number of structures matching the filters, counted on the structures themselves. */
async function scanCount(f: StructureFilters): Promise<number> {
	const [row] = await sql<{ n: number }[]>`
		select count(*)::int as n from structures s where ${whereClause(f)}`;
	return row!.n;
}

async function clusterTotals(f: StructureFilters, z: number) {
	let count = 0;
	let byCategory = 0;
	for (const tile of z <= 6 ? tilesOver(z) : await tilesWithStructures(z)) {
		const { raw } = await tiles.encodedStructures(tile, f);
		for (const feature of layerFeatures(raw, tiles.CLUSTERS_LAYER)) {
			const n = feature.properties.count as number;
			count += n;
			const counts = Object.entries(feature.properties).filter(([k]) =>
				k.startsWith(tiles.CATEGORY_COUNT_PREFIX)
			);
			byCategory += counts.reduce((sum, [, v]) => sum + (v as number), 0);
			// The cluster's category is its most frequent one.
			const top = Math.max(...counts.map(([, v]) => v as number));
			expect(
				feature.properties[`${tiles.CATEGORY_COUNT_PREFIX}${feature.properties.category}`]
			).toBe(top);
			const point = feature.loadGeometry()[0]![0]!;
			expect(point.x).toBeGreaterThanOrEqual(0);
			expect(point.x).toBeLessThan(4096);
			expect(point.y).toBeGreaterThanOrEqual(0);
			expect(point.y).toBeLessThan(4096);
		}
	}
	return { count, byCategory };
}

/** Filters the cells answer, and filters that go to the structures of the tile. */
const FILTERS = [
	'',
	'category=ecole',
	'category=fablab-tiers-lieu,college',
	'programme=2',
	'programme=1&category=mediation-numerique',
	'territory=dep:21',
	'territory=aca:besancon&category=ecole',
	'territory=reg:27&programme=3',
	`territory=epci:${EPCI.two}`,
	'territory=com:25001',
	'territory=radius:5,47.5,40000',
	'programme=1,2',
	'bbox=4.2,46.3,5.6,47.8',
	'q=lycee'
];

beforeAll(async () => {
	sql = await freshDatabase();
	await seedReference(sql);
	await seedTerritories(sql);
	const random = seededRandom(13);
	const names = ['École', 'Collège', 'Lycée', 'Atelier', 'Fablab'];
	for (let i = 0; i < 240; i++) {
		const commune = COMMUNES[Math.floor(random() * COMMUNES.length)]!;
		const [w, s, e, n] = commune.box;
		const main = CATEGORY_CODES[Math.floor(random() * CATEGORY_CODES.length)]!;
		const categories: CategoryCode[] =
			main === 'mediation-numerique' && random() < 0.5 ? [main, 'fablab-tiers-lieu'] : [main];
		const programmeCount = Math.floor(random() * 3);
		const numbers = [1, 2, 3].sort(() => random() - 0.5).slice(0, programmeCount);
		await insertStructure(sql, {
			name: `${names[i % names.length]} ${i}`,
			categories,
			// Some structures cluster in one spot, as in a town.
			lon: i % 5 === 0 ? 4.3 + random() * 0.001 : w + 0.01 + random() * (e - w - 0.02),
			lat: i % 5 === 0 ? 47.7 + random() * 0.001 : s + 0.01 + random() * (n - s - 0.02),
			commune: i % 5 === 0 ? '21001' : commune.code,
			status: random() < 0.1 ? 'pending' : 'published',
			programmes: numbers.map((p) => [p, 'contributeur'])
		});
	}
});

describe('structure tiles: clusters', () => {
	it('the counts of the clusters of all tiles add up to the filtered total, at every zoom', async () => {
		for (const query of FILTERS) {
			const f = filters(query);
			const expected = await scanCount(f);
			for (const z of [2, 5, 6, 7, 9, 12]) {
				const totals = await clusterTotals(f, z);
				expect({ query, z, count: totals.count }).toEqual({ query, z, count: expected });
				expect(totals.byCategory).toBe(expected);
			}
		}
	}, 180_000);

	it('filters change the tile', async () => {
		const [tile] = tilesOver(5);
		const all = layerFeatures((await tiles.encodedStructures(tile!, filters(''))).raw, 'clusters');
		const schools = layerFeatures(
			(await tiles.encodedStructures(tile!, filters('category=ecole'))).raw,
			'clusters'
		);
		const sum = (fs: VectorTileFeature[]) =>
			fs.reduce((n, f) => n + (f.properties.count as number), 0);
		expect(sum(schools)).toBe(await scanCount(filters('category=ecole')));
		expect(sum(schools)).toBeLessThan(sum(all));
		for (const feature of schools) expect(feature.properties.category).toBe('ecole');
	});

	it('equal filters share one cache key, in any order or spelling', () => {
		expect(tiles.filtersKey(filters('category=ecole,college&programme=2'))).toBe(
			tiles.filtersKey(filters('programme=2&category=college&category=ecole'))
		);
		expect(tiles.filtersKey(filters('category=ecole'))).not.toBe(
			tiles.filtersKey(filters('category=college'))
		);
	});

	it('counts from the cells equal counts over the structures', async () => {
		for (const query of FILTERS) {
			const f = filters(query);
			expect({ query, n: await structures.count(f) }).toEqual({ query, n: await scanCount(f) });
			const byCategory = await structures.countByCategory(f);
			const scanned = await sql<{ category: string; count: number }[]>`
				select k as category, count(*)::int as count
				from structures s cross join unnest(s.categories) k where ${whereClause(f)}
				group by k`;
			expect(Object.fromEntries(byCategory.map((r) => [r.category, r.count]))).toEqual(
				Object.fromEntries(scanned.map((r) => [r.category, r.count]))
			);
		}
		const listed = await programmes.list();
		for (const p of listed) {
			const [row] = await sql<{ n: number }[]>`
				select count(*)::int as n from structure_programmes sp join structures s on s.id = sp.structure_id
				where sp.programme_number = ${p.number} and s.status = 'published'`;
			expect({ programme: p.number, n: p.structure_count }).toEqual({
				programme: p.number,
				n: row!.n
			});
		}
	});
});

describe('structure tiles: points at high zoom', () => {
	it('carry the id, name and category of each structure of the tile', async () => {
		const z = 13;
		const x = tileX(5.5, z);
		const y = tileY(47.5, z);
		await insertStructure(sql, {
			name: 'Médiathèque du centre',
			categories: ['mediation-numerique', 'fablab-tiers-lieu'],
			lon: 5.5001,
			lat: 47.4999,
			commune: '25001'
		});
		const tile = { z, x, y };
		const features = layerFeatures(
			(await tiles.encodedStructures(tile, filters(''))).raw,
			'structures'
		);
		const expected = await sql<{ id: string; name: string; category: string }[]>`
			select s.id, s.name, s.category from structures s
			where s.status = 'published' and s.geom && ST_MakeEnvelope(
				${(x / 2 ** z) * 360 - 180}::float8,
				${(Math.atan(Math.sinh(Math.PI * (1 - (2 * (y + 1)) / 2 ** z))) * 180) / Math.PI}::float8,
				${((x + 1) / 2 ** z) * 360 - 180}::float8,
				${(Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / 2 ** z))) * 180) / Math.PI}::float8, 4326)`;
		expect(expected.length).toBeGreaterThan(0);
		expect(
			features.map((f) => f.properties).sort((a, b) => String(a.id).localeCompare(String(b.id)))
		).toEqual(expected.sort((a, b) => a.id.localeCompare(b.id)));
		// Asked for fablabs, a mediation place that is also a fablab is drawn as a fablab.
		const fablabs = layerFeatures(
			(await tiles.encodedStructures(tile, filters('category=fablab-tiers-lieu'))).raw,
			'structures'
		);
		expect(
			fablabs.find((f) => f.properties.name === 'Médiathèque du centre')?.properties.category
		).toBe('fablab-tiers-lieu');
	});
});

describe('GET /tiles/structures/{z}/{x}/{y}.mvt', () => {
	const get = (path: string, headers: Record<string, string> = {}) => {
		const url = new URL(`http://localhost/tiles/structures/${path}`);
		const [z, x, y] = url.pathname.split('/').slice(3);
		return GET({
			params: { tileset: 'structures', z, x, y: y!.replace(/\.mvt$/, '') },
			url,
			request: new Request(url, { headers })
		} as unknown as Event);
	};
	const tile = { z: 6, x: tileX(4.3, 6), y: tileY(47.7, 6) };
	const path = `${tile.z}/${tile.x}/${tile.y}.mvt`;
	const total = async (response: Response) =>
		layerFeatures(new Uint8Array(await response.arrayBuffer()), 'clusters').reduce(
			(n, f) => n + (f.properties.count as number),
			0
		);

	it('a write invalidates the cached tile: new ETag, new counts', async () => {
		const first = await get(path);
		expect(first.status).toBe(200);
		expect(first.headers.get('cache-control')).toBe('public, no-cache');
		const etag = first.headers.get('etag')!;
		expect(etag).toMatch(/^W\/".+"$/);
		const before = await total(first);
		expect((await get(path, { 'If-None-Match': etag })).status).toBe(304);

		const id = await insertStructure(sql, {
			name: 'École nouvelle',
			categories: ['ecole'],
			lon: 4.31,
			lat: 47.71,
			commune: '21001'
		});
		const second = await get(path, { 'If-None-Match': etag });
		expect(second.status).toBe(200);
		expect(second.headers.get('etag')).not.toBe(etag);
		expect(await total(second)).toBe(before + 1);

		await sql`update structures set status = 'archived' where id = ${id}`;
		expect(await total(await get(path))).toBe(before);
		await sql`delete from structures where id = ${id}`;
		expect(await total(await get(path))).toBe(before);
	});

	it('programme and category changes move structures between filtered tiles', async () => {
		const query = `${path}?programme=3&category=ecole`;
		const before = await total(await get(query));
		const id = await insertStructure(sql, {
			name: 'École du programme',
			categories: ['college'],
			lon: 4.32,
			lat: 47.72,
			commune: '21001'
		});
		expect(await total(await get(query))).toBe(before);
		await sql`insert into structure_programmes (structure_id, programme_number, role)
			values (${id}, 3, 'contributeur')`;
		expect(await total(await get(query))).toBe(before);
		await sql`update structures set category = 'ecole', categories = '{ecole}' where id = ${id}`;
		expect(await total(await get(query))).toBe(before + 1);
		await sql`delete from structure_programmes where structure_id = ${id}`;
		expect(await total(await get(query))).toBe(before);
	});

	it('sends gzip to clients that accept it', async () => {
		const response = await get(path, { 'Accept-Encoding': 'gzip, br' });
		expect(response.headers.get('content-encoding')).toBe('gzip');
	});

	it('refuses bad filters with a French message naming the parameter', async () => {
		const response = await get(`${path}?category=licorne`);
		expect(response.status).toBe(400);
		const body = (await response.json()) as { error: { message: string; parameter: string } };
		expect(body.error.parameter).toBe('category');
		expect(body.error.message).toContain('catégorie');
	});
});

describe('structure tiles: a dense place at high zoom', () => {
	it('stays in clusters beyond MAX_POINTS structures, whatever the filters', async () => {
		const lon = 4.123;
		const lat = 47.789;
		await sql`
			insert into structures (slug, name, category, categories, commune_code, geom, source, dataset_id)
			select 'dense-' || i, 'Dense ' || i, 'ecole', '{ecole}', '21001',
				ST_SetSRID(ST_MakePoint(${lon} + (i % 50) / 100000.0, ${lat} + (i / 50) / 100000.0), 4326),
				'import:test-data', 'test-data'
			from generate_series(1, ${tiles.MAX_POINTS + 100}) i`;
		const tile = { z: 14, x: tileX(lon, 14), y: tileY(lat, 14) };
		// The cells answer the first; the commune filter goes to the structures of the tile.
		for (const query of ['', 'territory=com:21001']) {
			const f = filters(query);
			const bytes = (await tiles.encodedStructures(tile, f)).raw;
			expect(layerFeatures(bytes, 'structures')).toHaveLength(0);
			const clusters = layerFeatures(bytes, 'clusters');
			const n = 2 ** tile.z;
			const latOf = (y: number) =>
				(Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / n))) * 180) / Math.PI;
			const [inTile] = await sql<{ n: number }[]>`
				select count(*)::int as n from structures s
				where ${whereClause(f)} and s.geom && ST_MakeEnvelope(
					${(tile.x / n) * 360 - 180}::float8, ${latOf(tile.y + 1)}::float8,
					${((tile.x + 1) / n) * 360 - 180}::float8, ${latOf(tile.y)}::float8, 4326)`;
			expect(inTile!.n).toBeGreaterThan(tiles.MAX_POINTS);
			expect(clusters.reduce((sum, c) => sum + (c.properties.count as number), 0)).toBe(inTile!.n);
		}
	});
});
