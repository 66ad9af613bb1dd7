import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/lib/server/db';
import * as revisions from '../../src/lib/server/revisions';
import {
	context,
	draft,
	emailsTo,
	makeUser,
	people,
	registrationDatabase,
	submitted,
	type TestUser
} from './revisions-fixtures';
import { insertStructure } from './structures-fixtures';

let sql: Sql;
let partner: TestUser;
let other: TestUser;
let moderator: TestUser;
let admin: TestUser;
let disabled: TestUser;
let unverified: TestUser;

beforeAll(async () => {
	sql = await registrationDatabase();
	({ partner, other, moderator } = await people(sql));
	admin = await makeUser(sql, 'admin', 'Ada Admin');
	disabled = await makeUser(sql, 'moderator', 'Denis Désactivé');
	unverified = await makeUser(sql, 'moderator', 'Ursule Unverified');
	await sql`update users set disabled_at = now() where id = ${disabled.id}`;
	await sql`update users set email_verified_at = null where id = ${unverified.id}`;
});

const alertsTo = async (user: TestUser, id: string) =>
	(await emailsTo(sql, user.email)).filter((m) => m.body.includes(`/moderation/${id}`));

describe('moderators are told when a request arrives', () => {
	it('emails every active moderator and admin, not the author nor other partners', async () => {
		const id = await submitted(partner);
		for (const staff of [moderator, admin]) {
			const mails = await alertsTo(staff, id);
			expect(mails).toHaveLength(1);
			expect(mails[0]!.subject).toBe('Nouvelle demande à modérer : « Fablab des Tilleuls »');
			expect(mails[0]!.body).toContain(`http://cartonum.test/moderation/${id}`);
			expect(mails[0]!.body).toContain('demande (inscription)');
		}
		expect(await alertsTo(partner, id)).toEqual([]);
		// The author only gets the receipt about their own request.
		expect((await emailsTo(sql, partner.email)).at(-1)!.subject).toBe(
			'Demande reçue : « Fablab des Tilleuls »'
		);
		expect(await emailsTo(sql, other.email)).toEqual([]);
		expect(await emailsTo(sql, disabled.email)).toEqual([]);
		expect(await emailsTo(sql, unverified.email)).toEqual([]);

		// A second send (double click) alerts nobody again.
		await revisions.submit(partner, id, context);
		expect(await alertsTo(moderator, id)).toHaveLength(1);
	});

	it('does not alert the author when staff send a request themselves', async () => {
		const id = await submitted(moderator);
		expect(await alertsTo(moderator, id)).toEqual([]);
		expect(await alertsTo(admin, id)).toHaveLength(1);
	});

	it('alerts for claims and closures, sent at once, with the structure’s name', async () => {
		const structureId = await insertStructure(sql, {
			name: 'Médiathèque de Bèze',
			categories: ['mediation-numerique'],
			lon: 4.75,
			lat: 47.75,
			commune: '21002'
		});
		const claim = await revisions.claim(
			partner,
			structureId,
			randomUUID(),
			{ message: 'Je suis la directrice de la médiathèque.' },
			context
		);
		const [claimAlert] = await alertsTo(moderator, claim.id);
		expect(claimAlert!.subject).toBe('Nouvelle demande à modérer : « Médiathèque de Bèze »');
		expect(claimAlert!.body).toContain('demande (gestion d’une fiche existante)');

		await revisions.approve(moderator, claim.id, context);
		const closure = await revisions.close(
			partner,
			structureId,
			randomUUID(),
			{ reason: 'La médiathèque ferme en juin.' },
			context
		);
		const [closeAlert] = await alertsTo(admin, closure.id);
		expect(closeAlert!.body).toContain('demande (fermeture) concernant « Médiathèque de Bèze »');
		expect(closeAlert!.body).toContain(`http://cartonum.test/moderation/${closure.id}`);
		expect(await emailsTo(sql, other.email)).toEqual([]);
	});

	it('alerts when the applicant answers a request for information', async () => {
		const id = await submitted(partner);
		await revisions.startReview(moderator, id, context);
		await revisions.requestInfo(moderator, id, 'Quel est le nom exact ?', context);
		await revisions.reply(partner, id, 'Fablab des Tilleuls, association loi 1901.', context);
		const mails = await alertsTo(admin, id);
		expect(mails.map((m) => m.subject)).toEqual([
			'Nouvelle demande à modérer : « Fablab des Tilleuls »',
			'Réponse à examiner : « Fablab des Tilleuls »'
		]);
		expect(mails[1]!.body).toContain(`http://cartonum.test/moderation/${id}`);
		expect(await alertsTo(partner, id)).toEqual([]);
	});

	it('still sends the request, and alerts the others, when one email cannot be sent', async () => {
		// A real failure of the outbox insert, for the moderator's address only (from now on).
		await sql.unsafe(
			`alter table email_outbox add constraint refuse_moderator check (recipient <> '${moderator.email}') not valid`
		);
		try {
			const id = await draft(partner);
			await revisions.submit(partner, id, context);
			const [row] = await sql<{ status: string }[]>`select status from revisions where id = ${id}`;
			expect(row!.status).toBe('received');
			expect(await alertsTo(admin, id)).toHaveLength(1);
			expect(await alertsTo(moderator, id)).toEqual([]);
		} finally {
			await sql`alter table email_outbox drop constraint refuse_moderator`;
		}
	});
});
