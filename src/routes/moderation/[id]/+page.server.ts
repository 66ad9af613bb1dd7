import { error, redirect, type ActionFailure } from '@sveltejs/kit';
import {
	commentSchema,
	infoRequestSchema,
	KIND_LABELS,
	LIMITS,
	refusalSchema,
	validate,
	type DraftPayload,
	type StructurePayload
} from '$lib/domain/revisions';
import { requireRole } from '$lib/server/auth';
import * as duplicates from '$lib/server/duplicates';
import * as revisions from '$lib/server/revisions';
import { failure, invalid, refill, text, type FormFailure } from '$lib/server/revisions/forms';
import { programmeTitles } from '$lib/server/revisions/programme-titles';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { readForm } from '$lib/server/input/control-characters';

async function staffView(locals: App.Locals, id: string) {
	const user = requireRole(locals, 'moderator');
	const revision = await revisions.forViewer(id, user).catch(() => null);
	if (!revision) error(404, 'Cette demande est introuvable.');
	return { user, revision };
}

/** A revision as moderators see it: a diff against the published fiche, duplicates, messages. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const { user, revision } = await staffView(locals, params.id);
	const payload = revision.payload as DraftPayload;
	const form = revision.kind === 'create' || revision.kind === 'update';
	const current = revision.structureId ? await revisions.snapshot(revision.structureId) : null;
	const before = revision.kind === 'create' ? null : (current?.payload ?? null);
	const found =
		revision.kind === 'create' && payload.identity && payload.location
			? await duplicates.find({
					name: payload.identity.name,
					lon: payload.location.lon,
					lat: payload.location.lat,
					identifiers: { ...(payload.identifiers ?? {}) }
				})
			: [];
	const point = payload.location ?? current?.payload.location ?? null;
	return {
		revision: {
			id: revision.id,
			kind: revision.kind,
			kindLabel: KIND_LABELS[revision.kind],
			status: revision.status,
			title: revisions.titleOf(revision),
			authorName: revision.authorName,
			authorEmail: revision.authorEmail,
			reviewerName: revision.reviewerName,
			reviewerId: revision.reviewerId,
			submittedAt: revision.submittedAt,
			decidedAt: revision.decidedAt,
			reason: revision.reason,
			structureId: revision.structureId,
			structureSlug: revision.structureSlug,
			structureName: revision.structureName,
			own: revision.authorId === user.id,
			text:
				revision.kind === 'claim'
					? ((revision.payload as { message?: string }).message ?? null)
					: revision.kind === 'close'
						? ((revision.payload as { reason?: string }).reason ?? null)
						: null
		},
		rows: form ? revisions.diff(before, payload as StructurePayload, await programmeTitles()) : [],
		problems: form ? Object.values(revisions.problems(payload)) : [],
		seenVersion: current?.version ?? null,
		point: point
			? {
					lon: point.lon,
					lat: point.lat,
					name: revisions.titleOf(revision),
					category: payload.identity?.categories[0] ?? 'association'
				}
			: null,
		duplicates: found.map((d) => ({
			id: d.id,
			slug: d.slug,
			name: d.name,
			reason: d.reason,
			distanceMeters: d.distanceMeters ?? null
		})),
		messages: await revisions.messages(revision.id, { staff: true }),
		events: await revisions.events(revision.id, { staff: true }),
		messageLimit: LIMITS.message
	};
};

type Staff = NonNullable<App.Locals['user']>;
type Decision = (
	user: Staff,
	id: string,
	form: FormData,
	origin: string
) => Promise<ActionFailure<FormFailure> | void>;

/** The ladder every decision climbs: guard, size, module call, French failure, redirect. */
function decide(run: Decision, done: string) {
	return async ({ locals, params, request, url }: RequestEvent) => {
		const { user, revision } = await staffView(locals, params.id);
		const form = await readForm(request);
		try {
			const refused = await run(user, revision.id, form, url.origin);
			if (refused) return refused;
		} catch (e) {
			return failure(e, { values: refill(form) });
		}
		redirect(303, `/moderation/${revision.id}?${done}`);
	};
}

/** A form's text checked by `schema`, or the failure to answer with. */
function checked<T>(
	parsed: { ok: true; value: T } | { ok: false; errors: Record<string, string> },
	form: FormData,
	field?: string
): { value: T } | { failed: ActionFailure<FormFailure> } {
	if (parsed.ok) return { value: parsed.value };
	const errors = field ? { [field]: Object.values(parsed.errors)[0]! } : parsed.errors;
	return { failed: invalid(400, { values: refill(form), errors }) };
}

export const actions: Actions = {
	review: decide((user, id, _form, origin) => revisions.startReview(user, id, { origin }), 'pris'),

	approve: decide(async (user, id, form, origin) => {
		const seen = Number(text(form, 'seenVersion'));
		const note = text(form, 'note').trim().slice(0, LIMITS.message) || null;
		await revisions.approve(
			user,
			id,
			{ origin },
			{
				seenVersion: Number.isInteger(seen) && seen > 0 ? seen : null,
				note
			}
		);
	}, 'approuvee'),

	refuse: decide(async (user, id, form, origin) => {
		const parsed = checked(validate(refusalSchema, { reason: text(form, 'reason') }), form);
		if ('failed' in parsed) return parsed.failed;
		await revisions.refuse(user, id, parsed.value.reason, { origin });
	}, 'refusee'),

	ask: decide(async (user, id, form, origin) => {
		const parsed = checked(validate(infoRequestSchema, { message: text(form, 'message') }), form);
		if ('failed' in parsed) return parsed.failed;
		await revisions.requestInfo(user, id, parsed.value.message, { origin });
	}, 'question'),

	comment: decide(async (user, id, form) => {
		const parsed = checked(
			validate(commentSchema, { message: text(form, 'internal') }),
			form,
			'internal'
		);
		if ('failed' in parsed) return parsed.failed;
		await revisions.comment(user, id, parsed.value.message);
	}, 'note')
};
