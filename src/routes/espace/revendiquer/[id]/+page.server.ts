import { error, redirect } from '@sveltejs/kit';
import { claimSchema, validate } from '$lib/domain/revisions';
import { requireUser } from '$lib/server/auth';
import * as revisions from '$lib/server/revisions';
import { failure, invalid, newFormKey, refill, text } from '$lib/server/revisions/forms';
import type { Actions, PageServerLoad } from './$types';
import { readForm } from '$lib/server/input/control-characters';

/**
 * « C’est ma structure » : asking to manage a published fiche. Coming from a draft that turned
 * out to be a duplicate (`?demande=<id>`), the draft is deleted once the claim is sent.
 */
async function target(locals: App.Locals, id: string) {
	const user = requireUser(locals);
	const structure = await revisions.claimable(id);
	if (!structure) error(404, 'Cette structure est introuvable ou n’est pas publiée.');
	return { user, structure };
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { user, structure } = await target(locals, params.id);
	return {
		structure,
		member: await revisions.isMember(user.id, structure.id),
		formKey: newFormKey(),
		draft: url.searchParams.get('demande')?.slice(0, 36) ?? ''
	};
};

export const actions: Actions = {
	default: async ({ locals, params, request, url }) => {
		const { user, structure } = await target(locals, params.id);
		const form = await readForm(request);
		const parsed = validate(claimSchema, { message: text(form, 'message') });
		if (!parsed.ok) return invalid(400, { values: refill(form), errors: parsed.errors });
		let id: string;
		try {
			({ id } = await revisions.claim(user, structure.id, text(form, 'key'), parsed.value, {
				origin: url.origin
			}));
			const draft = text(form, 'draft');
			if (draft) {
				const replaced = await revisions.byId(draft);
				// Only the applicant's own draft, and only a draft, is dropped.
				if (replaced?.authorId === user.id && replaced.status === 'draft')
					await revisions.withdraw(user, draft);
			}
		} catch (e) {
			return failure(e, { values: refill(form) });
		}
		redirect(303, `/espace/demandes/${id}?envoyee`);
	}
};
