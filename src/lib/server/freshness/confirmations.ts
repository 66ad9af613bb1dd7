import { parisDateTime } from '../../domain/paris-time';
import { hashSecret, randomToken } from '../auth/tokens';
import { config } from '../config';
import { sql } from '../db';
import * as email from '../email';
import { log } from '../log';

/**
 * One-click confirmations. Every CONFIRMATION_MONTHS after its last confirmation, each manager
 * of a published fiche gets an email with a single-use, expiring link; a reminder follows
 * after CONFIRMATION_REMINDER_DAYS, then the fiche is flagged for moderators.
 *
 * Each email is claimed before it is sent by inserting its row in confirmation_requests: the
 * unique key (structure, manager, cycle, step) lets exactly one insert through, whichever app
 * server or restarted process tries, so no email is sent twice (at most once: a crash between
 * the claim and the send loses that email rather than repeating it). A cycle is the
 * confirmed_at the request asks about: a confirmation starts a new one.
 */

/** 32 random bytes in base32; anything else is refused before touching the database. */
const TOKEN_SHAPE = /^[a-z2-7]{52}$/;
const BATCH = 200;

export interface SendOptions {
	now?: Date;
	/** Public address of the site, for the links (ORIGIN). */
	origin?: string;
}

export interface SendResult {
	requests: number;
	reminders: number;
	flagged: number;
}

interface Due {
	structure_id: string;
	user_id: string;
	/** confirmed_at as text: a Date would lose its microseconds and never match again. */
	cycle: string;
	name: string;
	email: string;
}

/** Sends what is due: first requests, reminders, and flags the fiches still unconfirmed. */
export async function sendDue(options: SendOptions = {}): Promise<SendResult> {
	const now = options.now ?? new Date();
	const origin = options.origin ?? config.origin ?? 'http://127.0.0.1:3000';
	const result: SendResult = { requests: 0, reminders: 0, flagged: 0 };
	for (;;) {
		const sent = await sendStep('request', now, origin);
		result.requests += sent.claimed;
		if (sent.candidates < BATCH) break;
	}
	for (;;) {
		const sent = await sendStep('reminder', now, origin);
		result.reminders += sent.claimed;
		if (sent.candidates < BATCH) break;
	}
	result.flagged = await flagUnconfirmed(now);
	return result;
}

async function candidates(step: 'request' | 'reminder', now: Date): Promise<Due[]> {
	const managers = sql`
		join memberships m on m.structure_id = s.id
		join users u on u.id = m.user_id and u.email_verified_at is not null and u.disabled_at is null`;
	if (step === 'request')
		return sql<Due[]>`
			select s.id as structure_id, u.id as user_id, s.confirmed_at::text as cycle, s.name, u.email
			from structures s ${managers}
			where s.status = 'published'
				and s.confirmed_at < ${now}::timestamptz - make_interval(months => ${config.confirmationMonths}::int)
				and not exists (select 1 from confirmation_requests c where c.structure_id = s.id
					and c.user_id = u.id and c.cycle = s.confirmed_at and c.step = 'request')
			order by s.confirmed_at, s.id, u.id
			limit ${BATCH}`;
	return sql<Due[]>`
		select s.id as structure_id, u.id as user_id, s.confirmed_at::text as cycle, s.name, u.email
		from structures s ${managers}
		join confirmation_requests r on r.structure_id = s.id and r.user_id = u.id
			and r.cycle = s.confirmed_at and r.step = 'request'
			and r.created_at < ${now}::timestamptz - make_interval(days => ${config.confirmationReminderDays}::int)
		where s.status = 'published'
			and not exists (select 1 from confirmation_requests c where c.structure_id = s.id
				and c.user_id = u.id and c.cycle = s.confirmed_at and c.step = 'reminder')
		order by r.created_at, s.id, u.id
		limit ${BATCH}`;
}

/** Claims then sends one batch of one step; returns how many rows were due and how many won. */
async function sendStep(step: 'request' | 'reminder', now: Date, origin: string) {
	const due = await candidates(step, now);
	if (due.length === 0) return { candidates: 0, claimed: 0 };
	const expiresAt = new Date(now.getTime() + config.confirmationLinkDays * 86_400_000);
	const tokens = due.map(() => randomToken(32));
	const rows = due.map((d, k) => ({
		structure_id: d.structure_id,
		user_id: d.user_id,
		cycle: d.cycle,
		token_hash: Buffer.from(hashSecret(tokens[k]!)).toString('hex')
	}));
	const won = await sql<{ structure_id: string; user_id: string }[]>`
		insert into confirmation_requests (structure_id, user_id, cycle, step, token_hash, expires_at, created_at)
		select x.structure_id, x.user_id, x.cycle, ${step}, decode(x.token_hash, 'hex'), ${expiresAt}, ${now}
		from json_to_recordset(${JSON.stringify(rows)}::text::json)
			as x(structure_id uuid, user_id uuid, cycle timestamptz, token_hash text)
		on conflict do nothing
		returning structure_id, user_id`;
	const claimed = new Set(won.map((w) => `${w.structure_id}/${w.user_id}`));
	for (const [k, d] of due.entries()) {
		if (!claimed.has(`${d.structure_id}/${d.user_id}`)) continue;
		await email.send({
			to: d.email,
			...confirmationEmail(step, d.name, tokens[k]!, origin, expiresAt)
		});
	}
	if (claimed.size) log.info('freshness.confirmations_sent', { step, count: claimed.size });
	return { candidates: due.length, claimed: claimed.size };
}

