import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as revisions from '../../src/lib/server/revisions';
import type { FormFields } from '../helpers/http';
import {
	context,
	emailsTo,
	makeUser,
	payload,
	submitted,
	type TestUser
} from './revisions-fixtures';
import { identityFields, usePartnerSpace } from './revisions-http-fixtures';
import { insertStructure } from './structures-fixtures';

/**
 * The forms of the registration journeys through real HTTP: what applicants see of the
 * moderators, control characters refused by every form, the UAI look-up, claims, decisions
 * from the moderation page, a manager's change (fixtures: revisions-http-fixtures.ts).
 */
const space = usePartnerSpace();

describe('moderators’ addresses', () => {
	it('are never shown to applicants, who see « L’équipe de modération » instead', async () => {
		const nameless = await makeUser(space.sql, 'moderator');
		await space.sql`update users set display_name = '' where id = ${nameless.id}`;
		const id = await submitted(
			space.owner,
			payload({ identity: { ...payload().identity, name: 'Discrète' } })
		);
		await revisions.startReview(nameless, id, context);
		await revisions.requestInfo(nameless, id, 'Pouvez-vous préciser l’adresse ?', context);
		await revisions.comment(space.moderator, id, 'Note interne de Mona');
		const applicantViews = [
			await (await space.get(`/espace/demandes/${id}`, space.owner)).text(),
			await (await space.get(`/espace/demandes/${id}/__data.json`, space.owner)).text()
		];
		for (const view of applicantViews) {
			expect(view).toContain('Pouvez-vous préciser l’adresse ?');
			expect(view).toContain('L’équipe de modération');
			expect(view).not.toContain(nameless.email);
			expect(view).not.toContain(space.moderator.email);
			expect(view).not.toContain('Note interne de Mona');
		}
		expect(applicantViews[0]).not.toContain('L’équipe de modération (modération)');
		// Staff still see who did what.
		const staffView = await (
			await space.get(`/moderation/${id}/__data.json`, space.moderator)
		).text();
		expect(staffView).toContain(nameless.email);
		for (const { subject, body } of await emailsTo(space.sql, space.owner.email))
			expect(`${subject}\n${body}`).not.toContain(nameless.email);
	});
});

describe('control characters in forms', () => {
	const counts = async () =>
		(
			await space.sql<{ users: number; revisions: number; messages: number; audit: number }[]>`
			select (select count(*)::int from users) as users,
				(select count(*)::int from revisions) as revisions,
				(select count(*)::int from revision_messages) as messages,
				(select count(*)::int from audit_log) as audit`
		)[0]!;

	it('refuses a NUL byte or another control character in any form with a French 400, storing nothing', async () => {
		const before = await counts();
		const draftBefore = await space.storedPayload(space.draftId);
		const attempts: [string, TestUser | null, FormFields][] = [
			[
				'/compte/inscription',
				null,
				{
					displayName: 'Nul\u0000',
					email: 'nul@exemple.fr',
					password: 'cheval agrafe batterie correcte'
				}
			],
			['/compte/connexion', null, { email: 'nul\u0000@exemple.fr', password: 'x' }],
			['/compte/mot-de-passe-oublie', null, { email: `${space.owner.email}\u0000` }],
			['/compte/verification?/renvoyer', null, { email: `${space.owner.email}\u001b` }],
			[
				'/compte/nouveau-mot-de-passe',
				null,
				{ token: '\u0000', password: 'cheval agrafe batterie correcte' }
			],
			[
				'/espace/inscrire',
				space.owner,
				identityFields({ name: 'Atelier\u0000', key: randomUUID() })
			],
			[
				'/espace/inscrire',
				space.owner,
				identityFields({ description: 'a\u0007b', key: randomUUID() })
			],
			[
				`/espace/demandes/${space.draftId}/identite?/save`,
				space.owner,
				identityFields({ website: 'https://a.example/\u0000' })
			],
			[`/espace/demandes/${space.sentId}?/reply`, space.owner, { message: 'Réponse\u0000' }],
			[
				`/espace/revendiquer/${space.structureId}`,
				space.other,
				{ message: 'C’est à moi\u0000', key: randomUUID() }
			],
			[`/moderation/${space.sentId}?/refuse`, space.moderator, { reason: 'Non\u0000' }],
			[`/moderation/${space.sentId}?/comment`, space.moderator, { internal: 'Note\u0000' }],
			['/admin/utilisateurs?/role', space.admin, { user: space.other.id, role: 'admin\u0000' }],
			[
				'/espace/inscrire',
				space.owner,
				{ ...identityFields({ key: randomUUID() }), 'name\u0000': 'x' }
			]
		];
		for (const [path, user, fields] of attempts) {
			const response = await space.post(path, user, fields);
			expect(response.status, path).toBe(400);
			expect(await response.text(), path).toContain('caractère de contrôle');
		}
		expect(await counts()).toEqual(before);
		expect(await space.storedPayload(space.draftId)).toEqual(draftBefore);
		expect((await space.sql`select role from users where id = ${space.other.id}`)[0]!.role).toBe(
			'partner'
		);
	});

	it('keeps tabs and line breaks, which multi-line fields need', async () => {
		const response = await space.post(
			'/espace/inscrire',
			space.owner,
			identityFields({ description: 'Ligne 1\r\nLigne 2\tfin', key: randomUUID() })
		);
		expect(response.status).toBe(303);
	});

	it('reads every form through the helper that refuses control characters', () => {
		const offenders = readdirSync('src', { recursive: true, encoding: 'utf8' })
			.filter((file) => /\.(ts|svelte)$/.test(file))
			.filter((file) => !file.endsWith(join('input', 'control-characters.ts')))
			.filter((file) => readFileSync(join('src', file), 'utf8').includes('.formData()'));
		expect(offenders).toEqual([]);
	});
});

