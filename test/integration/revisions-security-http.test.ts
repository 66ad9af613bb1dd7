import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer } from '../helpers/dev-server';
import * as sessions from '../../src/lib/server/auth/sessions';
import type { Sql } from '../../src/lib/server/db';
import { REVISION_LIMIT } from '../../src/lib/server/revisions';
import * as revisions from '../../src/lib/server/revisions';
import {
	context,
	draft,
	emailsTo,
	makeUser,
	payload,
	registrationDatabase,
	submitted,
	VALID_SIRET,
	type TestUser
} from './revisions-fixtures';
import { insertStructure } from './structures-fixtures';

/**
 * The partner space, the moderation queue and the admin pages through real HTTP (the app on a
 * Vite dev server in this process, on this file's schema): every protected page and action
 * tried as an anonymous visitor, as another partner and as staff, and a corpus of hostile
 * inputs. The cross-site form post (403) needs a production build: test/e2e covers it.
 */
let sql: Sql;
let server: ViteDevServer;
let base: string;

let owner: TestUser;
let other: TestUser;
let moderator: TestUser;
let admin: TestUser;
const cookies = new Map<string, string>();

let draftId: string;
let sentId: string;
let structureId: string;

beforeAll(async () => {
	sql = await registrationDatabase();
	({ server, base } = await startDevServer());
	owner = await makeUser(sql, 'partner', 'Paula Partenaire');
	other = await makeUser(sql, 'partner', 'Oscar Autre');
	moderator = await makeUser(sql, 'moderator', 'Mona Modère');
	admin = await makeUser(sql, 'admin', 'Ada Admin');
	for (const user of [owner, other, moderator, admin])
		cookies.set(user.id, `session=${(await sessions.create(user.id)).token}`);
	draftId = await draft(owner);
	sentId = await submitted(
		owner,
		payload({ identity: { ...payload().identity, name: 'Envoyée' } })
	);
	structureId = await insertStructure(sql, {
		name: 'Tiers-lieu géré',
		categories: ['fablab-tiers-lieu'],
		lon: 4.25,
		lat: 47.75,
		commune: '21001'
	});
	await sql`insert into memberships (user_id, structure_id) values (${owner.id}, ${structureId})`;
}, 180_000);

afterAll(async () => {
	await server?.close();
});

const as = (user: TestUser | null): Record<string, string> =>
	user ? { cookie: cookies.get(user.id)! } : {};

function get(path: string, user: TestUser | null) {
	return fetch(base + path, { redirect: 'manual', headers: as(user) });
}

function post(
	path: string,
	user: TestUser | null,
	fields: Record<string, string | string[]> = {},
	headers: Record<string, string> = {}
) {
	const body = new URLSearchParams();
	for (const [name, value] of Object.entries(fields))
		for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
	return fetch(base + path, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			// A browser without JavaScript: HTML answers and 303 redirects.
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded',
			origin: base,
			...as(user),
			...headers
		},
		body
	});
}

const identityFields = (overrides: Record<string, string | string[]> = {}) => ({
	name: 'Atelier numérique du Parc',
	category: 'fablab-tiers-lieu',
	description: 'Un atelier.',
	website: 'https://atelier.example.fr',
	email: '',
	phone: '',
	...overrides
});

const slugOf = async (id: string) =>
	(await sql<{ slug: string }[]>`select slug from structures where id = ${id}`)[0]!.slug;

const countRevisions = async () =>
	(await sql<{ n: number }[]>`select count(*)::int as n from revisions`)[0]!.n;

const storedPayload = async (id: string) =>
	(
		await sql<
			{ payload: Record<string, unknown> }[]
		>`select payload from revisions where id = ${id}`
	)[0]!.payload;

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

