import { error, redirect } from '@sveltejs/kit';
import { commentSchema, infoRequestSchema, refusalSchema, validate } from '$lib/domain/revisions';
import { requireRole } from '$lib/server/auth';
import { readForm } from '$lib/server/input/control-characters';
import * as revisions from '$lib/server/revisions';
import { failure, readApproval, refill, text, valueOf } from '$lib/server/revisions/forms';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

async function staffView(locals: App.Locals, id: string) {
	const user = requireRole(locals, 'moderator');
	const revision = await revisions.forStaff(id, user);
	if (!revision) error(404, 'Cette demande est introuvable.');
	return { user, revision };
}

/** A revision as moderators see it: a diff against the published fiche, duplicates, messages. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const { user, revision } = await staffView(locals, params.id);
	return revisions.view(revision, { actor: user, as: 'staff' });
};

type Staff = NonNullable<App.Locals['user']>;
type Decision = (user: Staff, id: string, form: FormData, origin: string) => Promise<unknown>;

/** The ladder every decision climbs: guard, size, module call, French failure, redirect. */
function decide(run: Decision, done: string) {
	return async ({ locals, params, request, url }: RequestEvent) => {
		const { user, revision } = await staffView(locals, params.id);
		const form = await readForm(request);
		try {
			await run(user, revision.id, form, url.origin);
		} catch (e) {
			return failure(e, { values: refill(form) });
		}
		redirect(303, `/moderation/${revision.id}?${done}`);
	};
}

export const actions: Actions = {
	review: decide((user, id, _form, origin) => revisions.startReview(user, id, { origin }), 'pris'),

	approve: decide(
		(user, id, form, origin) => revisions.approve(user, id, { origin }, readApproval(form)),
		'approuvee'
	),

	refuse: decide((user, id, form, origin) => {
		const { reason } = valueOf(validate(refusalSchema, { reason: text(form, 'reason') }));
		return revisions.refuse(user, id, reason, { origin });
	}, 'refusee'),

	ask: decide((user, id, form, origin) => {
		const { message } = valueOf(validate(infoRequestSchema, { message: text(form, 'message') }));
		return revisions.requestInfo(user, id, message, { origin });
	}, 'question'),

	comment: decide((user, id, form) => {
		const parsed = validate(commentSchema, { message: text(form, 'internal') });
		return revisions.comment(user, id, valueOf(parsed, 'internal').message);
	}, 'note')
};
