import { beforeAll, describe, expect, it } from 'vitest';
import { CATEGORY_CODES, type CategoryCode } from '../../src/lib/domain/categories';
import { emptyFilters } from '../../src/lib/domain/structure-filters';
import type { Sql } from '../../src/lib/server/db';
import * as programmes from '../../src/lib/server/programmes';
import * as structures from '../../src/lib/server/structures';
import { TOTAL_LEVELS } from '../../src/lib/server/structures/cells';
import { freshDatabase } from '../helpers/database';
import { insertStructure, seedReference, seedTerritories } from './structures-fixtures';
import { seededRandom } from '../../scripts/lib/seeded-random';

/**
 * The national totals per cell (`structure_cell_totals`, migration 018) stay equal, after any
 * kind of write, to the same sums recomputed from the published structures, at every level
 * kept; and the home page's counts read from them equal counts over the structures.
 */

let sql: Sql;

const random = seededRandom(31);
const COMMUNES = ['21001', '21002', '21003', '71001', '25001', '25002', '01001'];
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** Rows of the totals table that differ from the sums recomputed from the structures. */
async function differences(): Promise<unknown[]> {
	const levels = [0, ...TOTAL_LEVELS];
	const rows = await sql`
		with expected as (
			select l.level, p.programme, map_cell_x(map_mercator_x(s.geom), l.level) as x,
				map_cell_y(map_mercator_y(s.geom), l.level) as y, s.categories, count(*)::int as count
			from structures s
			cross join unnest(${levels}::smallint[]) l(level)
			cross join lateral unnest(array[0::smallint] || array(
				select sp.programme_number from structure_programmes sp where sp.structure_id = s.id
			)) p(programme)
			where s.status = 'published'
			group by 1, 2, 3, 4, 5
		), stored as (
			select level, programme, x, y, categories, count from structure_cell_totals where count <> 0
		)
		(select 'missing' as kind, * from expected except select 'missing', * from stored)
		union all
		(select 'extra', * from stored except select 'extra', * from expected)
		limit 5`;
	return [...rows];
}

/** The home page's counts, read from the totals, against counts over the structures. */
async function homeCounts() {
	const all = emptyFilters();
	const [total, byCategory, listed] = await Promise.all([
		structures.count(all),
		structures.countByCategory(all),
		programmes.list()
	]);
	const [scan] = await sql<{ total: number }[]>`
		select count(*)::int as total from structures where status = 'published'`;
	const categories = await sql<{ category: string; count: number }[]>`
		select k as category, count(*)::int as count from structures s cross join unnest(s.categories) k
		where s.status = 'published' group by k`;
	const perProgramme = await sql<{ number: number; count: number }[]>`
		select p.number, count(s.id)::int as count from programmes p
		left join structure_programmes sp on sp.programme_number = p.number
		left join structures s on s.id = sp.structure_id and s.status = 'published'
		group by p.number`;
	expect(total).toBe(scan!.total);
	expect(Object.fromEntries(byCategory.map((r) => [r.category, r.count]))).toEqual(
		Object.fromEntries(categories.map((r) => [r.category, r.count]))
	);
	expect(Object.fromEntries(listed.map((p) => [p.number, p.structure_count]))).toEqual(
		Object.fromEntries(perProgramme.map((r) => [r.number, r.count]))
	);
}

beforeAll(async () => {
	sql = await freshDatabase();
	await seedReference(sql);
	await seedTerritories(sql);
	for (let i = 0; i < 150; i++) {
		const main = pick(CATEGORY_CODES);
		const categories: CategoryCode[] =
			random() < 0.3 ? [main, pick(CATEGORY_CODES.filter((c) => c !== main))] : [main];
		await insertStructure(sql, {
			name: `Structure ${i}`,
			categories,
			lon: 4 + random() * 3,
			lat: 46 + random() * 2,
			commune: pick(COMMUNES),
			status: random() < 0.1 ? 'pending' : 'published',
			programmes: [1, 2, 3]
				.filter(() => random() < 0.3)
				.map((n) => [n, 'contributeur'] as [number, 'contributeur'])
		});
	}
});

describe('national totals per cell', () => {
	it('hold the sums of the published structures after the first load', async () => {
		expect(await differences()).toEqual([]);
		await homeCounts();
	});

	it('follow every kind of write, one statement or many rows at once', async () => {
		const ids = (await sql<{ id: string }[]>`select id from structures order by name`).map(
			(r) => r.id
		);
		const writes: (() => Promise<unknown>)[] = [
			// Moves, far or within one cell.
			() => sql`update structures set geom = ST_SetSRID(ST_MakePoint(6.5, 46.2), 4326)
				where id = any(${ids.slice(0, 7)}::uuid[])`,
			() => sql`update structures set geom = ST_Translate(geom, 0.00001, 0) where id = ${ids[8]!}`,
			// New categories, main category changed.
			() => sql`update structures set category = 'lycee', categories = array['lycee', 'ecole']
				where id = any(${ids.slice(10, 20)}::uuid[])`,
			// Unpublished, published again, deleted.
			() =>
				sql`update structures set status = 'archived' where id = any(${ids.slice(20, 30)}::uuid[])`,
			() =>
				sql`update structures set status = 'published' where id = any(${ids.slice(22, 25)}::uuid[])`,
			() =>
				sql`delete from structure_identifiers where structure_id = any(${ids.slice(30, 33)}::uuid[])`,
			() => sql`delete from structures where id = any(${ids.slice(30, 33)}::uuid[])`,
			// Programmes removed, added, moved to another programme.
			() =>
				sql`delete from structure_programmes where structure_id = any(${ids.slice(40, 80)}::uuid[])`,
			() => sql`insert into structure_programmes (structure_id, programme_number, role)
				select id, 3, 'porteur' from structures where id = any(${ids.slice(40, 60)}::uuid[])`,
			() => sql`update structure_programmes set programme_number = 2
				where programme_number = 3 and structure_id = any(${ids.slice(40, 45)}::uuid[])`,
			// A new structure in a transaction that also changes another one.
			() =>
				sql.begin(async (tx) => {
					await insertStructure(tx as unknown as Sql, {
						name: 'Nouvelle structure',
						categories: ['fablab-tiers-lieu'],
						lon: 5.5,
						lat: 47.5,
						commune: '25001',
						programmes: [[2, 'partenaire']]
					});
					await tx`update structures set category = 'canope', categories = array['canope'] where id = ${ids[90]!}`;
				})
		];
		for (const write of writes) {
			await write();
			expect(await differences()).toEqual([]);
		}
		await homeCounts();
	});

	it('a failed write leaves them unchanged', async () => {
		const before = await sql`select * from structure_cell_totals order by 1, 2, 3, 4, 5`;
		await expect(
			sql.begin(async (tx) => {
				await tx`update structures set category = 'inspe', categories = array['inspe'] where status = 'published'`;
				throw new Error('rollback');
			})
		).rejects.toThrow('rollback');
		expect(await sql`select * from structure_cell_totals order by 1, 2, 3, 4, 5`).toEqual(before);
		expect(await differences()).toEqual([]);
	});
});
