import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as sessions from '../../src/lib/server/auth/sessions';
import type { Sql } from '../../src/lib/server/db';
import { notifyModerators, REPORT_LIMIT } from '../../src/lib/server/reports';
import { startDevServer } from '../helpers/dev-server';
import { getPage, postForm } from '../helpers/http';
import { makeUser, registrationDatabase, type TestUser } from './revisions-fixtures';
import { insertStructure } from './structures-fixtures';

/**
 * « Signaler une erreur » through real HTTP, as an anonymous visitor: invalid input stores
 * nothing, the honeypot stores nothing, the rate limit holds, and a report reaches the
 * moderators only; resolving it is recorded in the history and the reporter is told.
 * Also the freshness of the API: `confirmed_at`, `updated_at` and `freshness=stale`.
 */
let sql: Sql;
let server: ViteDevServer;
let base: string;
let moderator: TestUser;
let partner: TestUser;
const cookies = new Map<string, string>();
let freshId: string;
let staleId: string;
const slug = 'tiers-lieu-signale';

beforeAll(async () => {
	sql = await registrationDatabase();
	({ server, base } = await startDevServer());
	moderator = await makeUser(sql, 'moderator', 'Mona Modère');
	partner = await makeUser(sql, 'partner', 'Paula Partenaire');
	for (const user of [moderator, partner])
		cookies.set(user.id, `session=${(await sessions.create(user.id)).token}`);
	freshId = await insertStructure(sql, {
		name: 'Tiers-lieu signalé',
		slug,
		categories: ['fablab-tiers-lieu'],
		lon: 4.25,
		lat: 47.75,
		commune: '21001'
	});
	staleId = await insertStructure(sql, {
		name: 'Médiathèque ancienne',
		slug: 'mediatheque-ancienne',
		categories: ['mediation-numerique'],
		lon: 4.5,
		lat: 47.25,
		commune: '21003'
	});
	await sql`update structures set confirmed_at = now() - interval '13 months' where id = ${staleId}`;
}, 180_000);

afterAll(async () => {
	await server?.close();
});

const as = (user: TestUser | null): Record<string, string> =>
	user ? { cookie: cookies.get(user.id)! } : {};

const get = (path: string, user: TestUser | null = null) => getPage(base, path, as(user));

const post = (path: string, fields: Record<string, string>, user: TestUser | null = null) =>
	postForm(base, path, fields, as(user));

const reportCount = async () =>
	(await sql<{ n: number }[]>`select count(*)::int as n from error_reports`)[0]!.n;

const MESSAGE = 'Le lieu a fermé ses portes en juin, le local est vide.';

describe('freshness on the page and in the API', () => {
	it('shows when the fiche was confirmed, or « À vérifier », and links to the report form', async () => {
		const fresh = await (await get(`/structures/${slug}`)).text();
		expect(fresh).toContain('Informations confirmées le');
		expect(fresh).not.toContain('À vérifier');
		expect(fresh).toContain(`/structures/${slug}/signaler`);
		const stale = await (await get('/structures/mediatheque-ancienne')).text();
		expect(stale).toContain('À vérifier');
	});

	it('exposes confirmed_at and updated_at, and filters freshness=stale', async () => {
		const all = (await (await get('/api/v1/structures')).json()) as {
			items: { id: string; confirmed_at: string; updated_at: string; confirmed_by: string }[];
		};
		expect(all.items).toHaveLength(2);
		for (const item of all.items) {
			expect(Number.isNaN(Date.parse(item.confirmed_at))).toBe(false);
			expect(Number.isNaN(Date.parse(item.updated_at))).toBe(false);
		}
		const stale = (await (await get('/api/v1/structures?freshness=stale')).json()) as {
			items: { id: string }[];
			total: number;
		};
		expect(stale.items.map((i) => i.id)).toEqual([staleId]);
		expect(stale.total).toBe(1);
		const detail = (await (await get(`/api/v1/structures/${freshId}`)).json()) as Record<
			string,
			unknown
		>;
		expect(detail).toHaveProperty('confirmed_at');
		expect(detail).toHaveProperty('updated_at');
		const bad = await get('/api/v1/structures?freshness=old');
		expect(bad.status).toBe(400);
		expect(JSON.stringify(await bad.json())).toContain('freshness');
	});
});

