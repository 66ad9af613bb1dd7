import {
	missingSteps,
	payloadSchema,
	validate,
	type ClaimPayload,
	type ClosePayload,
	type DraftPayload,
	type Identity,
	type StepKey
} from '../../domain/revisions';
import * as rateLimit from '../rate-limit';
import { sql, type TransactionSql } from '../db';
import * as emails from './emails';
import { isMember } from './managed-structures';
import { noForm, notFound, RevisionError, stateChanged } from './errors';
import { snapshot } from './snapshot';
import { alertStaff } from './staff-alerts';
import * as store from './store';
import {
	EDITABLE_STATUSES,
	isFormRevision,
	OPEN_STATUSES,
	type Actor,
	type Context,
	type Kind
} from './types';

/**
 * What applicants do: start a revision (a new structure, a change, a claim, a closure), fill it
 * step by step, send it, answer a moderator, withdraw it. Every function checks that the
 * revision is the actor's own; the routes check the session first.
 */

/** New revisions per person and hour: enough for a network of schools, not for a script. */
export const REVISION_LIMIT = { max: 30, windowSeconds: 3600 };

async function countRevision(actor: Actor): Promise<void> {
	const verdict = await rateLimit.hit(`revision:${actor.id}`, REVISION_LIMIT);
	if (!verdict.allowed)
		throw new RevisionError(
			429,
			`Vous avez envoyé beaucoup de demandes en peu de temps. Réessayez dans ${rateLimit.waitInFrench(verdict.retryAfterSeconds)}.`
		);
}

/** The key of a form: a UUID or similar random text (see migration 007). */
function checkKey(key: string): string {
	if (!/^[A-Za-z0-9_-]{8,100}$/.test(key))
		throw new RevisionError(400, 'Le formulaire a expiré : rechargez la page et recommencez.');
	return key;
}

interface Started {
	id: string;
	/** False when the same form had already created it (a second click, a resent form). */
	created: boolean;
}

/**
 * Inserts a revision unless one with the same form key exists. The unique index decides: two
 * parallel posts of one form create one revision, and both get its id.
 */
async function insertOnce(
	tx: TransactionSql,
	actor: Actor,
	key: string,
	values: {
		kind: Kind;
		status: 'draft' | 'received';
		structureId: string | null;
		payload: object;
		baseVersion: number | null;
	}
): Promise<Started> {
	const [row] = await tx<{ id: string }[]>`
		insert into revisions (kind, author_id, status, structure_id, payload, base_version,
			idempotency_key, submitted_at)
		values (${values.kind}, ${actor.id}, ${values.status}, ${values.structureId},
			${tx.json(values.payload as never)}, ${values.baseVersion}, ${key},
			${values.status === 'received' ? tx`now()` : null})
		on conflict (author_id, idempotency_key) where idempotency_key is not null do nothing
		returning id`;
	if (row) return { id: row.id, created: true };
	const [existing] = await tx<{ id: string }[]>`
		select id from revisions where author_id = ${actor.id} and idempotency_key = ${key}`;
	if (!existing) throw stateChanged();
	return { id: existing.id, created: false };
}

/** Step 1 of « Inscrire ma structure »: a draft holding the structure's identity. */
export async function startCreation(
	actor: Actor,
	key: string,
	identity: Identity
): Promise<Started> {
	checkKey(key);
	const [known] = await sql`select 1 from revisions where author_id = ${actor.id}
		and idempotency_key = ${key}`;
	if (!known) await countRevision(actor);
	return sql.begin((tx) =>
		insertOnce(tx, actor, key, {
			kind: 'create',
			status: 'draft',
			structureId: null,
			payload: { identity },
			baseVersion: null
		})
	);
}

const NOT_YOURS = () =>
	new RevisionError(404, 'Cette structure est introuvable, ou vous ne la gérez pas.');

/**
 * A draft changing a structure the actor manages, filled with its current values. An update
 * already under way is reused: one person has one change of a structure at a time.
 */
export async function startUpdate(
	actor: Actor,
	structureId: string,
	key: string
): Promise<Started> {
	checkKey(key);
	if (!(await isMember(actor.id, structureId))) throw NOT_YOURS();
	const [current] = await sql<{ id: string; status: string }[]>`
		select id, status from revisions
		where author_id = ${actor.id} and structure_id = ${structureId} and kind = 'update'
			and status in ('draft', 'received', 'in_review', 'info_requested')
		order by created_at desc limit 1`;
	if (current) return { id: current.id, created: false };
	const state = await snapshot(structureId);
	if (!state || state.status !== 'published') throw NOT_YOURS();
	await countRevision(actor);
	return sql.begin((tx) =>
		insertOnce(tx, actor, key, {
			kind: 'update',
			status: 'draft',
			structureId,
			payload: state.payload,
			baseVersion: state.version
		})
	);
}

