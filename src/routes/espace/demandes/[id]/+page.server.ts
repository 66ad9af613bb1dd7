import { error, redirect } from '@sveltejs/kit';
import { replySchema, validate } from '$lib/domain/revisions';
import { requireUser } from '$lib/server/auth';
import { readForm } from '$lib/server/input/control-characters';
import * as revisions from '$lib/server/revisions';
import { failure, refill, text, valueOf } from '$lib/server/revisions/forms';
import type { Actions, PageServerLoad } from './$types';

/** The author's own revision; 404 for anyone else, staff included (they use /moderation). */
async function own(locals: App.Locals, id: string) {
	const user = requireUser(locals);
	const revision = await revisions.forAuthor(id, user);
	if (!revision) error(404, 'Cette demande est introuvable, ou elle ne vous appartient pas.');
	return { user, revision };
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { user, revision } = await own(locals, params.id);
	return {
		...(await revisions.view(revision, { actor: user, as: 'author' })),
		justSent: url.searchParams.has('envoyee')
	};
};

export const actions: Actions = {
	reply: async ({ locals, params, request, url }) => {
		const { user, revision } = await own(locals, params.id);
		const form = await readForm(request);
		try {
			const { message } = valueOf(validate(replySchema, { message: text(form, 'message') }));
			await revisions.reply(user, revision.id, message, { origin: url.origin });
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
