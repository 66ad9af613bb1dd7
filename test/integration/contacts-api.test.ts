import { beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/lib/server/db';
import * as contacts from '../../src/lib/server/contacts';
import { GET as list, POST as listPolygon } from '../../src/routes/api/v1/contacts/+server';
import {
	GET as exportGet,
	POST as exportPost
} from '../../src/routes/api/v1/contacts/export/+server';
import { freshDatabase } from '../helpers/database';
import { seedRealSchools, seedRealTerritories } from './contacts-fixtures';
import { insertStructure, seedReference } from './structures-fixtures';

const ORIGIN = 'http://cartonum.test';
let sql: Sql;
const users: Record<'moderator' | 'admin' | 'partner', App.Locals['user']> = {
	moderator: null,
	admin: null,
	partner: null
};

type Handler = (event: never) => Response | Promise<Response>;

async function call(
	handler: Handler,
	path: string,
	options: {
		user?: App.Locals['user'];
		method?: string;
		body?: string;
		headers?: Record<string, string>;
	} = {}
): Promise<Response> {
	const url = new URL(path, ORIGIN);
	const request = new Request(url, {
		method: options.method ?? 'GET',
		headers: options.headers,
		body: options.body
	});
	const locals = {
		user: options.user ?? null,
		session: null,
		requestPath: url.pathname + url.search
	};
	return handler({ url, request, locals } as never);
}

const jsonPost = (body: unknown, headers: Record<string, string> = {}) => ({
	method: 'POST',
	body: typeof body === 'string' ? body : JSON.stringify(body),
	headers: {
		'content-type': 'application/json',
		origin: ORIGIN,
		'sec-fetch-site': 'same-origin',
		...headers
	}
});

let dijonOutline: unknown;

beforeAll(async () => {
	sql = await freshDatabase();
	await seedReference(sql);
	await seedRealTerritories(sql);
	await seedRealSchools(sql);
	for (const role of ['moderator', 'admin', 'partner'] as const) {
		const [row] = await sql<{ id: string }[]>`
			insert into users (email, password_hash, role, email_verified_at)
			values (${`${role}@cartonum.test`}, 'x', ${role}, now()) returning id`;
		users[role] = { id: row!.id, email: `${role}@cartonum.test`, role } as App.Locals['user'];
	}
	const fablab = await insertStructure(sql, {
		name: '=Fablab « Dijon » ; test',
		categories: ['fablab-tiers-lieu'],
		lon: 5.0415,
		lat: 47.3216,
		commune: '21231',
		slug: 'fablab-dijon'
	});
	await sql`insert into contacts (structure_id, name, role, email, phone, visibility) values
		(${fablab}, 'Sacha Secret', 'Référent, numérique', 'sacha.secret@fablab.test', '06 12 34 56 78', 'staff')`;
	const [row] = await sql<{ outline: unknown }[]>`
		select ST_AsGeoJSON(ST_SimplifyPreserveTopology(geom, 0.001))::json as outline
		from territories where code = 'com:21231'`;
	dijonOutline = row!.outline;
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

describe('exports', () => {
	it('exports CSV for French spreadsheets, logged with the row count', async () => {
		const response = await call(
			exportGet,
			'/api/v1/contacts/export?territory=com:21231&format=csv&category=fablab-tiers-lieu',
			{
				user: users.moderator
			}
		);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(response.headers.get('content-disposition')).toMatch(
			/^attachment; filename="contacts-com-21231-\d{4}-\d{2}-\d{2}\.csv"$/
		);
		const bytes = new Uint8Array(await response.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const lines = new TextDecoder()
			.decode(bytes)
			.replace(/^\uFEFF/, '')
			.trimEnd()
			.split('\r\n');
		expect(lines).toHaveLength(2);
		expect(lines[1]).toMatch(
			/^"'=Fablab « Dijon » ; test";Fablab ou tiers-lieu;Dijon;21231;21;;;Sacha Secret;Référent, numérique;sacha\.secret@fablab\.test;06 12 34 56 78;Personnel uniquement;/
		);
		const [audit] = await sql<{ details: { rows: number; format: string } }[]>`
			select details from audit_log where action = 'contacts.export' order by id desc limit 1`;
		expect(audit!.details).toMatchObject({ rows: 1, format: 'csv', territory: 'com:21231' });
	});

	it('exports vCards and public GeoJSON, and refuses other formats', async () => {
		const vcf = await call(
			exportGet,
			'/api/v1/contacts/export?territory=com:21231&format=vcf&category=fablab-tiers-lieu',
			{
				user: users.moderator
			}
		);
		const cards = await vcf.text();
		expect(cards.match(/BEGIN:VCARD/g)).toHaveLength(1);
		expect(cards).toContain('TITLE:Référent\\, numérique\r\n');
		const geo = await call(
			exportGet,
			'/api/v1/contacts/export?territory=com:21231&format=geojson',
			{
				user: users.moderator
			}
		);
		expect(geo.headers.get('content-type')).toBe('application/geo+json; charset=utf-8');
		const text = await geo.text();
		expect(text).not.toContain('sacha');
		expect(JSON.parse(text).features.length).toBeGreaterThan(5);
		const bad = await call(exportGet, '/api/v1/contacts/export?territory=com:21231&format=xlsx', {
			user: users.moderator
		});
		expect(bad.status).toBe(400);
		expect((await bad.json()).error.parameter).toBe('format');
		const partner = await call(exportGet, '/api/v1/contacts/export?territory=com:21231', {
			user: users.partner
		});
		expect(partner.status).toBe(403);
	});

	it('exports a drawn polygon posted by the page’s form (no JavaScript needed)', async () => {
		const body = new URLSearchParams({ polygon: JSON.stringify(dijonOutline) }).toString();
		const response = await call(
			exportPost,
			'/api/v1/contacts/export?format=csv&category=fablab-tiers-lieu',
			{
				user: users.moderator,
				method: 'POST',
				body,
				headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN }
			}
		);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-disposition')).toMatch(/filename="contacts-polygone-/);
		expect(await response.text()).toContain('sacha.secret@fablab.test');
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
