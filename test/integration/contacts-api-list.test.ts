import { beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/lib/server/db';
import * as contacts from '../../src/lib/server/contacts';
import { GET as list, POST as listPolygon } from '../../src/routes/api/v1/contacts/+server';
import { callHandler as call, jsonPost } from '../helpers/handlers';
import { contactsApiDatabase } from './contacts-fixtures';

/**
 * GET and POST /api/v1/contacts: staff only, the structures of a territory or a drawn polygon
 * with their contacts, paging, audit, rate limit, the checks on a posted polygon, and the
 * « à vérifier » filter (fixtures: contacts-fixtures.ts).
 */
let sql: Sql;
let users: Awaited<ReturnType<typeof contactsApiDatabase>>['users'];
let dijonOutline: unknown;

beforeAll(async () => {
	({ sql, users, dijonOutline } = await contactsApiDatabase());
});

describe('GET /api/v1/contacts', () => {
	it('answers 401 to anonymous callers and 403 to partners, in JSON', async () => {
		const anonymous = await call(list, '/api/v1/contacts?territory=com:21231');
		expect(anonymous.status).toBe(401);
		expect((await anonymous.json()).error.message).toMatch(/Connectez-vous/);
		const partner = await call(list, '/api/v1/contacts?territory=com:21231', {
			user: users.partner
		});
		expect(partner.status).toBe(403);
		expect(JSON.stringify(await partner.json())).not.toContain('sacha');
	});

	it('gives staff the structures of the territory with their contacts', async () => {
		for (const user of [users.moderator, users.admin]) {
			const response = await call(
				list,
				'/api/v1/contacts?territory=com:21231&category=fablab-tiers-lieu',
				{
					user
				}
			);
			expect(response.status).toBe(200);
			expect(response.headers.get('cache-control')).toBe('no-store');
			expect(response.headers.get('access-control-allow-origin')).toBeNull();
			const body = await response.json();
			expect(body.total).toBe(1);
			expect(body.territory).toEqual({ code: 'com:21231', label: 'Dijon' });
			expect(body.items[0]).toMatchObject({
				slug: 'fablab-dijon',
				name: '=Fablab « Dijon » ; test',
				categories: ['fablab-tiers-lieu'],
				commune: { code: '21231', name: 'Dijon' },
				geometry: { type: 'Point', coordinates: [5.0415, 47.3216] },
				contacts: [
					{
						kind: 'personne',
						name: 'Sacha Secret',
						role: 'Référent, numérique',
						email: 'sacha.secret@fablab.test',
						phone: '06 12 34 56 78',
						visibility: 'staff'
					}
				]
			});
		}
	});

	it('pages with limit and offset, and says which parameter is wrong', async () => {
		const all = await (
			await call(list, '/api/v1/contacts?territory=dep:25', { user: users.moderator })
		).json();
		const page = await (
			await call(list, '/api/v1/contacts?territory=dep:25&limit=5&offset=5', {
				user: users.moderator
			})
		).json();
		expect(page.total).toBe(all.total);
		expect(page.items.map((s: { id: string }) => s.id)).toEqual(
			all.items.slice(5, 10).map((s: { id: string }) => s.id)
		);
		for (const [query, parameter] of [
			['', 'territory'],
			['territory=dep:XX', 'territory'],
			['territory=dep:99', 'territory'],
			['territory=dep:21&category=licorne', 'category'],
			['territory=dep:21&limit=0', 'limit']
		]) {
			const response = await call(list, `/api/v1/contacts?${query}`, { user: users.moderator });
			expect(response.status, query).toBe(400);
			expect((await response.json()).error.parameter, query).toBe(parameter);
		}
	});

	it('logs every list in the audit log: who, which territory, how many rows', async () => {
		const [before] = await sql<
			{ n: number }[]
		>`select count(*)::int as n from audit_log where action = 'contacts.list'`;
		await call(list, '/api/v1/contacts?territory=com:21231&category=fablab-tiers-lieu', {
			user: users.admin
		});
		const [last] = await sql<
			{ actor_id: string; entity_id: string; details: { rows: number; territory: string } }[]
		>`
			select actor_id, entity_id, details from audit_log where action = 'contacts.list' order by id desc limit 1`;
		const [after] = await sql<
			{ n: number }[]
		>`select count(*)::int as n from audit_log where action = 'contacts.list'`;
		expect(after!.n).toBe(before!.n + 1);
		expect(last).toMatchObject({
			actor_id: users.admin!.id,
			entity_id: 'com:21231',
			details: { rows: 1, territory: 'com:21231', categories: ['fablab-tiers-lieu'] }
		});
	});

	it('answers 429 with Retry-After once the hourly limit is reached', async () => {
		await sql`insert into rate_limits (key, window_start, hits)
			values (${`contacts:list:${users.admin!.id}`}, now(), ${contacts.LIMITS.list.max})
			on conflict (key) do update set hits = excluded.hits, window_start = now()`;
		const response = await call(list, '/api/v1/contacts?territory=com:21231', {
			user: users.admin
		});
		expect(response.status).toBe(429);
		expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(3000);
		await sql`delete from rate_limits`;
	});
});

describe('POST /api/v1/contacts (drawn polygon)', () => {
	it('gives the same structures as the commune for its outline', async () => {
		const byCode = await (
			await call(list, '/api/v1/contacts?territory=com:21231', { user: users.moderator })
		).json();
		const drawn = await call(listPolygon, '/api/v1/contacts', {
			user: users.moderator,
			...jsonPost({ type: 'Feature', properties: {}, geometry: dijonOutline })
		});
		expect(drawn.status).toBe(200);
		const body = await drawn.json();
		expect(body.territory.code).toBe('polygone');
		const ids = (page: { items: { id: string }[] }) => page.items.map((s) => s.id).sort();
		expect(ids(body)).toEqual(ids(byCode));
	});

	it('checks the caller, the origin, the content type and the polygon', async () => {
		const square = {
			type: 'Polygon',
			coordinates: [
				[
					[5, 47.3],
					[5.1, 47.3],
					[5.1, 47.4],
					[5, 47.3]
				]
			]
		};
		const cases: [string, Parameters<typeof call>[2], number, RegExp][] = [
			['anonymous', { ...jsonPost(square) }, 401, /Connectez-vous/],
			['partner', { user: users.partner, ...jsonPost(square) }, 403, /réservés/],
			[
				'other origin',
				{ user: users.moderator, ...jsonPost(square, { origin: 'https://evil.test' }) },
				403,
				/ne vient pas/
			],
			[
				'cross-site fetch',
				{ user: users.moderator, ...jsonPost(square, { 'sec-fetch-site': 'cross-site' }) },
				403,
				/ne vient pas/
			],
			[
				'text body',
				{ user: users.moderator, ...jsonPost(square, { 'content-type': 'text/plain' }) },
				415,
				/Content-Type/
			],
			['broken JSON', { user: users.moderator, ...jsonPost('{"type":') }, 400, /JSON valide/],
			[
				'open ring',
				{
					user: users.moderator,
					...jsonPost({
						type: 'Polygon',
						coordinates: [
							[
								[5, 47],
								[5.1, 47],
								[5.1, 47.1]
							]
						]
					})
				},
				400,
				/pas fermé/
			],
			[
				'outside',
				{
					user: users.moderator,
					...jsonPost({
						type: 'Polygon',
						coordinates: [
							[
								[2, 48.8],
								[2.1, 48.8],
								[2.1, 48.9],
								[2, 48.8]
							]
						]
					})
				},
				400,
				/hors de Bourgogne/
			]
		];
		for (const [name, options, status, message] of cases) {
			const response = await call(listPolygon, '/api/v1/contacts', options);
			expect(response.status, name).toBe(status);
			expect((await response.json()).error.message, name).toMatch(message);
		}
		const ok = await call(listPolygon, '/api/v1/contacts', {
			user: users.moderator,
			...jsonPost(square)
		});
		expect(ok.status).toBe(200);
	});
});

describe('freshness=stale (fiches « à vérifier »)', () => {
	it('lists only the structures not confirmed within the threshold, like the map and the list', async () => {
		// Rule-generated: every third structure of the département, in name order, confirmed
		// 13 to 40 months ago; the others 0 to 11 months ago.
		const all = await sql<{ id: string; slug: string }[]>`
			select s.id, s.slug from structures s
			join territories c on c.kind = 'commune' and c.insee_code = s.commune_code
			where s.status = 'published' and c.departement_code = '21' order by s.name, s.id`;
		expect(all.length).toBeGreaterThan(6);
		const saved = await sql<{ id: string; confirmed_at: Date }[]>`
			select id, confirmed_at from structures`;
		try {
			const stale = new Set<string>();
			for (const [k, row] of all.entries()) {
				const months = k % 3 === 0 ? 13 + (k % 28) : k % 12;
				if (k % 3 === 0) stale.add(row.slug);
				await sql`update structures set confirmed_at = now() - make_interval(months => ${months}::int)
					where id = ${row.id}`;
			}
			const response = await call(
				list,
				'/api/v1/contacts?territory=dep:21&freshness=stale&limit=500',
				{
					user: users.moderator
				}
			);
			expect(response.status).toBe(200);
			const body = await response.json();
			expect(body.total).toBe(stale.size);
			expect(new Set(body.items.map((i: { slug: string }) => i.slug))).toEqual(stale);

			const wrong = await call(list, '/api/v1/contacts?territory=dep:21&freshness=old', {
				user: users.moderator
			});
			expect(wrong.status).toBe(400);
			const error = (await wrong.json()).error;
			expect(error.parameter).toBe('freshness');
			expect(error.message).toMatch(/Paramètre « freshness » invalide/);
		} finally {
			for (const row of saved)
				await sql`update structures set confirmed_at = ${row.confirmed_at} where id = ${row.id}`;
		}
	});
});
