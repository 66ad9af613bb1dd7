import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { VectorTile } from '@mapbox/vector-tile';
import Pbf from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Sql } from '../../src/lib/server/db';
import { freshDatabase } from '../helpers/database';
import { startMeilisearch, type TestMeilisearch } from '../helpers/meilisearch';
import { insertStructure, seedReference, seedTerritories } from './structures-fixtures';

/**
 * Two app processes (two Vite dev servers, each its own Node process) on one database and one
 * Meilisearch, as behind a load balancer: a write made elsewhere shows in the structure tiles
 * of both (each had the tile cached: the map data version is read from the database), and the
 * outbox rows are pushed to Meilisearch once, whichever process's relay takes them.
 */
type PbfReader = ConstructorParameters<typeof VectorTile>[0];

let sql: Sql;
let meili: TestMeilisearch;
const apps: { process: ChildProcess; base: string }[] = [];
const INDEX = `two_processes_${Date.now()}`;
/** Zoom-6 tile over the fixtures' Côte-d'Or (lon 4–5, lat 47–48). */
const TILE = '6/32/22';

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
		server.on('error', reject);
	});
}

async function startApp(schema: string): Promise<{ process: ChildProcess; base: string }> {
	const port = await freePort();
	const url = new URL(inject('databaseUrl'));
	url.searchParams.set('search_path', `${schema},public`);
	const child = spawn(
		process.execPath,
		[
			'node_modules/vite/bin/vite.js',
			'dev',
			'--host',
			'127.0.0.1',
			'--port',
			String(port),
			'--strictPort'
		],
		{
			env: {
				...process.env,
				DATABASE_URL: url.toString(),
				AUTO_IMPORT: 'false',
				MEILI_URL: meili.url,
				MEILI_MASTER_KEY: meili.apiKey,
				MEILI_INDEX: INDEX,
				LOG_LEVEL: 'silent'
			},
			stdio: 'ignore'
		}
	);
	const base = `http://127.0.0.1:${port}`;
	const app = { process: child, base };
	apps.push(app);
	// The first request compiles the app and opens the database: wait for it.
	for (let i = 0; i < 600; i++) {
		const ok = await fetch(`${base}/tiles/structures/${TILE}.mvt`)
			.then((r) => r.ok)
			.catch(() => false);
		if (ok) return app;
		await new Promise((r) => setTimeout(r, 500));
	}
	throw new Error(`App on port ${port} did not start`);
}

async function tileCount(base: string): Promise<number> {
	const response = await fetch(`${base}/tiles/structures/${TILE}.mvt`);
	expect(response.status).toBe(200);
	const tile = new VectorTile(
		new Pbf(new Uint8Array(await response.arrayBuffer())) as unknown as PbfReader
	);
	const layer = tile.layers.clusters;
	let count = 0;
	for (let i = 0; i < (layer?.length ?? 0); i++)
		count += layer!.feature(i).properties.count as number;
	return count;
}

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
	await Promise.all([startApp(schema), startApp(schema)]);
}, 400_000);

afterAll(async () => {
	for (const app of apps) app.process.kill('SIGTERM');
	await Promise.all(
		apps.map(
			(app) =>
				new Promise<void>((resolve) => {
					if (app.process.exitCode !== null) return resolve();
					app.process.once('exit', () => resolve());
					setTimeout(() => {
						app.process.kill('SIGKILL');
						resolve();
					}, 5000);
				})
		)
	);
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
