import { beforeAll, describe, expect, it } from 'vitest';
import { decodeCursor } from '../../src/lib/domain/cursor';
import { emptyFilters, type StructureFilters } from '../../src/lib/domain/structure-filters';
import { parseTerritory } from '../../src/lib/domain/territory-code';
import * as contacts from '../../src/lib/server/contacts';
import type { Sql } from '../../src/lib/server/db';
import { GET as list } from '../../src/routes/api/v1/contacts/+server';
import { GET as exportGet } from '../../src/routes/api/v1/contacts/export/+server';
import { freshDatabase } from '../helpers/database';
import { seedRealSchools, seedRealTerritories } from './contacts-fixtures';
import { insertStructure, seedReference } from './structures-fixtures';

// The contacts list pages by keyset in the order commune, name (accents and case folded), id;
// an export walks every page. Real schools of the region, plus names that fold alike.

let sql: Sql;
let moderator: App.Locals['user'];
const staff: contacts.Viewer = { id: '00000000-0000-4000-8000-000000000001', role: 'moderator' };

const territory = (code: string): StructureFilters => {
	const parsed = parseTerritory(code);
	if (!parsed.ok) throw new Error(parsed.message);
	return { ...emptyFilters(), territory: parsed.value };
};

/** The expected order, written from the rule rather than from the stored key. */
async function expectedIds(departement: string): Promise<string[]> {
	const rows = await sql<{ id: string }[]>`
		select s.id from structures s
		join territories c on c.kind = 'commune' and c.insee_code = s.commune_code
		where s.status = 'published' and c.departement_code = ${departement}
		order by regexp_replace(search_fold(c.name), '^[^[:alnum:]]+', '') collate "C",
			regexp_replace(search_fold(s.name), '^[^[:alnum:]]+', '') collate "C", s.id`;
	return rows.map((r) => r.id);
}

async function call(handler: (event: never) => Promise<Response> | Response, path: string) {
	const url = new URL(path, 'http://cartonum.test');
	const locals = { user: moderator, session: null, requestPath: url.pathname + url.search };
	return handler({ url, request: new Request(url), locals } as never);
}

beforeAll(async () => {
	sql = await freshDatabase();
	await seedReference(sql);
	await seedRealTerritories(sql);
	await seedRealSchools(sql);
	// Same folded name three times in one commune (the id breaks the tie), accents and case
	// that fold alike, and a pending one that no list may show.
	for (const name of ['Médiathèque', 'Médiathèque', 'MEDIATHEQUE', 'médiathèque Nord'])
		await insertStructure(sql, {
			name,
			categories: ['mediation-numerique'],
			lon: 5.0415,
			lat: 47.3216,
			commune: '21231'
		});
	await insertStructure(sql, {
		name: 'En attente',
		categories: ['mediation-numerique'],
		lon: 5.0415,
		lat: 47.3216,
		commune: '21231',
		status: 'pending'
	});
	const [row] = await sql<{ id: string }[]>`
		insert into users (email, password_hash, role, email_verified_at)
		values ('moderateur@cartonum.test', 'x', 'moderator', now()) returning id`;
	moderator = { id: row!.id, email: 'moderateur@cartonum.test', role: 'moderator' } as never;
});

