import { error, redirect } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth';
import * as revisions from '$lib/server/revisions';
import { failure } from '$lib/server/revisions/forms';
import type { Actions, PageServerLoad } from './$types';

async function own(locals: App.Locals, id: string) {
	const user = requireUser(locals);
	const revision = await revisions.forAuthor(id, user);
	if (!revision) error(404, 'Cette demande est introuvable, ou elle ne vous appartient pas.');
	return { user, revision };
}

/**
 * The last step: the whole revision as the moderator will see it (a diff for a change), what
 * is missing, and likely duplicates, each with « c’est ma structure ».
 */
export const load: PageServerLoad = async ({ locals, params }) => {
	const { revision } = await own(locals, params.id);
	if (revision.status !== 'draft' || !revisions.isFormRevision(revision))
		redirect(303, `/espace/demandes/${revision.id}`);
	return {
		revision: { id: revision.id, kind: revision.kind, title: revisions.titleOf(revision) },
		rows: await revisions.changes(revision),
		...(await revisions.beforeSending(revision))
	};
};

export const actions: Actions = {
	default: async ({ locals, params, url }) => {
		const { user, revision } = await own(locals, params.id);
		try {
			await revisions.submit(user, revision.id, { origin: url.origin });
		} catch (e) {
			return failure(e);
		}
		redirect(303, `/espace/demandes/${revision.id}?envoyee`);
	}
};
