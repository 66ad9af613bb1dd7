import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/lib/server/db';
import type { TestUser } from './revisions-fixtures';
import { identityFields, openPartnerSpace, type PartnerSpace } from './revisions-http-fixtures';

/**
 * Who may see and do what in the partner space, the moderation queue and the admin pages,
 * through real HTTP: every protected page and action tried as an anonymous visitor, as another
 * partner and as staff (fixtures: revisions-http-fixtures.ts). The cross-site form post (403)
 * needs a production build: test/e2e covers it.
 */
let space: PartnerSpace;
let sql: Sql;
let owner: TestUser;
let other: TestUser;
let moderator: TestUser;
let admin: TestUser;
let draftId: string;
let sentId: string;
let structureId: string;
let get: PartnerSpace['get'];
let post: PartnerSpace['post'];
let storedPayload: PartnerSpace['storedPayload'];
let countRevisions: PartnerSpace['countRevisions'];
let slugOf: PartnerSpace['slugOf'];

beforeAll(async () => {
	space = await openPartnerSpace();
	({
		sql,
		owner,
		other,
		moderator,
		admin,
		draftId,
		sentId,
		structureId,
		get,
		post,
		storedPayload,
		countRevisions,
		slugOf
	} = space);
}, 180_000);

afterAll(async () => {
	await space?.close();
});

