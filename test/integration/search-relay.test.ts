import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { emptyFilters } from '../../src/lib/domain/structure-filters';
import type { Sql } from '../../src/lib/server/db';
import * as search from '../../src/lib/server/search';
import {
	documentRows,
	toDocument,
	type SearchDocument
} from '../../src/lib/server/search/document';
import { ensureIndex, rebuild } from '../../src/lib/server/search/index-admin';
import { meiliClient, type MeiliTarget } from '../../src/lib/server/search/meili';
import { claim, tidy } from '../../src/lib/server/search/outbox';
import { relayOnce, relayUntilIdle } from '../../src/lib/server/search/relay';
import { SETTINGS_VERSION } from '../../src/lib/server/search/settings';
import { freshDatabase } from '../helpers/database';
import { startMeilisearch, type TestMeilisearch } from '../helpers/meilisearch';
import { insertSeed, seedSearchFixtures, type Fixture } from './search-fixtures';

/**
 * The outbox → Meilisearch relay: what Postgres says is what the index holds, whatever fails
 * in between.
 */
let sql: Sql;
let meili: TestMeilisearch;
let ids: Fixture;
let target: MeiliTarget;

beforeAll(async () => {
	sql = await freshDatabase();
	meili = await startMeilisearch({ own: true });
	ids = await seedSearchFixtures(sql);
	target = { url: meili.url, apiKey: meili.apiKey, index: `relay_${Date.now()}` };
	search.useMeilisearch(target);
	await ensureIndex(sql, target);
});

afterAll(async () => {
	await search.stopRelay();
	await meili?.stop();
});

beforeEach(() => search.useMeilisearch(target));

async function indexed(): Promise<SearchDocument[]> {
	const { results } = await meiliClient('admin')
		.index<SearchDocument>(target.index)
		.getDocuments({ limit: 10_000 });
	return results.sort((a, b) => a.id.localeCompare(b.id));
}

async function expected(): Promise<SearchDocument[]> {
	const rows = await documentRows(sql, { after: null, limit: 10_000 });
	return rows.map(toDocument).sort((a, b) => a.id.localeCompare(b.id));
}

const pending = async () =>
	(
		await sql<
			{ n: number }[]
		>`select count(*)::int as n from search_outbox where processed_at is null`
	)[0]!.n;

const rename = (id: string, name: string) =>
	sql`update structures set name = ${name}, version = version + 1, updated_at = now() where id = ${id}`;

describe('the first build', () => {
	it('indexes every published structure and marks the outbox done', async () => {
		expect(await indexed()).toEqual(await expected());
		expect((await indexed()).length).toBe(13);
		expect(await pending()).toBe(0);
		const [state] = await sql<{ settings_version: number }[]>`
			select settings_version from search_index_state where index_name = ${target.index}`;
		expect(state?.settings_version).toBe(SETTINGS_VERSION);
	});

	it('puts no contact and no e-mail or phone in the index', async () => {
		const text = JSON.stringify(await indexed());
		expect(text).not.toContain('camille');
		expect(text).not.toContain('Camille');
		expect(text).not.toContain('example.org');
		expect(text).not.toContain('03 ');
		for (const document of await indexed()) {
			expect(document).not.toHaveProperty('email');
			expect(document).not.toHaveProperty('phone');
			expect(document).not.toHaveProperty('contacts');
		}
	});
});

