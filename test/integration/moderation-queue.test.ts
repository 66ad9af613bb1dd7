import { beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/lib/server/db';
import * as moderation from '../../src/lib/server/moderation';
import * as accounts from '../../src/lib/server/auth/account-list';
import * as revisions from '../../src/lib/server/revisions';
import * as users from '../../src/lib/server/auth/users';
import {
	context,
	draft,
	makeUser,
	payload,
	registrationDatabase,
	submitted,
	type TestUser
} from './revisions-fixtures';

let sql: Sql;
let partner: TestUser;
let moderator: TestUser;

beforeAll(async () => {
	sql = await registrationDatabase();
	partner = await makeUser(sql, 'partner', 'Paula Partenaire');
	moderator = await makeUser(sql, 'moderator', 'Mona Modère');
});

const named = (name: string) => payload({ identity: { ...payload().identity, name } });

/** Sends a request as if it had been sent `days` ago. */
async function sentDaysAgo(name: string, days: number): Promise<string> {
	const id = await submitted(partner, named(name));
	await sql`update revisions set submitted_at = now() - make_interval(days => ${days})
		where id = ${id}`;
	return id;
}

describe('the moderation queue', () => {
	it('lists requests waiting for a decision, oldest first, flags the stale ones, hides drafts', async () => {
		const recent = await sentDaysAgo('Récente', 1);
		const old = await sentDaysAgo('Ancienne', 12);
		const middle = await sentDaysAgo('Au seuil', 7);
		await draft(partner, named('Brouillon'));
		const queue = await moderation.queue({ staleDays: 7 });
		expect(queue.map((q) => q.title)).toEqual(['Ancienne', 'Au seuil', 'Récente']);
		expect(queue.map((q) => [q.waitingDays, q.stale])).toEqual([
			[12, true],
			[7, true],
			[1, false]
		]);
		expect(queue[0]).toMatchObject({ id: old, kind: 'create', status: 'received' });
		expect(
			(await moderation.queue({ staleDays: 10 })).filter((q) => q.stale).map((q) => q.id)
		).toEqual([old]);

		await revisions.startReview(moderator, middle, context);
		await revisions.requestInfo(moderator, recent, 'Une question ?', context);
		expect(await moderation.counts()).toEqual({ received: 1, in_review: 1, info_requested: 1 });
		const inReview = await moderation.queue({ status: 'in_review' });
		expect(inReview.map((q) => [q.title, q.reviewerName])).toEqual([['Au seuil', 'Mona Modère']]);

		await revisions.refuse(moderator, old, 'Hors du périmètre.', context);
		expect((await moderation.queue()).map((q) => q.id)).not.toContain(old);
		const decided = await moderation.decided();
		expect(decided[0]).toMatchObject({ id: old, status: 'refused', reviewerName: 'Mona Modère' });
	});

	it('keeps staff notes from the applicant, and moderators’ messages in order', async () => {
		const id = await sentDaysAgo('Notes', 0);
		await revisions.comment(moderator, id, 'À vérifier auprès de la mairie.');
		await revisions.requestInfo(moderator, id, 'Quel est votre site ?', context);
		const applicant = await revisions.messages(id, { staff: false });
		expect(applicant.map((m) => [m.body, m.fromStaff, m.visibility])).toEqual([
			['Quel est votre site ?', true, 'applicant']
		]);
		const staff = await revisions.messages(id, { staff: true });
		expect(staff.map((m) => m.visibility)).toEqual(['staff', 'applicant']);
		const events = await revisions.events(id, { staff: true });
		expect(events.map((e) => e.action)).toEqual([
			'revision.submitted',
			'revision.commented',
			'revision.info_requested'
		]);
	});

	it('lets no partner act as a moderator', async () => {
		const id = await sentDaysAgo('Interdite', 0);
		const other = await makeUser(sql, 'partner');
		for (const attempt of [
			() => revisions.startReview(other, id, context),
			() => revisions.requestInfo(other, id, 'Question', context),
			() => revisions.refuse(other, id, 'Raison', context),
			() => revisions.comment(other, id, 'Note'),
			() => revisions.approve(other, id, context)
		])
			await expect(attempt()).rejects.toMatchObject({ status: 403 });
		expect((await revisions.events(id, { staff: true })).map((e) => e.action)).toEqual([
			'revision.submitted'
		]);
	});
});

describe('accounts for admins', () => {
	it('finds accounts by address or name, accents and case ignored, and by role', async () => {
		const admin = await makeUser(sql, 'admin', 'Ada Admin');
		const found = await accounts.list({ q: 'MODERE' });
		expect(found.items.map((a) => a.id)).toEqual([moderator.id]);
		expect((await accounts.list({ q: '100%_' })).total).toBe(0);
		const admins = await accounts.list({ role: 'admin' });
		expect(admins.items.map((a) => a.id)).toEqual([admin.id]);

		await users.setRole(partner.id, 'moderator', admin.id);
		const [change] = await accounts.roleChanges();
		expect(change).toMatchObject({
			email: partner.email,
			actorEmail: admin.email,
			from: 'partner',
			to: 'moderator'
		});
	});
});