describe('an anonymous report', () => {
	it('stores nothing from invalid input and answers in French', async () => {
		const response = await post(`/structures/${slug}/signaler`, {
			kind: 'nope',
			message: 'ah',
			email: 'pas-une-adresse'
		});
		expect(response.status).toBe(400);
		const html = await response.text();
		expect(html).toContain('Indiquez ce qui est inexact.');
		expect(html).toContain('au moins 5 caractères');
		expect(html).toContain('adresse électronique valide');
		expect(html).toContain('data-testid="error-summary"');
		expect(await reportCount()).toBe(0);
	});

	it('stores nothing when the honeypot is filled, yet answers like a success', async () => {
		const response = await post(`/structures/${slug}/signaler`, {
			kind: 'closed',
			message: MESSAGE,
			site_internet: 'http://spam.example'
		});
		expect(response.status).toBe(303);
		expect(await reportCount()).toBe(0);
	});

	it('reaches the moderators, and nobody else', async () => {
		await sql`delete from rate_limits`;
		const response = await post(`/structures/${slug}/signaler`, {
			kind: 'closed',
			message: MESSAGE,
			email: 'visiteur@exemple.fr'
		});
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toContain('envoye');
		expect(await reportCount()).toBe(1);

		const list = await get('/moderation/signalements', moderator);
		expect(list.status).toBe(200);
		expect(await list.text()).toContain('Tiers-lieu signalé');
		const id = (await sql<{ id: string }[]>`select id from error_reports`)[0]!.id;
		const detail = await (await get(`/moderation/signalements/${id}`, moderator)).text();
		expect(detail).toContain(MESSAGE);
		expect(detail).toContain('La fiche publiée');

		expect((await get('/moderation/signalements', partner)).status).toBe(403);
		expect((await get(`/moderation/signalements/${id}`, partner)).status).toBe(403);
		expect((await get(`/moderation/signalements/${id}`)).status).toBe(303);
		for (const path of [
			`/structures/${slug}`,
			`/api/v1/structures/${freshId}`,
			'/api/v1/structures'
		]) {
			const body = await (await get(path)).text();
			expect(body).not.toContain('a fermé ses portes');
			expect(body).not.toContain('visiteur@exemple.fr');
		}
	});

	it('is limited per address', async () => {
		await sql`delete from rate_limits`;
		const before = await reportCount();
		const statuses: number[] = [];
		for (let k = 0; k <= REPORT_LIMIT.max; k++)
			statuses.push(
				(await post(`/structures/${slug}/signaler`, { kind: 'other', message: `${MESSAGE} ${k}` }))
					.status
			);
		expect(statuses.filter((s) => s === 303)).toHaveLength(REPORT_LIMIT.max);
		expect(statuses.at(-1)).toBe(429);
		expect(await reportCount()).toBe(before + REPORT_LIMIT.max);
	});

	it('tells every moderator once per report, without the reporter’s address', async () => {
		const reports = await reportCount();
		const staff = (
			await sql<{ email: string }[]>`select email from users
				where role in ('moderator', 'admin') and disabled_at is null
					and email_verified_at is not null`
		).map((r) => r.email);
		expect(staff).toContain(moderator.email);
		const mails = await sql<{ recipient: string; body: string }[]>`
			select recipient, body from email_outbox where subject like 'Nouveau signalement%'`;
		expect(mails).toHaveLength(reports * staff.length);
		for (const mail of mails) {
			expect(staff).toContain(mail.recipient);
			expect(mail.body).not.toContain('visiteur@exemple.fr');
			expect(mail.body).toContain('/moderation/signalements');
		}
		expect(mails.map((m) => m.recipient)).not.toContain(partner.email);
		const closed = mails.filter((m) => m.body.includes(MESSAGE + '\n'));
		expect(closed).toHaveLength(staff.length);
		expect(closed[0]!.body).toContain('a laissé une adresse pour être informé');

		// A report not yet notified (a crash after its commit) and two senders at once: one
		// email per moderator, and nothing on the next call.
		await sql`insert into error_reports (structure_id, kind, message)
			values (${staleId}, 'moved', 'Adresse erronée depuis le déménagement.')`;
		const claimed = await Promise.all([notifyModerators(base), notifyModerators(base)]);
		expect(claimed[0] + claimed[1]).toBe(1);
		expect(await notifyModerators(base)).toBe(0);
		const moved = await sql<{ recipient: string; body: string }[]>`
			select recipient, body from email_outbox where body like '%Adresse erronée depuis%'`;
		expect(moved.map((m) => m.recipient).sort()).toEqual([...staff].sort());
		expect(moved[0]!.body).toContain('n’a pas demandé à être informé');
		await sql`delete from error_reports where structure_id = ${staleId}`;
	});

	it('resolved by a moderator: history, closure kept as archive, reporter told, address erased', async () => {
		const id = (await sql<{ id: string }[]>`select id from error_reports where kind = 'closed'`)[0]!
			.id;
		expect(
			(await post(`/moderation/signalements/${id}`, { decision: 'accepted' }, partner)).status
		).toBe(403);
		const response = await post(
			`/moderation/signalements/${id}`,
			{ decision: 'accepted', close: 'on', note: 'Fermeture confirmée par la mairie.' },
			moderator
		);
		expect(response.status).toBe(303);
		const [report] = await sql<{ status: string; reporter_email: string | null }[]>`
			select status, reporter_email from error_reports where id = ${id}`;
		expect(report).toEqual({ status: 'accepted', reporter_email: null });
		const [structure] = await sql<{ status: string }[]>`
			select status from structures where id = ${freshId}`;
		expect(structure!.status).toBe('closed');
		const actions = (
			await sql<{ action: string }[]>`
				select action from audit_log where entity = 'structure' and entity_id = ${freshId}
				order by id`
		).map((r) => r.action);
		expect(actions).toEqual(
			expect.arrayContaining(['report.received', 'report.accepted', 'structure.closed'])
		);
		const [mail] = await sql<{ subject: string; body: string }[]>`
			select subject, body from email_outbox where recipient = 'visiteur@exemple.fr'`;
		expect(mail!.subject).toContain('Tiers-lieu signalé');
		expect(mail!.body).toContain('Fermeture confirmée par la mairie.');

		const again = await post(`/moderation/signalements/${id}`, { decision: 'rejected' }, moderator);
		expect(again.status).toBe(409);
	});
});