describe('hostile input', () => {
	it('stores an XSS payload as text and shows it escaped', async () => {
		const xss = '<script>alert("x")</script><img src=x onerror=alert(1)>';
		const response = await post(
			'/espace/inscrire',
			owner,
			identityFields({
				name: xss,
				description: `${xss}\n=HYPERLINK("http://evil.example","x")`,
				key: randomUUID()
			})
		);
		expect(response.status).toBe(303);
		const id = response.headers.get('location')!.split('/')[3]!;
		const stored = (await storedPayload(id)).identity as { name: string; description: string };
		expect(stored.name).toBe(xss);
		expect(stored.description).toBe(`${xss}\n=HYPERLINK("http://evil.example","x")`);
		for (const path of [`/espace/demandes/${id}`, `/espace/demandes/${id}/identite`]) {
			const html = await (await get(path, owner)).text();
			expect(html, path).not.toContain('<script>alert');
			expect(html, path).not.toContain('<img src=x');
			expect(html, path).toContain('&lt;script>alert');
		}
	});

	it('refuses javascript: and data: addresses, with the message by the field and nothing saved', async () => {
		for (const website of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>']) {
			const before = await countRevisions();
			const response = await post(
				'/espace/inscrire',
				owner,
				identityFields({ website, key: randomUUID() })
			);
			expect(response.status).toBe(400);
			const html = await response.text();
			expect(html).toContain('Seules les adresses de site commençant par http:// ou https://');
			// The form comes back filled in.
			expect(html).toContain('value="Atelier numérique du Parc"');
			expect(await countRevisions()).toBe(before);
		}
		const before = await storedPayload(draftId);
		const step = await post(
			`/espace/demandes/${draftId}/identite?/save`,
			owner,
			identityFields({ website: 'javascript:alert(1)' })
		);
		expect(step.status).toBe(400);
		expect(await storedPayload(draftId)).toEqual(before);
	});

	it('refuses very long texts', async () => {
		const before = await countRevisions();
		const long = await post(
			'/espace/inscrire',
			owner,
			identityFields({ name: 'A'.repeat(10_000), key: randomUUID() })
		);
		expect(long.status).toBe(400);
		const html = await long.text();
		expect(html).toContain('Le nom ne peut dépasser 200 caractères.');
		expect(html).not.toContain('A'.repeat(4001));
		const description = await post(
			'/espace/inscrire',
			owner,
			identityFields({ description: 'é'.repeat(3001), key: randomUUID() })
		);
		expect(await description.text()).toContain('La description ne peut dépasser 3');
		const huge = await post(
			'/espace/inscrire',
			owner,
			identityFields({ description: 'x'.repeat(200_000), key: randomUUID() })
		);
		expect(huge.status).toBe(413);
		expect(await countRevisions()).toBe(before);
	});

	it('refuses NaN, infinite and out-of-region coordinates', async () => {
		const before = await storedPayload(draftId);
		for (const [lon, lat] of [
			['NaN', '47.2'],
			['Infinity', '47.2'],
			['4.5', ''],
			['1e3', '47'],
			['6.5', '47']
		]) {
			const response = await post(`/espace/demandes/${draftId}/adresse?/save`, owner, {
				street: '1 rue du Test',
				postcode: '21850',
				commune: 'Saint-Apollinaire',
				lon: lon!,
				lat: lat!,
				pin: 'manual'
			});
			expect(response.status, `${lon},${lat}`).toBe(400);
			const html = await response.text();
			expect(html).toMatch(/La position du repère n’est pas valide|en dehors de la région/);
		}
		expect(await storedPayload(draftId)).toEqual(before);
	});

	it('places an address sent without a pin (no JavaScript) on the server', async () => {
		const response = await post(`/espace/demandes/${draftId}/adresse?/save`, owner, {
			street: '5 place de la Mairie',
			postcode: '',
			commune: 'Bèze',
			lon: '',
			lat: '',
			pin: ''
		});
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe(`/espace/demandes/${draftId}/programmes`);
		expect((await storedPayload(draftId)).location).toMatchObject({
			street: '5 place de la Mairie',
			communeCode: '21002',
			communeName: 'Bèze'
		});
	});

	it('refuses invalid UAI and SIRET', async () => {
		const before = await storedPayload(draftId);
		const response = await post(`/espace/demandes/${draftId}/identifiants?/save`, owner, {
			uai: '0211234A',
			siret: '12345678901234'
		});
		expect(response.status).toBe(400);
		const html = await response.text();
		expect(html).toContain('sa lettre ne correspond pas à ses chiffres');
		expect(html).toContain('sa clé de contrôle ne correspond pas');
		expect(await storedPayload(draftId)).toEqual(before);
		const valid = await post(`/espace/demandes/${draftId}/identifiants?/save`, owner, {
			uai: '',
			siret: VALID_SIRET.replace(/(\d{3})/g, '$1 ')
		});
		expect(valid.status).toBe(303);
		expect((await storedPayload(draftId)).identifiers).toEqual({ uai: null, siret: VALID_SIRET });
	});

	it('creates one request when the same form is sent twice in parallel', async () => {
		const key = randomUUID();
		const before = await countRevisions();
		const [a, b] = await Promise.all([
			post('/espace/inscrire', owner, identityFields({ key })),
			post('/espace/inscrire', owner, identityFields({ key }))
		]);
		expect([a.status, b.status]).toEqual([303, 303]);
		expect(a.headers.get('location')).toBe(b.headers.get('location'));
		expect(await countRevisions()).toBe(before + 1);
	});

	it('sends a draft once when « Envoyer » is clicked twice', async () => {
		const id = await draft(owner);
		const [a, b] = await Promise.all([
			post(`/espace/demandes/${id}/envoi`, owner),
			post(`/espace/demandes/${id}/envoi`, owner)
		]);
		expect([a.status, b.status]).toEqual([303, 303]);
		const audit = await sql`select 1 from audit_log
			where action = 'revision.submitted' and entity_id = ${id}`;
		expect(audit).toHaveLength(1);
	});

	it('limits how many requests one person starts', async () => {
		const spammer = await makeUser(sql, 'partner');
		cookies.set(spammer.id, `session=${(await sessions.create(spammer.id)).token}`);
		for (let i = 0; i < REVISION_LIMIT.max; i++)
			expect(
				(await post('/espace/inscrire', spammer, identityFields({ key: randomUUID() }))).status
			).toBe(303);
		const refused = await post('/espace/inscrire', spammer, identityFields({ key: randomUUID() }));
		expect(refused.status).toBe(429);
		expect(await refused.text()).toContain('Réessayez dans');
	});
});

