import { fail, redirect } from '@sveltejs/kit';
import { readForm } from '$lib/server/input/control-characters';
import { requireRole } from '$lib/server/auth';
import { CHANGE_KINDS, review, type ChangeKind } from '$lib/server/import';
import type { Actions, PageServerLoad } from './$types';

/** The review list of official re-imports: changes that touch a local edit, by kind. */
export const load: PageServerLoad = async ({ locals }) => {
	requireRole(locals, 'moderator');
	return { pending: await review.pending() };
};

const isKind = (value: unknown): value is ChangeKind =>
	typeof value === 'string' && (CHANGE_KINDS as readonly string[]).includes(value);

/**
 * « accept » / « reject » with `id` (one change, repeatable) or `kind` (every pending change
 * of that kind).
 */
async function decide(locals: App.Locals, request: Request, decision: 'accepted' | 'rejected') {
	const user = requireRole(locals, 'moderator');
	const form = await readForm(request);
	const ids = form
		.getAll('id')
		.filter((v): v is string => typeof v === 'string' && /^\d{1,18}$/.test(v));
	const kind = form.get('kind');
	if (ids.length === 0 && !isKind(kind))
		return fail(400, { message: 'Choisissez au moins un changement à traiter.' });
	try {
		const count = await review.decide(
			user.id,
			decision,
			ids.length ? { ids } : { kind: kind as ChangeKind }
		);
		if (count === 0)
			return fail(409, {
				message: 'Ces changements ont déjà été traités par un autre modérateur.'
			});
	} catch (e) {
		if (e instanceof review.ReviewError) return fail(409, { message: e.message });
		throw e;
	}
	redirect(303, '/moderation/imports');
}

export const actions: Actions = {
	accept: ({ locals, request }) => decide(locals, request, 'accepted'),
	reject: ({ locals, request }) => decide(locals, request, 'rejected')
};
