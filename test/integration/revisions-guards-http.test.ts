import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { TestUser } from './revisions-fixtures';
import { identityFields, usePartnerSpace } from './revisions-http-fixtures';

/**
 * Who may see and do what in the partner space, the moderation queue and the admin pages,
 * through real HTTP: every protected page and action tried as an anonymous visitor, as another
 * partner and as staff (fixtures: revisions-http-fixtures.ts). The cross-site form post (403)
 * needs a production build: test/e2e covers it.
 */
const space = usePartnerSpace();

describe('guards', () => {
	const pages = () => [
		'/espace',
		'/espace/inscrire',
		`/espace/demandes/${space.draftId}`,
		`/espace/demandes/${space.draftId}/identite`,
		`/espace/demandes/${space.draftId}/adresse`,
		`/espace/demandes/${space.draftId}/envoi`,
		`/espace/demandes/${space.sentId}`,
		`/espace/structures/${space.structureId}`,
		`/espace/revendiquer/${space.structureId}`,
		'/moderation',
		`/moderation/${space.sentId}`,
		'/admin/utilisateurs'
	];

	it('send anonymous visitors of every protected page to the sign-in page, and back', async () => {
		for (const path of pages()) {
			const response = await space.get(path, null);
			expect(response.status, path).toBe(303);
			expect(response.headers.get('location'), path).toBe(
				`/compte/connexion?redirectTo=${encodeURIComponent(path)}`
			);
		}
	});

	it('send anonymous form posts to the sign-in page without doing anything', async () => {
		const before = await space.countRevisions();
		for (const path of [
			'/espace/inscrire',
			`/espace/demandes/${space.draftId}/identite?/save`,
			`/espace/demandes/${space.draftId}/envoi`,
			`/espace/demandes/${space.sentId}?/withdraw`,
			`/espace/structures/${space.structureId}?/edit`,
			`/espace/revendiquer/${space.structureId}`,
			`/moderation/${space.sentId}?/approve`,
			'/admin/utilisateurs?/role'
		]) {
			const response = await space.post(path, null, identityFields({ key: randomUUID() }));
			expect(response.status, path).toBe(303);
			expect(response.headers.get('location'), path).toMatch(/^\/compte\/connexion\?redirectTo=/);
		}
		expect(await space.countRevisions()).toBe(before);
	});

	it('show a partner their own requests and structures, and nobody else’s (404)', async () => {
		for (const path of pages().slice(0, 9))
			expect((await space.get(path, space.owner)).status, path).toBe(200);
		for (const path of [
			`/espace/demandes/${space.draftId}`,
			`/espace/demandes/${space.draftId}/identite?/save`,
			`/espace/demandes/${space.draftId}/envoi`,
			`/espace/demandes/${space.sentId}`,
			`/espace/structures/${space.structureId}`
		])
			expect((await space.get(path, space.other)).status, path).toBe(404);
		const mine = await (await space.get('/espace', space.other)).text();
		expect(mine).not.toContain('Fablab des Tilleuls');
		expect(mine).not.toContain('Tiers-lieu géré');
	});

	it('refuse another partner’s posts on someone else’s request or structure', async () => {
		const before = await space.storedPayload(space.draftId);
		const saved = await space.post(
			`/espace/demandes/${space.draftId}/identite?/save`,
			space.other,
			identityFields()
		);
		expect(saved.status).toBe(404);
		expect((await space.post(`/espace/demandes/${space.draftId}/envoi`, space.other)).status).toBe(
			404
		);
		expect(
			(await space.post(`/espace/demandes/${space.sentId}?/withdraw`, space.other)).status
		).toBe(404);
		const edit = await space.post(`/espace/structures/${space.structureId}?/edit`, space.other, {
			key: randomUUID()
		});
		expect(edit.status).toBe(404);
		expect(await space.storedPayload(space.draftId)).toEqual(before);
		expect(
			(await space.sql`select status from revisions where id = ${space.sentId}`)[0]!.status
		).toBe('received');
	});

	it('keep partners out of the moderation queue and the admin pages (403)', async () => {
		for (const path of ['/moderation', `/moderation/${space.sentId}`, '/admin/utilisateurs'])
			expect((await space.get(path, space.other)).status, path).toBe(403);
		const approve = await space.post(`/moderation/${space.sentId}?/approve`, space.owner);
		expect(approve.status).toBe(403);
		const role = await space.post('/admin/utilisateurs?/role', space.owner, {
			user: space.owner.id,
			role: 'admin'
		});
		expect(role.status).toBe(403);
		expect((await space.sql`select role from users where id = ${space.owner.id}`)[0]!.role).toBe(
			'partner'
		);
	});

	it('let staff see sent requests but never drafts, and only admins manage roles', async () => {
		expect((await space.get('/moderation', space.moderator)).status).toBe(200);
		expect((await space.get(`/moderation/${space.sentId}`, space.moderator)).status).toBe(200);
		expect((await space.get(`/moderation/${space.draftId}`, space.moderator)).status).toBe(404);
		expect((await space.get(`/espace/demandes/${space.draftId}`, space.moderator)).status).toBe(
			404
		);
		expect((await space.get(`/espace/demandes/${space.sentId}`, space.moderator)).status).toBe(404);
		const queue = await (await space.get('/moderation', space.moderator)).text();
		expect(queue).toContain('Envoyée');
		expect(queue).not.toContain(space.draftId);

		expect((await space.get('/admin/utilisateurs', space.moderator)).status).toBe(403);
		expect((await space.get('/admin/utilisateurs', space.admin)).status).toBe(200);
		expect((await space.get('/moderation', space.admin)).status).toBe(200);
	});

	it('answer a database failure with an error page, never with a 404 that hides it', async () => {
		const pages: [string, TestUser][] = [
			[`/espace/demandes/${space.sentId}`, space.owner],
			[`/espace/demandes/${space.draftId}/identite`, space.owner],
			[`/espace/demandes/${space.draftId}/envoi`, space.owner],
			[`/moderation/${space.sentId}`, space.moderator]
		];
		for (const [path, user] of pages) expect((await space.get(path, user)).status, path).toBe(200);
		// A real failure: the table every revision page reads is gone for a moment.
		await space.sql`alter table revisions rename to revisions_away`;
		try {
			for (const [path, user] of pages)
				expect((await space.get(path, user)).status, path).toBe(500);
		} finally {
			await space.sql`alter table revisions_away rename to revisions`;
		}
		for (const [path, user] of pages) expect((await space.get(path, user)).status, path).toBe(200);
	});

	it('show the history of a structure to staff only', async () => {
		const path = `/structures/${await space.slugOf(space.structureId)}`;
		for (const user of [null, space.owner, space.other]) {
			const html = await (await space.get(path, user)).text();
			expect(html).toContain('Tiers-lieu géré');
			expect(html).not.toContain('structure-history');
		}
		const html = await (await space.get(path, space.moderator)).text();
		expect(html).toContain('data-testid="structure-history"');
		expect(html).toContain('Fiche importée');
	});

	it('let an admin change a role, audited, but not their own', async () => {
		const own = await space.post('/admin/utilisateurs?/role', space.admin, {
			user: space.admin.id,
			role: 'partner'
		});
		expect(own.status).toBe(403);
		const changed = await space.post('/admin/utilisateurs?/role', space.admin, {
			user: space.other.id,
			role: 'moderator'
		});
		expect(changed.status).toBe(303);
		expect((await space.sql`select role from users where id = ${space.other.id}`)[0]!.role).toBe(
			'moderator'
		);
		const [audit] = await space.sql`select actor_id, details from audit_log
			where action = 'user.role_changed' and entity_id = ${space.other.id}`;
		expect(audit).toEqual({
			actor_id: space.admin.id,
			details: { from: 'partner', to: 'moderator' }
		});
		const list = await (await space.get('/admin/utilisateurs?q=oscar', space.admin)).text();
		expect(list).toContain(space.other.email);
		expect(list).not.toContain(space.owner.email);
		await space.sql`update users set role = 'partner' where id = ${space.other.id}`;
	});
});
