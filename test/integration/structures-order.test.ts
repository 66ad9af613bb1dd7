import { beforeAll, describe, expect, it } from 'vitest';
import { CATEGORY_CODES, type CategoryCode } from '../../src/lib/domain/categories';
import { decodeCursor, emptyFilters } from '../../src/lib/domain/structure-filters';
import type { Sql } from '../../src/lib/server/db';
import * as structures from '../../src/lib/server/structures';
import { GET as structureList } from '../../src/routes/api/v1/structures/+server';
import { freshDatabase } from '../helpers/database';
import { insertStructure, seedReference, seedTerritories } from './structures-fixtures';

/** A deterministic pseudo-random sequence, so that a failure can be replayed. */
function random(seed: number) {
	return () => {
		seed = (seed * 1103515245 + 12345) % 2 ** 31;
		return seed / 2 ** 31;
	};
}

/** The fixtures' communes, and two more whose names start with an accent and an article. */
const COMMUNES: Record<string, string> = {
	'21001': 'Aubigny',
	'21002': 'Bèze',
	'21003': 'Saint-Apollinaire',
	'71001': 'Cluny',
	'25001': 'Besançon',
	'25002': 'Ornans',
	'01001': 'Ambérieu',
	'71002': 'Étang-sur-Arroux',
	'71003': 'Le Creusot'
};

/** The order a reader expects, worked out independently of SQL: rank, commune, name, id. */
const fold = (text: string) =>
	text
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/^[^\p{L}\p{N}]+/u, '');

interface Row {
	id: string;
	name: string;
	category: CategoryCode;
	commune: string | null;
}

function compare(a: Row, b: Row): number {
	const key = (r: Row): [number, number, string, string, string] => [
		CATEGORY_CODES.indexOf(r.category),
		r.commune ? 0 : 1,
		r.commune ? fold(COMMUNES[r.commune]!) : '',
		fold(r.name),
		r.id
	];
	const [x, y] = [key(a), key(b)];
	for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
	return 0;
}

const rows: Row[] = [];
let sql: Sql;

beforeAll(async () => {
	sql = await freshDatabase();
	await seedReference(sql);
	await seedTerritories(sql);
	for (const code of ['71002', '71003'])
		await sql`insert into territories (code, kind, insee_code, name, departement_code, geom, label_point)
			values (${`com:${code}`}, 'commune', ${code}, ${COMMUNES[code]!}, '71',
				ST_GeomFromText('MULTIPOLYGON(((4 46,4.1 46,4.1 46.1,4 46.1,4 46)))', 4326),
				ST_SetSRID(ST_MakePoint(4.05, 46.05), 4326))`;
	const next = random(7);
	const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
	const words = [
		'Jean-Zay',
		'élémentaire',
		'Îles',
		'Beaux-Arts',
		'Ça ira',
		'zénith',
		'3615',
		'ouest'
	];
	const prefixes = ['', '', '« ', '"', 'École ', 'école ', 'ÉCOLE '];
	const communes = [...Object.keys(COMMUNES), null];
	const categories: CategoryCode[] = ['ecole', 'college', 'association', 'mediation-numerique'];
	for (let i = 0; i < 160; i++) {
		// Few distinct names and communes: pages often split runs of equal keys (ties by id).
		const name = `${pick(prefixes)}${pick(words)}${i % 5 === 0 ? '' : ` ${pick(words)}`}`;
		const category = pick(categories);
		const commune = pick(communes);
		const id = await insertStructure(sql, {
			name,
			categories: [category],
			lon: 4.5,
			lat: 47.2,
			commune
		});
		rows.push({ id, name, category, commune });
	}
	// Unpublished structures never show.
	await insertStructure(sql, {
		name: 'Brouillon',
		categories: ['ecole'],
		lon: 4.5,
		lat: 47.2,
		status: 'pending'
	});
});

async function walk(limit: number): Promise<string[]> {
	const ids: string[] = [];
	let cursor: string | null = null;
	let pages = 0;
	do {
		const page = await structures.list(emptyFilters(), {
			limit,
			cursor: cursor ? decodeCursor(cursor) : null
		});
		ids.push(...page.items.map((s) => s.id));
		cursor = page.next;
	} while (cursor && ++pages < 500);
	return ids;
}

describe('default order of the list and the API', () => {
	it('sorts by category, then commune, then name (accents, case and quotes folded), then id', async () => {
		const expected = [...rows].sort(compare).map((r) => r.id);
		const page = await structures.list(emptyFilters(), { limit: 500 });
		expect(page.items.map((s) => s.id)).toEqual(expected);
		// Schools come first, and a commune starting with « É » sorts among the E.
		expect(page.items[0]!.categories[0]).toBe('ecole');
	});

	it('walks pages of every size without duplicates or skips across runs of ties', async () => {
		const expected = [...rows].sort(compare).map((r) => r.id);
		for (const limit of [1, 3, 7, 50]) expect(await walk(limit)).toEqual(expected);
	});

	it('gives the same pages through GET /api/v1/structures, following next', async () => {
		const ids: string[] = [];
		let path: string | null = '/api/v1/structures?limit=9&category=ecole,college';
		while (path) {
			const url: URL = new URL(path, 'http://localhost');
			const response: Response = await structureList({ url, request: new Request(url) } as never);
			expect(response.status).toBe(200);
			const body = (await response.json()) as { items: { id: string }[]; next: string | null };
			ids.push(...body.items.map((s) => s.id));
			if (body.next) url.searchParams.set('cursor', body.next);
			path = body.next ? url.pathname + url.search : null;
		}
		expect(ids).toEqual(
			rows
				.filter((r) => r.category === 'ecole' || r.category === 'college')
				.sort(compare)
				.map((r) => r.id)
		);
	});

	it('keeps a structure in place when it is renamed, moved or its commune renamed', async () => {
		const target = rows.find((r) => r.commune === '21001')!;
		await sql`update territories set name = 'Zzz-Aubigny' where code = 'com:21001'`;
		COMMUNES['21001'] = 'Zzz-Aubigny';
		const [other] = rows.filter((r) => r.commune === '71003');
		await sql`update structures set name = 'Aaa nouveau nom', commune_code = '71002' where id = ${other!.id}`;
		other!.name = 'Aaa nouveau nom';
		other!.commune = '71002';
		const expected = [...rows].sort(compare).map((r) => r.id);
		expect(await walk(11)).toEqual(expected);
		expect(expected).toContain(target.id);
	});

	it('continues after the cursor’s structure was deleted between two pages', async () => {
		const first = await structures.list(emptyFilters(), { limit: 20 });
		const last = first.items[first.items.length - 1]!;
		await sql`delete from structures where id = ${last.id}`;
		const index = rows.findIndex((r) => r.id === last.id);
		rows.splice(index, 1);
		const second = await structures.list(emptyFilters(), {
			limit: 20,
			cursor: decodeCursor(first.next!)
		});
		const expected = [...rows].sort(compare).map((r) => r.id);
		expect(second.items.map((s) => s.id)).toEqual(expected.slice(19, 39));
	});
});
