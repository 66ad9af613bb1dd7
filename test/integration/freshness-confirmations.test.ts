import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { config } from '../../src/lib/server/config';
import type { Sql } from '../../src/lib/server/db';
import * as freshness from '../../src/lib/server/freshness';
import { makeUser, registrationDatabase } from './revisions-fixtures';
import { insertStructure } from './structures-fixtures';

/** One-click confirmations: the link works once, expires, cannot be forged; no double send. */

let sql: Sql;
const DAY = 86_400_000;

/** A published fiche last confirmed `months` ago, managed by a new partner. */
async function managedFiche(name: string, months = config.confirmationMonths + 1) {
	const id = await insertStructure(sql, {
		name,
		categories: ['fablab-tiers-lieu'],
		lon: 4.5,
		lat: 47.25,
		commune: '21003'
	});
	await sql`update structures set confirmed_at = now() - make_interval(months => ${months}::int),
		confirmed_by = 'import' where id = ${id}`;
	const manager = await makeUser(sql, 'partner');
	await sql`insert into memberships (user_id, structure_id) values (${manager.id}, ${id})`;
	return { id, manager };
}

async function emailsTo(address: string) {
	return sql<{ subject: string; body: string }[]>`
		select subject, body from email_outbox where lower(recipient) = lower(${address}) order by id`;
}

function tokenIn(body: string): string {
	const match = /\/confirmer\/([a-z2-7]+)/.exec(body);
	expect(match).not.toBeNull();
	return match![1]!;
}

beforeAll(async () => {
	sql = await registrationDatabase();
});

