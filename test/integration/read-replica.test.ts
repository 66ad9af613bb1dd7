import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Sql } from '../../src/lib/server/db';
import { connect } from '../../src/lib/server/db/connection';
import { migrate } from '../../src/lib/server/db/migrate';
import {
	clusteredCount,
	startAppProcess,
	stopAppProcesses,
	type AppProcess
} from '../helpers/app-process';
import { freshDatabase } from '../helpers/database';
import { insertStructure, seedReference, seedTerritories } from './structures-fixtures';

/**
 * Read replicas. A "replica" here is a second schema reached through connections whose
 * transactions are read-only (`default_transaction_read_only=on`, as on a hot standby), with
 * other structures than the primary's, so that each answer tells which database gave it:
 * - a process with READ_ONLY=true and DATABASE_URL on the replica starts and serves the map,
 *   the tiles, the public API and the search, and refuses writes with a French message;
 * - a process with DATABASE_URL on the primary and DATABASE_READ_URL on the replica reads the
 *   tiles and the public API from the replica (with its replicated map data version), the
 *   pages from the primary, and keeps its search counters on the primary.
 */
let primary: Sql;
let replicaWriter: Sql;
let replicaSchema: string;
const apps: AppProcess[] = [];
const TILE = '6/32/22';

function schemaUrl(schema: string, readOnly: boolean): string {
	const url = new URL(inject('databaseUrl'));
	url.searchParams.set('search_path', `${schema},public`);
	if (readOnly) url.searchParams.set('default_transaction_read_only', 'on');
	return url.toString();
}

async function startApp(env: Record<string, string>): Promise<string> {
	const app = await startAppProcess(env, `/tiles/structures/${TILE}.mvt`);
	apps.push(app);
	return app.base;
}

const tileCount = (base: string) => clusteredCount(base, TILE);

async function apiTotal(base: string): Promise<number> {
	const response = await fetch(`${base}/api/v1/structures?limit=1`);
	expect(response.status).toBe(200);
	return ((await response.json()) as { total: number }).total;
}

async function seed(sql: Sql, prefix: string, count: number) {
	await seedReference(sql);
	await seedTerritories(sql);
	for (let i = 0; i < count; i++)
		await insertStructure(sql, {
			name: `${prefix} ${i}`,
			categories: ['ecole'],
			lon: 4.6 + i / 100,
			lat: 47.7,
			commune: '21002'
		});
}

let onReplica: string;
let split: string;

beforeAll(async () => {
	primary = await freshDatabase();
	await seed(primary, 'École primaire', 5);
	const [{ schema }] = (await primary`select current_schema() as schema`) as unknown as [
		{ schema: string }
	];
	replicaSchema = `replica_${schema}`;
	const admin = postgres(inject('databaseUrl'), { max: 1, onnotice: () => {} });
	await admin.unsafe(`create schema ${replicaSchema}`);
	await admin.end();
	// What replication would have copied: the same schema, other rows.
	replicaWriter = await connect({ url: inject('databaseUrl'), dataDir: '', schema: replicaSchema });
	await migrate(replicaWriter);
	await seed(replicaWriter, 'École répliquée', 3);
	// One after the other: two first starts at once race on Vite's dependency cache.
	onReplica = await startApp({ READ_ONLY: 'true', DATABASE_URL: schemaUrl(replicaSchema, true) });
	split = await startApp({
		DATABASE_URL: schemaUrl(schema, false),
		DATABASE_READ_URL: schemaUrl(replicaSchema, true)
	});
}, 900_000);

afterAll(async () => {
	await stopAppProcesses(apps);
	await replicaWriter?.unsafe(`drop schema ${replicaSchema} cascade`);
	await replicaWriter?.end();
});

describe('read replicas', () => {
	it('the replica connections refuse writes (the test stands for a hot standby)', async () => {
		const reader = postgres(schemaUrl(replicaSchema, true), { max: 1, onnotice: () => {} });
		try {
			await expect(reader`update structures set name = name`).rejects.toThrow(/read-only/);
			const [row] = await reader<{ n: number }[]>`select count(*)::int as n from structures`;
			expect(row!.n).toBe(3);
		} finally {
			await reader.end();
		}
	});

	it('a READ_ONLY process runs on the replica: map, tiles, API and search answer', async () => {
		expect(await tileCount(onReplica)).toBe(3);
		expect(await apiTotal(onReplica)).toBe(3);
		const search = await fetch(`${onReplica}/api/v1/search?q=ecole`);
		expect(search.status).toBe(200);
		const body = (await search.json()) as { total: number; hits: { name: string }[] };
		expect(body.total).toBe(3);
		expect(body.hits.every((h) => h.name.startsWith('École répliquée'))).toBe(true);
		const page = await fetch(`${onReplica}/`);
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('École répliquée 0');
	});

	it('a READ_ONLY process refuses writes with a French message, and nothing changes', async () => {
		// A sign-in would write a session, a counter and the security log.
		const response = await fetch(`${onReplica}/compte/connexion`, {
			method: 'POST',
			headers: { origin: onReplica, 'content-type': 'application/x-www-form-urlencoded' },
			body: 'email=personne%40exemple.fr&password=secret-secret-secret'
		});
		expect(response.status).toBe(503);
		expect(await response.text()).toMatch(/ne fait que des lectures/);
		const [row] = await replicaWriter<{ n: number }[]>`
			select (select count(*) from error_reports) + (select count(*) from rate_limits)
				+ (select count(*) from sessions) as n`;
		expect(Number(row!.n)).toBe(0);
	});

	it('DATABASE_READ_URL: tiles and public API from the replica, pages from the primary', async () => {
		expect(await tileCount(split)).toBe(3);
		expect(await apiTotal(split)).toBe(3);
		const page = await (await fetch(`${split}/`)).text();
		expect(page).toContain('École primaire 0');
		expect(page).not.toContain('École répliquée 0');
		// The anonymous search is counted on the primary, though it reads from the replica.
		const search = await fetch(`${split}/api/v1/search?q=ecole`);
		expect(search.status).toBe(200);
		expect(((await search.json()) as { total: number }).total).toBe(3);
		const [counted] = await primary<{ n: number }[]>`
			select count(*)::int as n from rate_limits where key like 'search:ip:%'`;
		expect(counted!.n).toBeGreaterThan(0);
	});

	it('tiles follow the replica: a replicated write shows, a write not yet replicated does not', async () => {
		await insertStructure(primary, {
			name: 'École pas encore répliquée',
			categories: ['ecole'],
			lon: 4.7,
			lat: 47.8,
			commune: '21002'
		});
		await insertStructure(replicaWriter, {
			name: 'École répliquée 3',
			categories: ['ecole'],
			lon: 4.7,
			lat: 47.8,
			commune: '21002'
		});
		// The replica's map data version changed with its rows: the cached tile is dropped.
		expect(await tileCount(split)).toBe(4);
		expect(await tileCount(onReplica)).toBe(4);
		expect(await apiTotal(split)).toBe(4);
	});
});