describe('moderators’ addresses', () => {
	it('are never shown to applicants, who see « L’équipe de modération » instead', async () => {
		const nameless = await makeUser(sql, 'moderator');
		await sql`update users set display_name = '' where id = ${nameless.id}`;
		const id = await submitted(
			owner,
			payload({ identity: { ...payload().identity, name: 'Discrète' } })
		);
		await revisions.startReview(nameless, id, context);
		await revisions.requestInfo(nameless, id, 'Pouvez-vous préciser l’adresse ?', context);
		await revisions.comment(moderator, id, 'Note interne de Mona');
		const applicantViews = [
			await (await get(`/espace/demandes/${id}`, owner)).text(),
			await (await get(`/espace/demandes/${id}/__data.json`, owner)).text()
		];
		for (const view of applicantViews) {
			expect(view).toContain('Pouvez-vous préciser l’adresse ?');
			expect(view).toContain('L’équipe de modération');
			expect(view).not.toContain(nameless.email);
			expect(view).not.toContain(moderator.email);
			expect(view).not.toContain('Note interne de Mona');
		}
		expect(applicantViews[0]).not.toContain('L’équipe de modération (modération)');
		// Staff still see who did what.
		const staffView = await (await get(`/moderation/${id}/__data.json`, moderator)).text();
		expect(staffView).toContain(nameless.email);
		for (const { subject, body } of await emailsTo(sql, owner.email))
			expect(`${subject}\n${body}`).not.toContain(nameless.email);
	});
});