describe('confirmation links', () => {
	it('asks a manager whose fiche is due, and « Tout est juste » confirms it once', async () => {
		const { id, manager } = await managedFiche('Fablab à confirmer');
		const sent = await freshness.sendDue({ origin: 'http://cartonum.test' });
		expect(sent.requests).toBeGreaterThanOrEqual(1);
		const [mail] = await emailsTo(manager.email);
		expect(mail!.subject).toContain('Fablab à confirmer');
		const token = tokenIn(mail!.body);

		// Opening the landing page changes nothing.
		expect((await freshness.peek(token))?.structureId).toBe(id);
		const [before] = await sql<{ confirmed_by: string }[]>`
			select confirmed_by from structures where id = ${id}`;
		expect(before!.confirmed_by).toBe('import');

		expect((await freshness.confirm(token))?.structureId).toBe(id);
		const [after] = await sql<{ confirmed_by: string; fresh: boolean }[]>`
			select confirmed_by, confirmed_at > now() - interval '1 minute' as fresh
			from structures where id = ${id}`;
		expect(after).toEqual({ confirmed_by: 'manager', fresh: true });
		const [logged] = await sql`select 1 from audit_log where entity_id = ${id}
			and action = 'structure.confirmed' and actor_id = ${manager.id}`;
		expect(logged).toBeDefined();

		expect(await freshness.confirm(token)).toBeNull();
		expect(await freshness.peek(token)).toBeNull();
		// Confirmed: nothing more is due for this fiche.
		await freshness.sendDue();
		expect(await emailsTo(manager.email)).toHaveLength(1);
	});

	it('refuses an expired link', async () => {
		const { id, manager } = await managedFiche('Fablab expiré');
		await freshness.sendDue();
		const token = tokenIn((await emailsTo(manager.email))[0]!.body);
		await sql`update confirmation_requests set expires_at = now() - interval '1 second'
			where structure_id = ${id}`;
		expect(await freshness.peek(token)).toBeNull();
		expect(await freshness.confirm(token)).toBeNull();
		const [row] = await sql<{ confirmed_by: string }[]>`
			select confirmed_by from structures where id = ${id}`;
		expect(row!.confirmed_by).toBe('import');
	});

	it('cannot be forged: random, altered or malformed tokens confirm nothing', async () => {
		const { id, manager } = await managedFiche('Fablab à protéger');
		await freshness.sendDue();
		const token = tokenIn((await emailsTo(manager.email))[0]!.body);
		const random = encodeBase32LowerCaseNoPadding(new Uint8Array(randomBytes(32)));
		const altered = token.slice(0, -1) + (token.endsWith('a') ? 'b' : 'a');
		for (const forged of [random, altered, token.toUpperCase(), `${token}a`, '', '../../admin'])
			expect(await freshness.confirm(forged)).toBeNull();
		// Only hashes are stored: the token itself appears nowhere in the database.
		const [stored] = await sql`select 1 from confirmation_requests
			where encode(token_hash, 'escape') like ${'%' + token + '%'}`;
		expect(stored).toBeUndefined();
		const [row] = await sql<{ confirmed_by: string }[]>`
			select confirmed_by from structures where id = ${id}`;
		expect(row!.confirmed_by).toBe('import');
		expect((await freshness.confirm(token))?.structureId).toBe(id);
	});

	it('reminds once, then flags the fiche for moderators', async () => {
		const { id, manager } = await managedFiche('Fablab silencieux');
		const now = Date.now();
		await freshness.sendDue({ now: new Date(now) });
		await freshness.sendDue({ now: new Date(now + DAY) });
		expect(await emailsTo(manager.email)).toHaveLength(1);

		const later = new Date(now + (config.confirmationReminderDays + 1) * DAY);
		await freshness.sendDue({ now: later });
		await freshness.sendDue({ now: later });
		const mails = await emailsTo(manager.email);
		expect(mails).toHaveLength(2);
		expect(mails[1]!.subject).toMatch(/^Rappel/);
		expect((await freshness.staleFiches()).find((f) => f.id === id)?.flagged).toBe(false);

		const last = new Date(now + (2 * config.confirmationReminderDays + 2) * DAY);
		const flagged = await freshness.sendDue({ now: last });
		expect(flagged.flagged).toBeGreaterThanOrEqual(1);
		expect((await freshness.sendDue({ now: last })).flagged).toBe(0);
		expect(await emailsTo(manager.email)).toHaveLength(2);
		expect((await freshness.staleFiches()).find((f) => f.id === id)?.flagged).toBe(true);
	});

	it('never sends the same email twice when several senders run at once', async () => {
		const fiches = [];
		for (let k = 0; k < 12; k++) fiches.push(await managedFiche(`Tiers-lieu parallèle ${k}`));
		// A second manager on one fiche: each manager gets their own email.
		const second = await makeUser(sql, 'partner');
		await sql`insert into memberships (user_id, structure_id) values (${second.id}, ${fiches[0]!.id})`;

		const results = await Promise.all([
			freshness.sendDue(),
			freshness.sendDue(),
			freshness.sendDue(),
			freshness.sendDue()
		]);
		expect(results.reduce((n, r) => n + r.requests, 0)).toBe(13);
		for (const { manager } of fiches) expect(await emailsTo(manager.email)).toHaveLength(1);
		expect(await emailsTo(second.email)).toHaveLength(1);
		const [claims] = await sql<{ n: number }[]>`
			select count(*)::int as n from confirmation_requests
			where structure_id in (select value::uuid from json_array_elements_text(${JSON.stringify(fiches.map((f) => f.id))}::text::json))`;
		expect(claims!.n).toBe(13);

		// The reminders too: four senders at once, one reminder per manager.
		const later = new Date(Date.now() + (config.confirmationReminderDays + 1) * DAY);
		const reminded = await Promise.all([1, 2, 3, 4].map(() => freshness.sendDue({ now: later })));
		expect(reminded.reduce((n, r) => n + r.reminders, 0)).toBeGreaterThanOrEqual(13);
		for (const { manager } of fiches) {
			const mails = await emailsTo(manager.email);
			expect(mails.map((m) => m.subject.startsWith('Rappel'))).toEqual([false, true]);
		}
		expect((await emailsTo(second.email)).length).toBe(2);
	});

	it('two app processes sending at once never send the same email twice', async () => {
		const fiches = [];
		for (let k = 0; k < 6; k++) fiches.push(await managedFiche(`Tiers-lieu à deux serveurs ${k}`));
		const [{ schema }] = (await sql`select current_schema() as schema`) as unknown as [
			{ schema: string }
		];
		// Each process is its own Node, with its own pool, as two app servers' hourly timers.
		const run = promisify(execFile);
		const send = (now: Date) =>
			run(process.execPath, ['--import', 'tsx', 'test/helpers/send-due-process.ts'], {
				env: {
					...process.env,
					DATABASE_URL: inject('databaseUrl'),
					SCHEMA: schema,
					NOW: now.toISOString(),
					LOG_LEVEL: 'silent'
				}
			}).then(({ stdout }) => JSON.parse(stdout) as freshness.SendResult);
		const twice = (now: Date) => Promise.all([send(now), send(now)]);

		const first = await twice(new Date());
		expect(first.reduce((n, r) => n + r.requests, 0)).toBeGreaterThanOrEqual(fiches.length);
		for (const { manager } of fiches) expect(await emailsTo(manager.email)).toHaveLength(1);

		const later = new Date(Date.now() + (config.confirmationReminderDays + 1) * DAY);
		const second = await twice(later);
		expect(second.reduce((n, r) => n + r.reminders, 0)).toBeGreaterThanOrEqual(fiches.length);
		for (const { manager } of fiches) {
			const mails = await emailsTo(manager.email);
			expect(mails.map((m) => m.subject.startsWith('Rappel'))).toEqual([false, true]);
		}
	}, 180_000);

	it('a signed-in manager confirms from their space; nobody else can', async () => {
		const { id, manager } = await managedFiche('Fablab de l’espace');
		const stranger = await makeUser(sql, 'partner');
		expect(await freshness.confirmAsManager(stranger.id, id)).toBeNull();
		const [before] = await sql<{ confirmed_by: string }[]>`
			select confirmed_by from structures where id = ${id}`;
		expect(before!.confirmed_by).toBe('import');
		expect((await freshness.confirmAsManager(manager.id, id))?.structureId).toBe(id);
		const [after] = await sql<{ confirmed_by: string }[]>`
			select confirmed_by from structures where id = ${id}`;
		expect(after!.confirmed_by).toBe('manager');
	});
});