describe('guards', () => {
	const pages = () => [
		'/espace',
		'/espace/inscrire',
		`/espace/demandes/${draftId}`,
		`/espace/demandes/${draftId}/identite`,
		`/espace/demandes/${draftId}/adresse`,
		`/espace/demandes/${draftId}/envoi`,
		`/espace/demandes/${sentId}`,
		`/espace/structures/${structureId}`,
		`/espace/revendiquer/${structureId}`,
		'/moderation',
		`/moderation/${sentId}`,
		'/admin/utilisateurs'
	];

	it('send anonymous visitors of every protected page to the sign-in page, and back', async () => {
		for (const path of pages()) {
			const response = await get(path, null);
			expect(response.status, path).toBe(303);
			expect(response.headers.get('location'), path).toBe(
				`/compte/connexion?redirectTo=${encodeURIComponent(path)}`
			);
		}
	});

	it('send anonymous form posts to the sign-in page without doing anything', async () => {
		const before = await countRevisions();
		for (const path of [
			'/espace/inscrire',
			`/espace/demandes/${draftId}/identite?/save`,
			`/espace/demandes/${draftId}/envoi`,
			`/espace/demandes/${sentId}?/withdraw`,
			`/espace/structures/${structureId}?/edit`,
			`/espace/revendiquer/${structureId}`,
			`/moderation/${sentId}?/approve`,
			'/admin/utilisateurs?/role'
		]) {
			const response = await post(path, null, identityFields({ key: randomUUID() }));
			expect(response.status, path).toBe(303);
			expect(response.headers.get('location'), path).toMatch(/^\/compte\/connexion\?redirectTo=/);
		}
		expect(await countRevisions()).toBe(before);
	});

	it('show a partner their own requests and structures, and nobody else’s (404)', async () => {
		for (const path of pages().slice(0, 9)) expect((await get(path, owner)).status, path).toBe(200);
		for (const path of [
			`/espace/demandes/${draftId}`,
			`/espace/demandes/${draftId}/identite?/save`,
			`/espace/demandes/${draftId}/envoi`,
			`/espace/demandes/${sentId}`,
			`/espace/structures/${structureId}`
		])
			expect((await get(path, other)).status, path).toBe(404);
		const mine = await (await get('/espace', other)).text();
		expect(mine).not.toContain('Fablab des Tilleuls');
		expect(mine).not.toContain('Tiers-lieu géré');
	});

	it('refuse another partner’s posts on someone else’s request or structure', async () => {
		const before = await storedPayload(draftId);
		const saved = await post(`/espace/demandes/${draftId}/identite?/save`, other, identityFields());
		expect(saved.status).toBe(404);
		expect((await post(`/espace/demandes/${draftId}/envoi`, other)).status).toBe(404);
		expect((await post(`/espace/demandes/${sentId}?/withdraw`, other)).status).toBe(404);
		const edit = await post(`/espace/structures/${structureId}?/edit`, other, {
			key: randomUUID()
		});
		expect(edit.status).toBe(404);
		expect(await storedPayload(draftId)).toEqual(before);
		expect((await sql`select status from revisions where id = ${sentId}`)[0]!.status).toBe(
			'received'
		);
	});

	it('keep partners out of the moderation queue and the admin pages (403)', async () => {
		for (const path of ['/moderation', `/moderation/${sentId}`, '/admin/utilisateurs'])
			expect((await get(path, other)).status, path).toBe(403);
		const approve = await post(`/moderation/${sentId}?/approve`, owner);
		expect(approve.status).toBe(403);
		const role = await post('/admin/utilisateurs?/role', owner, { user: owner.id, role: 'admin' });
		expect(role.status).toBe(403);
		expect((await sql`select role from users where id = ${owner.id}`)[0]!.role).toBe('partner');
	});

	it('let staff see sent requests but never drafts, and only admins manage roles', async () => {
		expect((await get('/moderation', moderator)).status).toBe(200);
		expect((await get(`/moderation/${sentId}`, moderator)).status).toBe(200);
		expect((await get(`/moderation/${draftId}`, moderator)).status).toBe(404);
		expect((await get(`/espace/demandes/${draftId}`, moderator)).status).toBe(404);
		expect((await get(`/espace/demandes/${sentId}`, moderator)).status).toBe(404);
		const queue = await (await get('/moderation', moderator)).text();
		expect(queue).toContain('Envoyée');
		expect(queue).not.toContain(draftId);

		expect((await get('/admin/utilisateurs', moderator)).status).toBe(403);
		expect((await get('/admin/utilisateurs', admin)).status).toBe(200);
		expect((await get('/moderation', admin)).status).toBe(200);
	});

	it('answer a database failure with an error page, never with a 404 that hides it', async () => {
		const pages: [string, TestUser][] = [
			[`/espace/demandes/${sentId}`, owner],
			[`/espace/demandes/${draftId}/identite`, owner],
			[`/espace/demandes/${draftId}/envoi`, owner],
			[`/moderation/${sentId}`, moderator]
		];
		for (const [path, user] of pages) expect((await get(path, user)).status, path).toBe(200);
		// A real failure: the table every revision page reads is gone for a moment.
		await sql`alter table revisions rename to revisions_away`;
		try {
			for (const [path, user] of pages) expect((await get(path, user)).status, path).toBe(500);
		} finally {
			await sql`alter table revisions_away rename to revisions`;
		}
		for (const [path, user] of pages) expect((await get(path, user)).status, path).toBe(200);
	});

	it('show the history of a structure to staff only', async () => {
		const path = `/structures/${await slugOf(structureId)}`;
		for (const user of [null, owner, other]) {
			const html = await (await get(path, user)).text();
			expect(html).toContain('Tiers-lieu géré');
			expect(html).not.toContain('structure-history');
		}
		const html = await (await get(path, moderator)).text();
		expect(html).toContain('data-testid="structure-history"');
		expect(html).toContain('Fiche importée');
	});

	it('let an admin change a role, audited, but not their own', async () => {
		const own = await post('/admin/utilisateurs?/role', admin, { user: admin.id, role: 'partner' });
		expect(own.status).toBe(403);
		const changed = await post('/admin/utilisateurs?/role', admin, {
			user: other.id,
			role: 'moderator'
		});
		expect(changed.status).toBe(303);
		expect((await sql`select role from users where id = ${other.id}`)[0]!.role).toBe('moderator');
		const [audit] = await sql`select actor_id, details from audit_log
			where action = 'user.role_changed' and entity_id = ${other.id}`;
		expect(audit).toEqual({ actor_id: admin.id, details: { from: 'partner', to: 'moderator' } });
		const list = await (await get('/admin/utilisateurs?q=oscar', admin)).text();
		expect(list).toContain(other.email);
		expect(list).not.toContain(owner.email);
		await sql`update users set role = 'partner' where id = ${other.id}`;
	});
});