describe('the relay', () => {
	it('pushes updates, unpublications and deletions', async () => {
		await rename(ids['msap-saulieu']!, 'France Services de Saulieu');
		await sql`update structures set status = 'archived' where id = ${ids['clg-pasteur-dole']!}`;
		await sql`delete from structures where id = ${ids['fab-lab-luxeuil']!}`;
		const added = await insertSeed(sql, {
			name: 'Tiers-lieu de la Charité',
			categories: ['fablab-tiers-lieu'],
			commune: '58194',
			lon: 3.16,
			lat: 46.99
		});
		const report = await relayUntilIdle(sql, target);
		expect(report).toMatchObject({ structures: 4, upserted: 2, deleted: 2 });
		expect(await pending()).toBe(0);
		const documents = await indexed();
		expect(documents).toEqual(await expected());
		expect(documents.map((d) => d.id)).toContain(added);
		expect(documents.map((d) => d.id)).not.toContain(ids['clg-pasteur-dole']);
		const found = await search.search(search.searchQuery({ ...emptyFilters(), q: 'saulieu' }));
		expect(found.engine).toBe('meilisearch');
		expect(found.hits[0]!.name).toBe('France Services de Saulieu');
	});

	it('coalesces many changes of one structure into one push', async () => {
		for (let i = 1; i <= 5; i++) await rename(ids['epn-chenove']!, `Espace numérique ${i}`);
		await sql`insert into structure_programmes (structure_id, programme_number, role)
			values (${ids['epn-chenove']!}, 6, 'partenaire')`;
		expect(await pending()).toBe(6);
		const report = await relayOnce(sql, target);
		expect(report).toEqual({ structures: 1, rows: 6, upserted: 1, deleted: 0 });
		const document = (await indexed()).find((d) => d.id === ids['epn-chenove'])!;
		expect(document.name).toBe('Espace numérique 5');
		expect(document.programmes).toEqual([6]);
	});

	it('is idempotent: replaying rows changes nothing', async () => {
		const before = await indexed();
		await sql`update search_outbox set processed_at = null`;
		await relayUntilIdle(sql, target);
		expect(await indexed()).toEqual(before);
		expect(await pending()).toBe(0);
	});

	it('never lets two relays hold the same structure', async () => {
		await rename(ids['lead']!, 'LEAD');
		await rename(ids['lp-dijon']!, 'Lycée Le Castel');
		await rename(ids['lead']!, 'LEAD – UMR 5022');
		const [first, second] = await Promise.all([
			claim(sql, target.index, { limit: 1, dueOnly: true }),
			claim(sql, target.index, { limit: 10, dueOnly: true })
		]);
		expect(first.structureIds.length + second.structureIds.length).toBe(2);
		expect(new Set([...first.structureIds, ...second.structureIds]).size).toBe(2);
		// Every row of a claimed structure goes with it.
		expect(first.rowIds.length + second.rowIds.length).toBe(3);
		expect(await claim(sql, target.index, { limit: 10, dueOnly: false })).toEqual({
			rowIds: [],
			structureIds: []
		});
		await sql`update search_outbox set leased_until = null where processed_at is null`;
		await relayUntilIdle(sql, target);
		expect(await indexed()).toEqual(await expected());
	});

	it('keeps the rows, with the error and a backoff, when Meilisearch is unreachable', async () => {
		await rename(ids['mfs-planoise']!, 'France Services Planoise');
		const unreachable = { ...target, url: 'http://127.0.0.1:9' };
		search.useMeilisearch(unreachable);
		await expect(relayOnce(sql, unreachable)).rejects.toThrow();
		const [row] = await sql<
			{ attempts: number; last_error: string | null; later: boolean; processed: boolean }[]
		>`
			select attempts, last_error, next_attempt_at > now() as later,
				processed_at is not null as processed
			from search_outbox where structure_id = ${ids['mfs-planoise']!} order by id desc limit 1`;
		expect(row).toMatchObject({ attempts: 1, later: true, processed: false });
		expect(row!.last_error).toBeTruthy();
		// Not due yet: a regular pass leaves it; an operator's sync takes it now.
		search.useMeilisearch(target);
		expect((await relayOnce(sql, target)).rows).toBe(0);
		expect((await relayUntilIdle(sql, target, { dueOnly: false })).rows).toBe(1);
		expect(await pending()).toBe(0);
	});

	it('never writes to an index that has disappeared, and rebuilds it', async () => {
		await meiliClient('admin').deleteIndex(target.index).waitTask();
		await rename(ids['lead']!, 'LEAD – index perdu');
		await expect(relayOnce(sql, target)).rejects.toThrow();
		await expect(meiliClient('admin').getRawIndex(target.index)).rejects.toThrow();
		expect(await ensureIndex(sql, target)).toBe('rebuilt');
		await relayUntilIdle(sql, target, { dueOnly: false });
		expect(await indexed()).toEqual(await expected());
	});

	it('runs in process and catches up on its own', async () => {
		await search.stopRelay();
		search.startRelay();
		await rename(ids['inspe-nevers']!, 'INSPE site de Nevers');
		await until(async () => (await indexed()).some((d) => d.name === 'INSPE site de Nevers'));
		await search.stopRelay();
		expect(await pending()).toBe(0);
	});
});

describe('tidying the outbox', () => {
	it('drops old processed rows only, while Meilisearch is in use', async () => {
		await rename(ids['lead']!, 'LEAD (à relayer)');
		await sql`update search_outbox set enqueued_at = now() - interval '30 days',
			processed_at = case when processed_at is null then null else now() - interval '8 days' end`;
		const pendingBefore = await pending();
		expect(pendingBefore).toBeGreaterThan(0);
		expect(await tidy(sql, true)).toBeGreaterThan(0);
		expect(await pending()).toBe(pendingBefore);
		const [{ n }] = (await sql`select count(*)::int as n from search_outbox`) as unknown as [
			{ n: number }
		];
		expect(n).toBe(pendingBefore);
		await relayUntilIdle(sql, target, { dueOnly: false });
	});

	it('without Meilisearch, drops every old row and marks indexes for a rebuild', async () => {
		await rename(ids['lead']!, 'LEAD (sans Meilisearch)');
		await sql`update search_outbox set enqueued_at = now() - interval '2 hours'`;
		expect(await tidy(sql, false)).toBeGreaterThan(0);
		expect(await pending()).toBe(0);
		expect(await ensureIndex(sql, target)).toBe('rebuilt');
		expect(await indexed()).toEqual(await expected());
	});
});

