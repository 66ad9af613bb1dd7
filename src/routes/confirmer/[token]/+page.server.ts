import { fail } from '@sveltejs/kit';
import * as freshness from '$lib/server/freshness';
import type { Actions, PageServerLoad } from './$types';

/**
 * The landing page of a confirmation email. Opening it changes nothing (mail scanners follow
 * links); « Tout est juste » is a POST that uses the link up.
 */
export const load: PageServerLoad = async ({ params, setHeaders }) => {
	setHeaders({ 'cache-control': 'private, no-store', 'referrer-policy': 'no-referrer' });
	const target = await freshness.peek(params.token);
	return { target, confirmed: null };
};

export const actions: Actions = {
	default: async ({ params }) => {
		const confirmed = await freshness.confirm(params.token);
		if (!confirmed)
			return fail(410, {
				message:
					'Ce lien n’est plus valable : il a déjà servi, il a expiré ou il est incomplet. Connectez-vous à votre espace partenaire pour confirmer ou modifier la fiche.'
			});
		return { confirmed };
	}
};
