import { error, redirect } from '@sveltejs/kit';
import {
	KIND_LABELS,
	replySchema,
	STEPS,
	validate,
	type DraftPayload,
	type StructurePayload
} from '$lib/domain/revisions';
import { requireUser } from '$lib/server/auth';
import * as revisions from '$lib/server/revisions';
import { failure, invalid, refill, text } from '$lib/server/revisions/forms';
import { programmeTitles } from '$lib/server/revisions/programme-titles';
import type { Actions, PageServerLoad } from './$types';
import { readForm } from '$lib/server/input/control-characters';

/** The applicant's own revision; 404 for anyone else, staff included (they use /moderation). */
async function own(locals: App.Locals, id: string) {
	const user = requireUser(locals);
	const revision = await revisions.forViewer(id, user).catch(() => null);
	if (!revision || revision.authorId !== user.id)
		error(404, 'Cette demande est introuvable, ou elle ne vous appartient pas.');
	return { user, revision };
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { revision } = await own(locals, params.id);
	const payload = revision.payload as DraftPayload;
	const form = revision.kind === 'create' || revision.kind === 'update';
	const before =
		revision.kind === 'update' && revision.structureId
			? ((await revisions.snapshot(revision.structureId))?.payload ?? null)
			: null;
	const missing = STEPS.find((s) => payload[s.key] === undefined);
	return {
		revision: {
			id: revision.id,
			kind: revision.kind,
			kindLabel: KIND_LABELS[revision.kind],
			status: revision.status,
			title: revisions.titleOf(revision),
			submittedAt: revision.submittedAt,
			createdAt: revision.createdAt,
			structureSlug: revision.status === 'published' ? revision.structureSlug : null,
			structureName: revision.structureName,
			reason: revision.reason,
			text:
				revision.kind === 'claim'
					? ((revision.payload as { message?: string }).message ?? null)
					: revision.kind === 'close'
						? ((revision.payload as { reason?: string }).reason ?? null)
						: null
		},
		rows: form ? revisions.diff(before, payload as StructurePayload, await programmeTitles()) : [],
		nextStep: form ? (missing?.slug ?? 'envoi') : null,
		messages: await revisions.messages(revision.id, { staff: false }),
		events: await revisions.events(revision.id, { staff: false }),
		justSent: url.searchParams.has('envoyee')
	};
};

export const actions: Actions = {
	reply: async ({ locals, params, request, url }) => {
		const { user, revision } = await own(locals, params.id);
		const form = await readForm(request);
		const parsed = validate(replySchema, { message: text(form, 'message') });
		if (!parsed.ok) return invalid(400, { values: refill(form), errors: parsed.errors });
		try {
			await revisions.reply(user, revision.id, parsed.value.message, { origin: url.origin });
		} catch (e) {
			return failure(e, { values: refill(form) });
		}
		redirect(303, `/espace/demandes/${revision.id}?repondu`);
	},

	withdraw: async ({ locals, params }) => {
		const { user, revision } = await own(locals, params.id);
		let outcome: 'deleted' | 'withdrawn';
		try {
			outcome = await revisions.withdraw(user, revision.id);
		} catch (e) {
			return failure(e);
		}
		redirect(303, outcome === 'deleted' ? '/espace' : `/espace/demandes/${revision.id}`);
	}
};