describe('contacts pages (keyset)', () => {
	it('gives every structure exactly once across pages, in the list order, stable', async () => {
		const query = { filters: territory('dep:21') };
		const expected = await expectedIds('21');
		expect(expected.length).toBeGreaterThan(40);
		const walk = async () => {
			const seen: string[] = [];
			let cursor = null;
			let pages = 0;
			for (;;) {
				const page = await contacts.list(query, staff, { limit: 7, cursor });
				expect(page.total).toBe(expected.length);
				expect(page.items.length).toBeLessThanOrEqual(7);
				seen.push(...page.items.map((s) => s.id));
				pages++;
				if (!page.next) break;
				cursor = decodeCursor(page.next);
				expect(cursor).not.toBeNull();
			}
			expect(pages).toBe(Math.ceil(expected.length / 7));
			return seen;
		};
		const first = await walk();
		expect(new Set(first).size).toBe(first.length);
		expect(first).toEqual(expected);
		expect(await walk()).toEqual(first);
		// One page holding everything, and offset pages, agree with the walk.
		const whole = await contacts.list(query, staff, { limit: contacts.MAX_ROWS });
		expect(whole.items.map((s) => s.id)).toEqual(expected);
		expect(whole.next).toBeNull();
		const third = await contacts.list(query, staff, { limit: 7, offset: 14 });
		expect(third.items.map((s) => s.id)).toEqual(expected.slice(14, 21));
	});

	it('serves the page its default size and no sort key in the items', async () => {
		const page = await contacts.list({ filters: territory('dep:21') }, staff);
		expect(page.items.length).toBe(Math.min(contacts.DEFAULT_ROWS, page.total));
		expect(Object.keys(page.items[0]!)).not.toContain('list_key');
		const dijon = await contacts.list({ filters: territory('com:21231') }, staff);
		expect(dijon.items.map((s) => s.name)).not.toContain('En attente');
	});

	it('the API follows `next` to the end and refuses a forged cursor in French', async () => {
		const expected = await expectedIds('21');
		const seen: string[] = [];
		let path = '/api/v1/contacts?territory=dep:21&limit=10';
		for (;;) {
			const response = await call(list, path);
			expect(response.status).toBe(200);
			const body = (await response.json()) as {
				items: { id: string }[];
				total: number;
				next: string | null;
			};
			expect(body.total).toBe(expected.length);
			seen.push(...body.items.map((s) => s.id));
			if (!body.next) break;
			path = `/api/v1/contacts?territory=dep:21&limit=10&cursor=${body.next}`;
		}
		expect(seen).toEqual(expected);
		for (const forged of ['abc', 'WzEsMl0', '%00']) {
			const response = await call(list, `/api/v1/contacts?territory=dep:21&cursor=${forged}`);
			expect(response.status).toBe(400);
			const body = (await response.json()) as { error: { message: string; parameter: string } };
			expect(body.error.parameter).toBe('cursor');
			expect(body.error.message).toMatch(/^Paramètre « cursor » invalide/);
		}
	});

	it('an export streams every structure, page after page, and completes its audit entry', async () => {
		const query = { filters: territory('dep:21') };
		const expected = await expectedIds('21');
		const layout = contacts.exportLayout('geojson', 'http://cartonum.test');
		const [entry] = await sql<{ id: string }[]>`
			insert into audit_log (actor_id, action, entity, details)
			values (${moderator!.id}, 'contacts.export', 'contacts', '{"rows": 0, "complete": false}')
			returning id::text`;
		let text = '';
		let parts = 0;
		for await (const part of contacts.exportParts(query, staff, layout, entry!.id, 5)) {
			text += part;
			parts++;
		}
		expect(parts).toBeGreaterThan(expected.length / 5);
		const collection = JSON.parse(text) as { features: { id: string }[] };
		expect(collection.features.map((f) => f.id)).toEqual(expected);
		const [logged] = await sql<{ details: { rows: number; complete: boolean } }[]>`
			select details from audit_log where id = ${entry!.id}::bigint`;
		expect(logged!.details).toMatchObject({ rows: expected.length, complete: true });

		const response = await call(exportGet, '/api/v1/contacts/export?territory=dep:21&format=csv');
		expect(response.status).toBe(200);
		const lines = (await response.text())
			.replace(/^\uFEFF/, '')
			.trimEnd()
			.split('\r\n');
		// Real schools have their establishment channel: one line per structure at least.
		expect(lines.length - 1).toBeGreaterThanOrEqual(expected.length);
		const [audit] = await sql<{ details: { rows: number; complete: boolean } }[]>`
			select details from audit_log where action = 'contacts.export' order by id desc limit 1`;
		expect(audit!.details).toMatchObject({ rows: lines.length - 1, complete: true });
	});
	it('a walk reads each structure once while the area changes under it; a radius walks in the list order', async () => {
		const query = { filters: territory('dep:21') };
		const expected = await expectedIds('21');
		const removed = expected[expected.length - 2]!;
		let added: string | null = null;
		const seen: string[] = [];
		let batches = 0;
		for await (const batch of contacts.allPages(query, staff, 7)) {
			expect(batch.length).toBeGreaterThan(0);
			seen.push(...batch.map((s) => s.id));
			if (batches++ === 0) {
				// After the first batch: one structure published, one not yet read withdrawn.
				added = await insertStructure(sql, {
					name: 'Zz nouvelle structure',
					categories: ['mediation-numerique'],
					lon: 5.0415,
					lat: 47.3216,
					commune: '21231'
				});
				await sql`update structures set status = 'pending' where id = ${removed}`;
			}
		}
		try {
			expect(batches).toBeGreaterThanOrEqual(Math.floor(expected.length / 7));
			expect(new Set(seen).size).toBe(seen.length);
			expect(seen.filter((id) => id !== added)).toEqual(expected.filter((id) => id !== removed));
		} finally {
			await sql`update structures set status = 'published' where id = ${removed}`;
			if (added) await sql`delete from structures where id = ${added}`;
		}

		// A radius (a spatial area, not a list of communes): the walk gives the list's pages.
		const around = { filters: territory('radius:5.0415,47.3216,15000') };
		const page = await contacts.list(around, staff, { limit: contacts.MAX_ROWS });
		expect(page.next).toBeNull();
		expect(page.items.length).toBeGreaterThan(10);
		const walked: string[] = [];
		for await (const batch of contacts.allPages(around, staff, 4))
			walked.push(...batch.map((s) => s.id));
		expect(walked).toEqual(page.items.map((s) => s.id));
	});
});
