import { error, redirect } from '@sveltejs/kit';
import { closeSchema, validate } from '$lib/domain/revisions';
import { requireUser } from '$lib/server/auth';
import * as freshness from '$lib/server/freshness';
import * as revisions from '$lib/server/revisions';
import { failure, invalid, newFormKey, refill, text } from '$lib/server/revisions/forms';
import type { Actions, PageServerLoad } from './$types';
import { readForm } from '$lib/server/input/control-characters';

/** A structure the partner manages: change its fiche, or say it has closed. */
async function managed(locals: App.Locals, id: string) {
	const user = requireUser(locals);
	const structure = await revisions.managedStructure(user.id, id);
	if (!structure) error(404, 'Cette structure est introuvable, ou vous ne la gérez pas.');
	return { user, structure };
}

export const load: PageServerLoad = async ({ locals, params }) => {
	const { user, structure } = await managed(locals, params.id);
	const own = (await revisions.byStructure(structure.id)).filter((r) => r.authorId === user.id);
	return {
		structure,
		revisions: own.map((r) => ({
			id: r.id,
			kind: r.kind,
			status: r.status,
			submittedAt: r.submittedAt
		})),
		formKey: newFormKey()
	};
};

export const actions: Actions = {
	confirm: async ({ locals, params }) => {
		const { user, structure } = await managed(locals, params.id);
		const confirmed = await freshness.confirmAsManager(user.id, structure.id);
		if (!confirmed)
			return invalid(409, {
				message: 'Cette structure n’est plus sur la carte : il n’y a rien à confirmer.'
			});
		return { confirmed: true };
	},

	edit: async ({ locals, params, request }) => {
		const { user, structure } = await managed(locals, params.id);
		const form = await readForm(request);
		let id: string;
		try {
			({ id } = await revisions.startUpdate(user, structure.id, text(form, 'key')));
		} catch (e) {
			return failure(e);
		}
		redirect(303, `/espace/demandes/${id}/identite`);
	},

	close: async ({ locals, params, request, url }) => {
		const { user, structure } = await managed(locals, params.id);
		const form = await readForm(request);
		const parsed = validate(closeSchema, { reason: text(form, 'reason') });
		if (!parsed.ok) return invalid(400, { values: refill(form), errors: parsed.errors });
		let id: string;
		try {
			({ id } = await revisions.close(user, structure.id, text(form, 'key'), parsed.value, {
				origin: url.origin
			}));
		} catch (e) {
			return failure(e, { values: refill(form) });
		}
		redirect(303, `/espace/demandes/${id}?envoyee`);
	}
};
