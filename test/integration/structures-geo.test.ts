import { beforeAll, describe, expect, it } from 'vitest';
import {
	decodeCursor,
	emptyFilters,
	type StructureFilters
} from '../../src/lib/domain/structure-filters';
import type { Sql } from '../../src/lib/server/db';
import * as structures from '../../src/lib/server/structures';
import { freshDatabase } from '../helpers/database';
import { insertStructure, seedReference, seedTerritories } from './structures-fixtures';

/** Great-circle distance on the sphere PostGIS uses for geography (mean radius of WGS 84). */
function haversine(lon1: number, lat1: number, lon2: number, lat2: number): number {
	const R = 6371008.8;
	const rad = Math.PI / 180;
	const dLat = (lat2 - lat1) * rad;
	const dLon = (lon2 - lon1) * rad;
	const a =
		Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
	return 2 * R * Math.asin(Math.sqrt(a));
}

/** A deterministic pseudo-random sequence, so that a failure can be replayed. */
function random(seed: number) {
	return () => {
		seed = (seed * 1103515245 + 12345) % 2 ** 31;
		return seed / 2 ** 31;
	};
}

const CENTER = { lon: 5.041, lat: 47.322 };
const points: { id: string; lon: number; lat: number; name: string }[] = [];
let sql: Sql;

beforeAll(async () => {
	sql = await freshDatabase();
	await seedReference(sql);
	await seedTerritories(sql);
	const next = random(42);
	const rows = [];
	for (let i = 0; i < 300; i++) {
		const lon = Math.round((CENTER.lon + (next() - 0.5) * 0.8) * 1e6) / 1e6;
		const lat = Math.round((CENTER.lat + (next() - 0.5) * 0.5) * 1e6) / 1e6;
		// Few distinct names, so that pages often split a run of equal names (ties broken by id).
		rows.push({ name: `Lieu ${String(i % 7)}`, lon, lat, category: i % 3 ? 'ecole' : 'college' });
	}
	for (const row of rows) {
		const id = await insertStructure(sql, {
			name: row.name,
			categories: [row.category as 'ecole' | 'college'],
			lon: row.lon,
			lat: row.lat,
			commune: '21003'
		});
		points.push({ id, ...row });
	}
});

const radius = (meters: number): StructureFilters => ({
	...emptyFilters(),
	territory: { kind: 'radius', ...CENTER, meters }
});

describe('radius and nearest', () => {
	it('selects exactly the points whose great-circle distance is within the radius', async () => {
		for (const meters of [1_000, 8_000, 15_000, 40_000]) {
			const page = await structures.list(radius(meters), { limit: 500 });
			const expected = points
				.filter((p) => haversine(CENTER.lon, CENTER.lat, p.lon, p.lat) <= meters)
				.map((p) => p.id)
				.sort();
			// No point sits within a metre of the circle, where rounding could decide either way.
			expect(
				points.filter((p) => Math.abs(haversine(CENTER.lon, CENTER.lat, p.lon, p.lat) - meters) < 1)
			).toEqual([]);
			expect(page.items.map((s) => s.id).sort()).toEqual(expected);
			expect(page.total).toBe(expected.length);
		}
		const some = (await structures.list(radius(15_000), { limit: 500 })).total;
		expect(some).toBeGreaterThan(20);
		expect(some).toBeLessThan(points.length);
	});

	it('orders the nearest structures by distance, with the distance in metres', async () => {
		const near = await structures.nearest(CENTER.lon, CENTER.lat, { limit: 12 });
		const expected = points
			.map((p) => ({ id: p.id, d: haversine(CENTER.lon, CENTER.lat, p.lon, p.lat) }))
			.sort((a, b) => a.d - b.d)
			.slice(0, 12);
		expect(near.map((s) => s.id)).toEqual(expected.map((e) => e.id));
		near.forEach((s, i) => expect(s.distance_m).toBeCloseTo(expected[i]!.d, 1));
		const colleges = await structures.nearest(CENTER.lon, CENTER.lat, {
			categories: ['college'],
			limit: 5
		});
		expect(colleges).toHaveLength(5);
		expect(colleges.every((s) => s.categories[0] === 'college')).toBe(true);
	});
});

describe('pagination', () => {
	it('walks every page without duplicates or gaps, in the list’s (list_key, id) order, with the right total', async () => {
		for (const [filters, limit] of [
			[emptyFilters(), 7],
			[radius(20_000), 13],
			[{ ...emptyFilters(), categories: ['college'] } as StructureFilters, 500]
		] as const) {
			const all = await sql<{ id: string }[]>`
				select s.id from structures s where s.status = 'published'
				and (${filters.categories.length === 0} or s.categories && ${filters.categories as string[]}::text[])
				order by s.list_key, s.id`;
			const expected = filters.territory ? null : all.map((r) => r.id);
			const seen: string[] = [];
			let cursor = null;
			let pages = 0;
			let total = -1;
			do {
				const page = await structures.list(filters, {
					limit,
					cursor: cursor ? decodeCursor(cursor) : null
				});
				expect(page.items.length).toBeLessThanOrEqual(limit);
				if (page.next) expect(page.items).toHaveLength(limit);
				if (total >= 0) expect(page.total).toBe(total);
				total = page.total;
				seen.push(...page.items.map((s) => s.id));
				cursor = page.next;
				pages++;
			} while (cursor && pages < 1000);
			expect(new Set(seen).size).toBe(seen.length);
			expect(seen).toHaveLength(total);
			if (expected) expect(seen).toEqual(expected);
			else
				expect(seen.sort()).toEqual(
					(await structures.list(filters, { limit: 500 })).items.map((s) => s.id).sort()
				);
		}
	});
});