/** « C’est ma structure » : a revision to manage a published structure, sent at once. */
export async function claim(
	actor: Actor,
	structureId: string,
	key: string,
	payload: ClaimPayload,
	context: Context
): Promise<Started> {
	checkKey(key);
	if (!store.isUuid(structureId)) throw notFound();
	const [structure] = await sql<{ status: string }[]>`
		select status from structures where id = ${structureId}`;
	if (structure?.status !== 'published')
		throw new RevisionError(404, 'Cette structure est introuvable ou n’est pas publiée.');
	if (await isMember(actor.id, structureId))
		throw new RevisionError(409, 'Vous gérez déjà cette structure.');
	const [open] = await sql<{ id: string }[]>`
		select id from revisions where author_id = ${actor.id} and structure_id = ${structureId}
			and kind = 'claim' and status in ('draft', 'received', 'in_review', 'info_requested')`;
	if (open) return { id: open.id, created: false };
	await countRevision(actor);
	return sendAtOnce(actor, key, 'claim', structureId, payload, context);
}

/** A revision to mark a structure the actor manages as closed (removed from the map). */
export async function close(
	actor: Actor,
	structureId: string,
	key: string,
	payload: ClosePayload,
	context: Context
): Promise<Started> {
	checkKey(key);
	if (!(await isMember(actor.id, structureId))) throw NOT_YOURS();
	await countRevision(actor);
	return sendAtOnce(actor, key, 'close', structureId, payload, context);
}

async function sendAtOnce(
	actor: Actor,
	key: string,
	kind: 'claim' | 'close',
	structureId: string,
	payload: ClaimPayload | ClosePayload,
	context: Context
): Promise<Started> {
	const started = await sql
		.begin(async (tx) => {
			const version = await tx<{ version: number }[]>`
				select version from structures where id = ${structureId}`;
			const result = await insertOnce(tx, actor, key, {
				kind,
				status: 'received',
				structureId,
				payload,
				baseVersion: version[0]?.version ?? null
			});
			if (result.created)
				await store.audit(tx, 'revision.submitted', { id: result.id, kind, structureId }, actor.id);
			return result;
		})
		.catch(async (error: unknown) => {
			// The open-claim index refused a parallel twin sent with another key: answer with it.
			if (isUniqueViolation(error) && kind === 'claim') {
				const [open] = await sql<{ id: string }[]>`
					select id from revisions where author_id = ${actor.id}
						and structure_id = ${structureId} and kind = 'claim'
						and status in ('draft', 'received', 'in_review', 'info_requested')`;
				if (open) return { id: open.id, created: false };
			}
			throw error;
		});
	if (started.created) {
		const revision = await store.byId(started.id);
		if (revision) {
			await emails.notify(revision, { step: 'received' }, context);
			await alertStaff(revision, 'submitted', context);
		}
	}
	return started;
}

function isUniqueViolation(error: unknown): boolean {
	return (error as { code?: string } | null)?.code === '23505';
}

/** The applicant's own revision, locked, in a state where its content may still change. */
async function lockEditable(tx: TransactionSql, actor: Actor, revisionId: string) {
	const revision = await store.lock(tx, revisionId);
	if (!revision || revision.authorId !== actor.id) throw notFound();
	if (!isFormRevision(revision)) throw noForm();
	if (!EDITABLE_STATUSES.includes(revision.status))
		throw new RevisionError(
			409,
			'Cette demande est en cours d’examen ou déjà traitée : elle ne peut plus être modifiée.'
		);
	return revision;
}

/** Stores a validated step of a draft (or of a revision the moderator asked to complete). */
export async function saveStep(
	actor: Actor,
	revisionId: string,
	key: StepKey,
	value: unknown
): Promise<void> {
	if (key === 'programmes') await checkProgrammes(value as { number: number }[]);
	await sql.begin(async (tx) => {
		await lockEditable(tx, actor, revisionId);
		await tx`update revisions
			set payload = payload || jsonb_build_object(${key}::text, ${tx.json(value as never)}::jsonb),
				updated_at = now()
			where id = ${revisionId}`;
	});
}

