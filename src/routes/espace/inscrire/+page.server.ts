import { redirect } from '@sveltejs/kit';
import { parseStep, type Identity } from '$lib/domain/revisions';
import { requireUser } from '$lib/server/auth';
import * as revisions from '$lib/server/revisions';
import { failure, invalid, newFormKey, refill, text } from '$lib/server/revisions/forms';
import type { Actions, PageServerLoad } from './$types';
import { readForm } from '$lib/server/input/control-characters';

/** « Inscrire ma structure », step 1: the identity, which creates the draft. */
export const load: PageServerLoad = ({ locals }) => {
	requireUser(locals);
	return { formKey: newFormKey() };
};

export const actions: Actions = {
	default: async ({ locals, request }) => {
		const user = requireUser(locals);
		const form = await readForm(request);
		const values = refill(form);
		const parsed = parseStep('identity', form);
		if (!parsed.ok)
			return invalid(400, {
				values,
				errors: parsed.errors,
				message: 'Certains champs sont à corriger : les messages sont à côté de chacun.'
			});
		let id: string;
		try {
			({ id } = await revisions.startCreation(user, text(form, 'key'), parsed.value as Identity));
		} catch (e) {
			return failure(e, { values });
		}
		redirect(303, `/espace/demandes/${id}/identifiants`);
	}
};