describe('forms of the journeys', () => {
	it('offers the fiche already on the map for a known UAI, and takes its information', async () => {
		const school = await insertStructure(space.sql, {
			name: 'Collège Jules Ferry',
			categories: ['college'],
			lon: 4.6,
			lat: 47.2,
			commune: '21003',
			identifiers: { uai: '0211235D' }
		});
		const start = await space.post(
			'/espace/inscrire',
			space.owner,
			identityFields({ name: 'Collège Jules-Ferry', category: 'college', key: randomUUID() })
		);
		const id = start.headers.get('location')!.split('/')[3]!;
		const saved = await space.post(`/espace/demandes/${id}/identifiants?/save`, space.owner, {
			uai: '0211235d',
			siret: ''
		});
		expect(saved.status).toBe(303);
		expect(saved.headers.get('location')).toBe(`/espace/demandes/${id}/identifiants?verifie`);
		const page = await (
			await space.get(`/espace/demandes/${id}/identifiants?verifie`, space.owner)
		).text();
		expect(page).toContain('Cet établissement est déjà sur la carte');
		expect(page).toContain(`/espace/revendiquer/${school}?demande=${id}`);

		const prefilled = await space.post(`/espace/demandes/${id}/identifiants?/prefill`, space.owner);
		expect(prefilled.headers.get('location')).toBe(`/espace/demandes/${id}/adresse`);
		expect((await space.storedPayload(id)).location).toMatchObject({
			lon: 4.6,
			lat: 47.2,
			communeCode: '21003'
		});

		// « C’est ma structure » instead: the claim is sent and the draft dropped.
		const claim = await space.post(`/espace/revendiquer/${school}`, space.owner, {
			message: 'Je suis le principal du collège.',
			key: randomUUID(),
			draft: id
		});
		expect(claim.status).toBe(303);
		expect(claim.headers.get('location')).toMatch(/^\/espace\/demandes\/[0-9a-f-]{36}\?envoyee$/);
		expect(await space.sql`select 1 from revisions where id = ${id}`).toHaveLength(0);
		const [sent] = await space.sql`select kind, status, structure_id from revisions
			where author_id = ${space.owner.id} and kind = 'claim'`;
		expect(sent).toEqual({ kind: 'claim', status: 'received', structure_id: school });
	});

	it('asks moderators for a reason to refuse, and applies an approval sent from the page', async () => {
		const id = await submitted(
			space.other,
			payload({ identity: { ...payload().identity, name: 'À décider' } })
		);
		const empty = await space.post(`/moderation/${id}?/refuse`, space.moderator, { reason: ' ' });
		expect(empty.status).toBe(400);
		expect(await empty.text()).toContain('Indiquez la raison du refus');
		const note = await space.post(`/moderation/${id}?/comment`, space.moderator, { internal: '' });
		expect(await note.text()).toContain('Écrivez la note');

		const page = await (await space.get(`/moderation/${id}`, space.moderator)).text();
		expect(page).toContain('data-testid="diff"');
		const taken = await space.post(`/moderation/${id}?/review`, space.moderator);
		expect(taken.status).toBe(303);
		expect(taken.headers.get('location')).toBe(`/moderation/${id}?pris`);
		const [reviewed] = await space.sql`select status from revisions where id = ${id}`;
		expect(reviewed!.status).toBe('in_review');
		const approved = await space.post(`/moderation/${id}?/approve`, space.moderator, {
			seenVersion: '',
			note: 'Bienvenue'
		});
		expect(approved.status).toBe(303);
		expect(approved.headers.get('location')).toBe(`/moderation/${id}?approuvee`);
		const [row] = await space.sql`select status from revisions where id = ${id}`;
		expect(row!.status).toBe('published');
		const mine = await (await space.get(`/espace/demandes/${id}`, space.other)).text();
		expect(mine).toContain('Demande acceptée : la fiche est publiée.');
		expect(mine).toContain('Bienvenue');
	});

	it('lets a manager start a change, prefilled, and refuses it to anyone else', async () => {
		const edit = await space.post(`/espace/structures/${space.structureId}?/edit`, space.owner, {
			key: randomUUID()
		});
		expect(edit.status).toBe(303);
		const location = edit.headers.get('location')!;
		expect(location).toMatch(/^\/espace\/demandes\/[0-9a-f-]{36}\/identite$/);
		const html = await (await space.get(location, space.owner)).text();
		expect(html).toContain('Modifier « Tiers-lieu géré »');
		expect(html).toContain('value="Tiers-lieu géré"');
	});
});