async function checkProgrammes(choices: { number: number }[]): Promise<void> {
	if (!choices.length) return;
	const numbers = choices.map((c) => c.number);
	const known = await sql<{ number: number }[]>`
		select number from programmes where number = any(${numbers}::int[])`;
	if (known.length !== new Set(numbers).size)
		throw new RevisionError(400, 'Un des programmes choisis n’existe pas.', {
			programmes: 'Un des programmes choisis n’existe pas : choisissez-les dans la liste.'
		});
}

/** The French messages of a payload that cannot be sent yet, keyed `<step>.<field>`. */
export function problems(payload: DraftPayload): Record<string, string> {
	const missing = missingSteps(payload);
	if (missing.length)
		return Object.fromEntries(
			missing.map((step) => [step.key, 'Cette étape n’est pas encore remplie.'])
		);
	const checked = validate(payloadSchema, payload, 2);
	return checked.ok ? {} : checked.errors;
}

/**
 * Sends a draft to the moderators. Sending it again (a double click) changes nothing: the
 * first send wins and the others see it sent.
 */
export async function submit(actor: Actor, revisionId: string, context: Context): Promise<void> {
	const verdict = await rateLimit.hit(`revision-submit:${actor.id}`, REVISION_LIMIT);
	if (!verdict.allowed)
		throw new RevisionError(
			429,
			`Vous avez envoyé beaucoup de demandes en peu de temps. Réessayez dans ${rateLimit.waitInFrench(verdict.retryAfterSeconds)}.`
		);
	const sent = await sql.begin(async (tx) => {
		const revision = await store.lock(tx, revisionId);
		if (!revision || revision.authorId !== actor.id) throw notFound();
		if (revision.status !== 'draft') return null;
		// Only creations and updates are drafts: claims and closures are sent at once.
		const errors = isFormRevision(revision) ? problems(revision.payload) : {};
		if (Object.keys(errors).length)
			throw new RevisionError(
				400,
				'La demande n’est pas complète : corrigez les étapes signalées avant de l’envoyer.',
				errors
			);
		if (revision.kind === 'update' && revision.structureId) {
			const [member] = await tx`select 1 from memberships
				where user_id = ${actor.id} and structure_id = ${revision.structureId}`;
			if (!member) throw NOT_YOURS();
		}
		await store.setStatus(tx, revisionId, 'received');
		await store.audit(tx, 'revision.submitted', revision, actor.id);
		return revision;
	});
	if (sent) {
		await emails.notify(sent, { step: 'received' }, context);
		await alertStaff(sent, 'submitted', context);
	}
}

/**
 * The applicant answers a request for information; the revision goes back to review and the
 * moderators are told.
 */
export async function reply(
	actor: Actor,
	revisionId: string,
	message: string,
	context: Context
): Promise<void> {
	const replied = await sql.begin(async (tx) => {
		const revision = await store.lock(tx, revisionId);
		if (!revision || revision.authorId !== actor.id) throw notFound();
		if (revision.status !== 'info_requested')
			throw new RevisionError(409, 'Aucune information ne vous est demandée sur cette demande.');
		if (isFormRevision(revision)) {
			const errors = problems(revision.payload);
			if (Object.keys(errors).length)
				throw new RevisionError(
					400,
					'La demande n’est pas complète : corrigez les étapes signalées avant de répondre.',
					errors
				);
		}
		await store.addMessage(tx, revisionId, actor.id, message);
		await store.setStatus(tx, revisionId, 'in_review');
		await store.audit(tx, 'revision.replied', revision, actor.id);
		return revision;
	});
	await alertStaff(replied, 'replied', context);
}

/** Withdraws a revision: a draft is deleted, a sent revision keeps its history. */
export async function withdraw(actor: Actor, revisionId: string): Promise<'deleted' | 'withdrawn'> {
	return sql.begin(async (tx) => {
		const revision = await store.lock(tx, revisionId);
		if (!revision || revision.authorId !== actor.id) throw notFound();
		if (revision.status === 'draft') {
			await tx`delete from revisions where id = ${revisionId}`;
			return 'deleted' as const;
		}
		if (!OPEN_STATUSES.includes(revision.status))
			throw new RevisionError(
				409,
				'Cette demande est déjà traitée : elle ne peut plus être retirée.'
			);
		await store.setStatus(tx, revisionId, 'withdrawn', { decided: true });
		await store.audit(tx, 'revision.withdrawn', revision, actor.id);
		return 'withdrawn' as const;
	});
}
