import { error, redirect } from '@sveltejs/kit';
import { EDITABLE_STATUSES, stepBySlug } from '$lib/domain/revisions';
import { requireUser } from '$lib/server/auth';
import { readForm } from '$lib/server/input/control-characters';
import * as revisions from '$lib/server/revisions';
import { failure, invalid, refill } from '$lib/server/revisions/forms';
import type { Actions, PageServerLoad } from './$types';

/** A step of the author's own revision; 404 for anyone else. */
async function ownStep(locals: App.Locals, id: string, etape: string) {
	const user = requireUser(locals);
	const step = stepBySlug(etape);
	if (!step) error(404, 'Cette étape n’existe pas.');
	const revision = await revisions.forAuthor(id, user);
	if (!revision) error(404, 'Cette demande est introuvable, ou elle ne vous appartient pas.');
	return { user, step, revision };
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { step, revision } = await ownStep(locals, params.id, params.etape);
	if (!EDITABLE_STATUSES.includes(revision.status) || !revisions.isFormRevision(revision))
		redirect(303, `/espace/demandes/${revision.id}`);
	return {
		revision: {
			id: revision.id,
			kind: revision.kind,
			status: revision.status,
			title: revisions.titleOf(revision)
		},
		step: step.slug,
		...(await revisions.stepPage(revision, step)),
		checked: url.searchParams.has('verifie')
	};
};

export const actions: Actions = {
	save: async ({ locals, params, request }) => {
		const { user, step, revision } = await ownStep(locals, params.id, params.etape);
		const form = await readForm(request);
		let next: string;
		try {
			next = await revisions.saveStepForm(user, revision, step, form);
		} catch (e) {
			return failure(e, { values: refill(form) });
		}
		redirect(303, `/espace/demandes/${revision.id}/${next}`);
	},

	/** Takes what the revision lacks from the structure already on the map with its UAI. */
	prefill: async ({ locals, params }) => {
		const { user, revision } = await ownStep(locals, params.id, params.etape);
		try {
			if (!(await revisions.prefillStepsFromUai(user, revision)))
				return invalid(404, { message: 'Aucune structure ne porte ce code UAI.' });
		} catch (e) {
			return failure(e);
		}
		redirect(303, `/espace/demandes/${revision.id}/adresse`);
	}
};
