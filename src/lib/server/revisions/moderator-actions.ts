import { sql, type TransactionSql } from '../db';
import * as emails from './emails';
import { notFound, RevisionError, stateChanged } from './errors';
import * as store from './store';
import { OPEN_STATUSES, type Actor, type Context, type Revision } from './types';

/**
 * What moderators do with a revision, short of approving it (apply.ts): take it up, ask the
 * applicant for information, refuse it with a reason, leave a note for the team. Each change
 * is one transaction on the locked revision, recorded in audit_log; the applicant gets an
 * email once it is committed.
 */

export function requireStaff(actor: Actor): void {
	if (actor.role !== 'moderator' && actor.role !== 'admin')
		throw new RevisionError(403, 'Seuls les modérateurs peuvent traiter les demandes.');
}

/** No one decides on their own revision: another moderator must look at it. */
function refuseOwn(revision: Revision, actor: Actor): void {
	if (revision.authorId === actor.id)
		throw new RevisionError(
			403,
			'Vous ne pouvez pas traiter votre propre demande : un autre modérateur doit l’examiner.'
		);
}

async function lockOpen(tx: TransactionSql, id: string, actor: Actor) {
	const revision = await store.lock(tx, id);
	if (!revision || revision.status === 'draft') throw notFound();
	refuseOwn(revision, actor);
	if (!OPEN_STATUSES.includes(revision.status)) throw stateChanged();
	return revision;
}

/** « Reçue » → « en revue »: a moderator takes the revision up (or over from a colleague). */
export async function startReview(actor: Actor, id: string, context: Context): Promise<void> {
	requireStaff(actor);
	const changed = await sql.begin(async (tx) => {
		const revision = await lockOpen(tx, id, actor);
		if (revision.status === 'in_review' && revision.reviewerId === actor.id) return null;
		if (revision.status === 'info_requested') throw stateChanged();
		await store.setStatus(tx, id, 'in_review', { reviewerId: actor.id });
		await store.audit(tx, 'revision.review_started', revision, actor.id);
		return revision.status === 'received' ? revision : null;
	});
	if (changed) await emails.notify(changed, { step: 'in_review' }, context);
}

export async function requestInfo(
	actor: Actor,
	id: string,
	message: string,
	context: Context
): Promise<void> {
	requireStaff(actor);
	const revision = await sql.begin(async (tx) => {
		const revision = await lockOpen(tx, id, actor);
		await store.addMessage(tx, id, actor.id, message);
		await store.setStatus(tx, id, 'info_requested', { reviewerId: actor.id });
		await store.audit(tx, 'revision.info_requested', revision, actor.id);
		return revision;
	});
	await emails.notify(revision, { step: 'info_requested', message }, context);
}

export async function refuse(
	actor: Actor,
	id: string,
	reason: string,
	context: Context
): Promise<void> {
	requireStaff(actor);
	const revision = await sql.begin(async (tx) => {
		const revision = await lockOpen(tx, id, actor);
		await store.addMessage(tx, id, actor.id, reason);
		await store.setStatus(tx, id, 'refused', { reviewerId: actor.id, reason, decided: true });
		await store.audit(tx, 'revision.refused', revision, actor.id, { reason });
		return revision;
	});
	await emails.notify(revision, { step: 'refused', reason }, context);
}

/** A note for the moderation team, never shown to the applicant. */
export async function comment(actor: Actor, id: string, message: string): Promise<void> {
	requireStaff(actor);
	await sql.begin(async (tx) => {
		const revision = await store.lock(tx, id);
		if (!revision || revision.status === 'draft') throw notFound();
		await store.addMessage(tx, id, actor.id, message, 'staff');
		await store.audit(tx, 'revision.commented', revision, actor.id);
	});
}
