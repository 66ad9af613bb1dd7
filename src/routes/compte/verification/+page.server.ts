import { fail, redirect } from '@sveltejs/kit';
import * as account from '$lib/server/auth/account';
import * as forms from '$lib/server/auth/forms';
import * as tokens from '$lib/server/auth/one-time-tokens';
import { emailRequestAction } from '../email-request';
import type { Actions, PageServerLoad } from './$types';
import { readForm } from '$lib/server/input/control-characters';

/**
 * Opening the link only shows a button: the token is used by the POST, so that mail scanners
 * that follow links do not use it up.
 */
export const load: PageServerLoad = async ({ url }) => {
	const token = url.searchParams.get('jeton');
	return {
		sent: url.searchParams.has('envoye'),
		token: token ?? null,
		tokenValid: token ? await tokens.isValid(token, 'email_verification') : false
	};
};

export const actions: Actions = {
	confirmer: async ({ request }) => {
		const token = forms.refill(await readForm(request), 'token', 100);
		const userId = await account.verifyEmail(token);
		if (!userId)
			return fail(400, {
				message:
					'Ce lien de confirmation n’est plus valable (déjà utilisé ou expiré). Demandez-en un nouveau ci-dessous.'
			});
		redirect(303, '/compte/connexion?info=verifie');
	},
	renvoyer: (event) =>
		emailRequestAction(event, account.resendVerification, '/compte/verification?envoye=1')
};