describe('control characters in forms', () => {
	const counts = async () =>
		(
			await sql<{ users: number; revisions: number; messages: number; audit: number }[]>`
			select (select count(*)::int from users) as users,
				(select count(*)::int from revisions) as revisions,
				(select count(*)::int from revision_messages) as messages,
				(select count(*)::int from audit_log) as audit`
		)[0]!;

	it('refuses a NUL byte or another control character in any form with a French 400, storing nothing', async () => {
		const before = await counts();
		const draftBefore = await storedPayload(draftId);
		const attempts: [string, TestUser | null, Record<string, string>][] = [
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
			['/compte/mot-de-passe-oublie', null, { email: `${owner.email}\u0000` }],
			['/compte/verification?/renvoyer', null, { email: `${owner.email}\u001b` }],
			[
				'/compte/nouveau-mot-de-passe',
				null,
				{ token: '\u0000', password: 'cheval agrafe batterie correcte' }
			],
			['/espace/inscrire', owner, identityFields({ name: 'Atelier\u0000', key: randomUUID() })],
			['/espace/inscrire', owner, identityFields({ description: 'a\u0007b', key: randomUUID() })],
			[
				`/espace/demandes/${draftId}/identite?/save`,
				owner,
				identityFields({ website: 'https://a.example/\u0000' })
			],
			[`/espace/demandes/${sentId}?/reply`, owner, { message: 'Réponse\u0000' }],
			[
				`/espace/revendiquer/${structureId}`,
				other,
				{ message: 'C’est à moi\u0000', key: randomUUID() }
			],
			[`/moderation/${sentId}?/refuse`, moderator, { reason: 'Non\u0000' }],
			[`/moderation/${sentId}?/comment`, moderator, { internal: 'Note\u0000' }],
			['/admin/utilisateurs?/role', admin, { user: other.id, role: 'admin\u0000' }],
			['/espace/inscrire', owner, { ...identityFields({ key: randomUUID() }), 'name\u0000': 'x' }]
		];
		for (const [path, user, fields] of attempts) {
			const response = await post(path, user, fields);
			expect(response.status, path).toBe(400);
			expect(await response.text(), path).toContain('caractère de contrôle');
		}
		expect(await counts()).toEqual(before);
		expect(await storedPayload(draftId)).toEqual(draftBefore);
		expect((await sql`select role from users where id = ${other.id}`)[0]!.role).toBe('partner');
	});

	it('keeps tabs and line breaks, which multi-line fields need', async () => {
		const response = await post(
			'/espace/inscrire',
			owner,
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
		const school = await insertStructure(sql, {
			name: 'Collège Jules Ferry',
			categories: ['college'],
			lon: 4.6,
			lat: 47.2,
			commune: '21003',
			identifiers: { uai: '0211235D' }
		});
		const start = await post(
			'/espace/inscrire',
			owner,
			identityFields({ name: 'Collège Jules-Ferry', category: 'college', key: randomUUID() })
		);
		const id = start.headers.get('location')!.split('/')[3]!;
		const saved = await post(`/espace/demandes/${id}/identifiants?/save`, owner, {
			uai: '0211235d',
			siret: ''
		});
		expect(saved.status).toBe(303);
		expect(saved.headers.get('location')).toBe(`/espace/demandes/${id}/identifiants?verifie`);
		const page = await (await get(`/espace/demandes/${id}/identifiants?verifie`, owner)).text();
		expect(page).toContain('Cet établissement est déjà sur la carte');
		expect(page).toContain(`/espace/revendiquer/${school}?demande=${id}`);

		const prefilled = await post(`/espace/demandes/${id}/identifiants?/prefill`, owner);
		expect(prefilled.headers.get('location')).toBe(`/espace/demandes/${id}/adresse`);
		expect((await storedPayload(id)).location).toMatchObject({
			lon: 4.6,
			lat: 47.2,
			communeCode: '21003'
		});

		// « C’est ma structure » instead: the claim is sent and the draft dropped.
		const claim = await post(`/espace/revendiquer/${school}`, owner, {
			message: 'Je suis le principal du collège.',
			key: randomUUID(),
			draft: id
		});
		expect(claim.status).toBe(303);
		expect(claim.headers.get('location')).toMatch(/^\/espace\/demandes\/[0-9a-f-]{36}\?envoyee$/);
		expect(await sql`select 1 from revisions where id = ${id}`).toHaveLength(0);
		const [sent] = await sql`select kind, status, structure_id from revisions
			where author_id = ${owner.id} and kind = 'claim'`;
		expect(sent).toEqual({ kind: 'claim', status: 'received', structure_id: school });
	});

	it('asks moderators for a reason to refuse, and applies an approval sent from the page', async () => {
		const id = await submitted(
			other,
			payload({ identity: { ...payload().identity, name: 'À décider' } })
		);
		const empty = await post(`/moderation/${id}?/refuse`, moderator, { reason: ' ' });
		expect(empty.status).toBe(400);
		expect(await empty.text()).toContain('Indiquez la raison du refus');
		const note = await post(`/moderation/${id}?/comment`, moderator, { internal: '' });
		expect(await note.text()).toContain('Écrivez la note');

		const page = await (await get(`/moderation/${id}`, moderator)).text();
		expect(page).toContain('data-testid="diff"');
		const taken = await post(`/moderation/${id}?/review`, moderator);
		expect(taken.status).toBe(303);
		expect(taken.headers.get('location')).toBe(`/moderation/${id}?pris`);
		const [reviewed] = await sql`select status from revisions where id = ${id}`;
		expect(reviewed!.status).toBe('in_review');
		const approved = await post(`/moderation/${id}?/approve`, moderator, {
			seenVersion: '',
			note: 'Bienvenue'
		});
		expect(approved.status).toBe(303);
		expect(approved.headers.get('location')).toBe(`/moderation/${id}?approuvee`);
		const [row] = await sql`select status from revisions where id = ${id}`;
		expect(row!.status).toBe('published');
		const mine = await (await get(`/espace/demandes/${id}`, other)).text();
		expect(mine).toContain('Demande acceptée : la fiche est publiée.');
		expect(mine).toContain('Bienvenue');
	});

	it('lets a manager start a change, prefilled, and refuses it to anyone else', async () => {
		const edit = await post(`/espace/structures/${structureId}?/edit`, owner, {
			key: randomUUID()
		});
		expect(edit.status).toBe(303);
		const location = edit.headers.get('location')!;
		expect(location).toMatch(/^\/espace\/demandes\/[0-9a-f-]{36}\/identite$/);
		const html = await (await get(location, owner)).text();
		expect(html).toContain('Modifier « Tiers-lieu géré »');
		expect(html).toContain('value="Tiers-lieu géré"');
	});
});
