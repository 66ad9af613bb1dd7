import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Sql } from '../../src/lib/server/db';
import {
	clusteredCount,
	startAppProcess,
	stopAppProcesses,
	type AppProcess
} from '../helpers/app-process';
import { freshDatabase } from '../helpers/database';
import { startMeilisearch, type TestMeilisearch } from '../helpers/meilisearch';
import { insertStructure, seedReference, seedTerritories } from './structures-fixtures';

/**
 * Two app processes (two Vite dev servers, each its own Node process) on one database and one
 * Meilisearch, as behind a load balancer: a write made elsewhere shows in the structure tiles
 * of both (each had the tile cached: the map data version is read from the database), and the
 * outbox rows are pushed to Meilisearch once, whichever process's relay takes them.
 */
let sql: Sql;
let meili: TestMeilisearch;
const apps: AppProcess[] = [];
const INDEX = `two_processes_${Date.now()}`;
/** Zoom-6 tile over the fixtures' Côte-d'Or (lon 4–5, lat 47–48). */
const TILE = '6/32/22';

async function startApp(schema: string): Promise<AppProcess> {
	const url = new URL(inject('databaseUrl'));
	url.searchParams.set('search_path', `${schema},public`);
	const app = await startAppProcess(
		{
			DATABASE_URL: url.toString(),
			MEILI_URL: meili.url,
			MEILI_MASTER_KEY: meili.apiKey,
			MEILI_INDEX: INDEX
		},
		`/tiles/structures/${TILE}.mvt`
	);
	apps.push(app);
	return app;
}

const tileCount = (base: string) => clusteredCount(base, TILE);

/** Polls until `read` returns what is expected, or gives up and returns the last value. */
async function eventually<T>(read: () => Promise<T>, expected: T, attempts = 60): Promise<T> {
	let value = await read();
	for (let i = 0; i < attempts && value !== expected; i++) {
		await new Promise((r) => setTimeout(r, 250));
		value = await read();
	}
	return value;
}

beforeAll(async () => {
	sql = await freshDatabase();
	await seedReference(sql);
	await seedTerritories(sql);
	for (let i = 0; i < 5; i++)
		await insertStructure(sql, {
			name: `École de Bèze ${i}`,
			categories: ['ecole'],
			lon: 4.6 + i / 100,
			lat: 47.7,
			commune: '21002'
		});
	meili = await startMeilisearch();
	const [{ schema }] = (await sql`select current_schema() as schema`) as unknown as [
		{ schema: string }
	];
	// One after the other: two first starts at once race on Vite's dependency cache.
	await startApp(schema);
	await startApp(schema);
}, 900_000);

afterAll(async () => {
	await stopAppProcesses(apps);
	await meili?.stop();
});

describe('two app processes on one database', () => {
	it('a write shows in the cached structure tiles of both processes', async () => {
		const [a, b] = apps;
		expect(await tileCount(a!.base)).toBe(5);
		expect(await tileCount(b!.base)).toBe(5);
		await insertStructure(sql, {
			name: 'Collège de Bèze',
			categories: ['college'],
			lon: 4.7,
			lat: 47.8,
			commune: '21002'
		});
		expect(await eventually(() => tileCount(a!.base), 6)).toBe(6);
		expect(await eventually(() => tileCount(b!.base), 6)).toBe(6);
		await sql`update structures set status = 'archived' where name = 'École de Bèze 0'`;
		expect(await eventually(() => tileCount(b!.base), 5)).toBe(5);
		expect(await eventually(() => tileCount(a!.base), 5)).toBe(5);
	});

	it('the outbox reaches Meilisearch once, and both processes find the new structure', async () => {
		const [a, b] = apps;
		const id = await insertStructure(sql, {
			name: 'Fablab Zéphyrin',
			categories: ['fablab-tiers-lieu'],
			lon: 4.8,
			lat: 47.6,
			commune: '21002'
		});
		const found = async (base: string) => {
			const response = await fetch(`${base}/api/v1/search?q=zephyrin`);
			const body = (await response.json()) as { engine: string; hits: { id: string }[] };
			return body.engine === 'meilisearch' && body.hits.some((h) => h.id === id);
		};
		expect(await eventually(() => found(a!.base), true, 120)).toBe(true);
		expect(await eventually(() => found(b!.base), true, 120)).toBe(true);
		// The relay marks a row done once Meilisearch reports its task, just after the document shows.
		const allProcessed = async () => {
			const rows = await sql<{ processed: boolean }[]>`
				select processed_at is not null as processed from search_outbox where structure_id = ${id}`;
			return rows.length > 0 && rows.every((r) => r.processed);
		};
		expect(await eventually(allProcessed, true, 120)).toBe(true);
	});
});
