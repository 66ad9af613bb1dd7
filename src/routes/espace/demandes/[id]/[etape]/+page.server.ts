import { error, redirect } from '@sveltejs/kit';
import {
	EDITABLE_STATUSES,
	parseStep,
	STEPS,
	stepBySlug,
	type DraftPayload,
	type LocationInput
} from '$lib/domain/revisions';
import { requireUser } from '$lib/server/auth';
import * as revisions from '$lib/server/revisions';
import { failure, invalid, refill, text } from '$lib/server/revisions/forms';
import * as steps from '$lib/server/revisions/steps';
import * as tiles from '$lib/server/tiles';
import type { Actions, PageServerLoad } from './$types';
import { readForm } from '$lib/server/input/control-characters';

/** The applicant's own revision, while its content may change; 404 for anyone else. */
async function editable(locals: App.Locals, id: string, etape: string) {
	const user = requireUser(locals);
	const step = stepBySlug(etape);
	if (!step) error(404, 'Cette étape n’existe pas.');
	const revision = await revisions.forViewer(id, user).catch(() => null);
	if (!revision || revision.authorId !== user.id)
		error(404, 'Cette demande est introuvable, ou elle ne vous appartient pas.');
	return { user, step, revision };
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { step, revision } = await editable(locals, params.id, params.etape);
	if (
		!EDITABLE_STATUSES.includes(revision.status) ||
		(revision.kind !== 'create' && revision.kind !== 'update')
	)
		redirect(303, `/espace/demandes/${revision.id}`);
	const payload = revision.payload as DraftPayload;
	return {
		revision: {
			id: revision.id,
			kind: revision.kind,
			status: revision.status,
			title: revisions.titleOf(revision)
		},
		step: step.slug,
		values: steps.formValues(step, payload),
		done: STEPS.filter((s) => payload[s.key] !== undefined).map((s) => s.slug),
		programmes: step.key === 'programmes' ? await steps.programmeChoices() : [],
		regionBounds: step.key === 'location' ? await tiles.bounds() : null,
		uaiMatch: step.key === 'identifiers' ? await steps.uaiMatch(revision) : null,
		checked: url.searchParams.has('verifie')
	};
};

export const actions: Actions = {
	save: async ({ locals, params, request }) => {
		const { user, step, revision } = await editable(locals, params.id, params.etape);
		const form = await readForm(request);
		const values = refill(form);
		const parsed = parseStep(step.key, form);
		if (!parsed.ok)
			return invalid(400, {
				values,
				errors: parsed.errors,
				message: 'Certains champs sont à corriger : les messages sont à côté de chacun.'
			});
		let value = parsed.value;
		if (step.key === 'location') {
			const located = await steps.locateStep(
				value as LocationInput,
				text(form, 'pin'),
				(revision.payload as DraftPayload).location
			);
			if (!located.ok)
				return invalid(400, {
					values,
					errors: located.errors,
					message: 'L’adresse est à corriger : le message est à côté du champ.'
				});
			value = located.value;
		}
		try {
			await revisions.saveStep(user, revision.id, step.key, value);
		} catch (e) {
			return failure(e, { values });
		}
		if (step.key === 'identifiers' && revision.kind === 'create') {
			const match = await steps.uaiMatch({
				...revision,
				payload: { ...(revision.payload as DraftPayload), identifiers: value as never }
			});
			if (match) redirect(303, `/espace/demandes/${revision.id}/identifiants?verifie`);
		}
		redirect(303, nextStep(revision.id, step.slug));
	},

	/** Takes what the revision lacks from the structure already on the map with its UAI. */
	prefill: async ({ locals, params }) => {
		const { user, revision } = await editable(locals, params.id, params.etape);
		const changes = await steps.prefillFromUai(revision);
		if (!changes) return invalid(404, { message: 'Aucune structure ne porte ce code UAI.' });
		try {
			for (const [key, value] of Object.entries(changes))
				await revisions.saveStep(user, revision.id, key as keyof DraftPayload, value);
		} catch (e) {
			return failure(e);
		}
		redirect(303, `/espace/demandes/${revision.id}/adresse`);
	}
};

function nextStep(id: string, slug: string): string {
	const index = STEPS.findIndex((s) => s.slug === slug);
	const next = STEPS[index + 1];
	return next ? `/espace/demandes/${id}/${next.slug}` : `/espace/demandes/${id}/envoi`;
}