describe('a rebuild', () => {
	it('happens when the index was built by an older version of the settings', async () => {
		await sql`update search_index_state set settings_version = 1 where index_name = ${target.index}`;
		expect(await ensureIndex(sql, target)).toBe('rebuilt');
		const [state] = await sql<{ settings_version: number }[]>`
			select settings_version from search_index_state where index_name = ${target.index}`;
		expect(state?.settings_version).toBe(SETTINGS_VERSION);
		expect(await ensureIndex(sql, target)).toBe('ready');
		expect(await indexed()).toEqual(await expected());
	});

	it('swaps a fresh index in and leaves no other index behind', async () => {
		await sql`update search_index_state set settings_version = 0 where index_name = ${target.index}`;
		const report = await rebuild(sql, target);
		expect(report.documents).toBe((await expected()).length);
		expect(await indexed()).toEqual(await expected());
		const { results } = await meiliClient('admin').getIndexes({ limit: 100 });
		expect(results.map((i) => i.uid).filter((uid) => uid.startsWith(target.index))).toEqual([
			target.index
		]);
		const [state] = await sql<{ settings_version: number; rebuilding_until: Date | null }[]>`
			select settings_version, rebuilding_until from search_index_state
			where index_name = ${target.index}`;
		expect(state).toEqual({ settings_version: SETTINGS_VERSION, rebuilding_until: null });
	});

	it('runs one at a time, and relays wait for it', async () => {
		await sql`update search_index_state set rebuilding_until = now() + interval '1 minute'
			where index_name = ${target.index}`;
		await rename(ids['lead']!, 'LEAD (rebuild)');
		await expect(rebuild(sql, target)).rejects.toThrow(/already running/);
		expect((await relayOnce(sql, target)).rows).toBe(0);
		await sql`update search_index_state set rebuilding_until = null where index_name = ${target.index}`;
		expect((await relayOnce(sql, target)).rows).toBe(1);
	});
});

describe('when Meilisearch dies in the middle of a series of updates', () => {
	it('answers from Postgres meanwhile, then loses and duplicates nothing', async () => {
		const archived = ids['msap-saulieu']!;
		const names = Object.keys(ids).filter((k) => k !== 'pending-college' && k !== 'msap-saulieu');
		const live = async () =>
			(await sql<{ id: string }[]>`select id from structures where status = 'published'`).map(
				(r) => r.id
			);
		const candidates = (await live()).filter((id) => names.some((k) => ids[k] === id));
		for (let i = 0; i < 30; i++) {
			const id = candidates[i % candidates.length]!;
			await rename(id, `Structure ${i} après la panne`);
			if (i === 5) await sql`update structures set status = 'archived' where id = ${archived}`;
			if (i === 10) await meili.kill();
			if (i === 20)
				await insertSeed(sql, {
					name: 'Tiers-lieu créé pendant la panne',
					categories: ['fablab-tiers-lieu'],
					commune: '21231',
					lon: 5.04,
					lat: 47.32
				});
			if (i < 10) await relayOnce(sql, target);
			else {
				await relayOnce(sql, target).catch(() => undefined);
				const result = await search.search(
					search.searchQuery({ ...emptyFilters(), q: `structure ${i} apres la panne` })
				);
				expect(result.engine).toBe('postgres');
				expect(result.hits[0]!.name).toBe(`Structure ${i} après la panne`);
			}
		}
		expect(await pending()).toBeGreaterThan(0);

		await meili.restart();
		search.useMeilisearch(target);
		await relayUntilIdle(sql, target, { dueOnly: false });
		expect(await pending()).toBe(0);
		const documents = await indexed();
		const wanted = await expected();
		expect(documents.length).toBe(wanted.length);
		expect(new Set(documents.map((d) => d.id)).size).toBe(documents.length);
		expect(documents).toEqual(wanted);
		const stats = await meiliClient('admin').index(target.index).getStats();
		expect(stats.numberOfDocuments).toBe(wanted.length);
		const found = await search.search(
			search.searchQuery({ ...emptyFilters(), q: 'tiers-lieu créé pendant la panne' })
		);
		expect(found.engine).toBe('meilisearch');
		expect(found.hits[0]!.name).toBe('Tiers-lieu créé pendant la panne');
	});
});

async function until(condition: () => Promise<boolean>, timeoutMs = 20_000) {
	const started = Date.now();
	while (!(await condition())) {
		if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}