/** A fiche whose managers ignored the request and the reminder is flagged for moderators. */
async function flagUnconfirmed(now: Date): Promise<number> {
	const flagged = await sql`
		insert into confirmation_requests (structure_id, user_id, cycle, step, created_at)
		select distinct s.id, null::uuid, s.confirmed_at, 'flagged', ${now}::timestamptz
		from structures s
		join confirmation_requests r on r.structure_id = s.id and r.cycle = s.confirmed_at
			and r.step = 'reminder'
			and r.created_at < ${now}::timestamptz - make_interval(days => ${config.confirmationReminderDays}::int)
		where s.status = 'published'
		on conflict do nothing`;
	return flagged.count;
}

export function confirmationEmail(
	step: 'request' | 'reminder',
	name: string,
	token: string,
	origin: string,
	expiresAt: Date
): { subject: string; text: string } {
	const link = `${origin}/confirmer/${token}`;
	const days = config.confirmationLinkDays;
	return {
		subject: `${step === 'reminder' ? 'Rappel : ' : ''}les informations de « ${name} » sont-elles toujours justes ?`,
		text: `Bonjour,\n\nVous gérez la fiche « ${name} » sur Cartonum, la carte de l’écosystème numérique éducatif de la région académique Bourgogne-Franche-Comté. Pour que la carte reste juste, merci de vérifier ses informations.\n\nOuvrez ce lien : ${link}\n\n— « Tout est juste » confirme la fiche en un clic, sans vous connecter ;\n— « Modifier » ouvre le formulaire de modification (connexion nécessaire).\n\nLe lien sert une seule fois et expire dans ${days} jours, le ${parisDateTime(expiresAt)} (heure de Paris).${step === 'reminder' ? ' Sans réponse, la fiche sera signalée à l’équipe régionale comme « à vérifier ».' : ''}\n\n— L’équipe Cartonum de la région académique Bourgogne-Franche-Comté`
	};
}

export interface ConfirmationTarget {
	structureId: string;
	slug: string;
	name: string;
}

/** The fiche a link is for, when the link is valid, unused and unexpired (nothing is changed). */
export async function peek(token: string): Promise<ConfirmationTarget | null> {
	if (!TOKEN_SHAPE.test(token)) return null;
	const [row] = await sql<ConfirmationTarget[]>`
		select s.id as "structureId", s.slug, s.name
		from confirmation_requests c join structures s on s.id = c.structure_id
		where c.token_hash = ${hashSecret(token)} and c.used_at is null and c.expires_at > now()
			and s.status = 'published'`;
	return row ?? null;
}

/**
 * « Tout est juste »: uses the link up and confirms the fiche, in one transaction. The link's
 * row is marked used by the same statement that checks it, so two clicks cannot both succeed.
 */
export async function confirm(token: string): Promise<ConfirmationTarget | null> {
	if (!TOKEN_SHAPE.test(token)) return null;
	return sql.begin(async (tx) => {
		const [used] = await tx<{ structure_id: string; user_id: string }[]>`
			update confirmation_requests c set used_at = now()
			where c.token_hash = ${hashSecret(token)} and c.used_at is null and c.expires_at > now()
				and exists (select 1 from memberships m
					where m.structure_id = c.structure_id and m.user_id = c.user_id)
			returning structure_id, user_id`;
		if (!used) return null;
		const [structure] = await tx<ConfirmationTarget[]>`
			update structures set confirmed_at = now(), confirmed_by = 'manager'
			where id = ${used.structure_id} and status = 'published'
			returning id as "structureId", slug, name`;
		if (!structure) return null;
		await tx`insert into audit_log (actor_id, action, entity, entity_id, details)
			values (${used.user_id}, 'structure.confirmed', 'structure', ${used.structure_id},
				${tx.json({ via: 'email' })})`;
		return structure;
	});
}

/** « Tout est juste » from the partner space: a signed-in manager confirms their fiche. */
export async function confirmAsManager(
	userId: string,
	structureId: string
): Promise<ConfirmationTarget | null> {
	return sql.begin(async (tx) => {
		const [structure] = await tx<ConfirmationTarget[]>`
			update structures s set confirmed_at = now(), confirmed_by = 'manager'
			where s.id = ${structureId} and s.status = 'published' and exists (
				select 1 from memberships m where m.structure_id = s.id and m.user_id = ${userId})
			returning s.id as "structureId", s.slug, s.name`;
		if (!structure) return null;
		await tx`insert into audit_log (actor_id, action, entity, entity_id, details)
			values (${userId}, 'structure.confirmed', 'structure', ${structureId},
				${tx.json({ via: 'espace' })})`;
		return structure;
	});
}
