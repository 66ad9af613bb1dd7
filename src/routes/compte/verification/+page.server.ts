import { fail, redirect } from '@sveltejs/kit';
import * as account from '$lib/server/auth/account';
import * as forms from '$lib/server/auth/forms';
import * as tokens from '$lib/server/auth/one-time-tokens';
import { waitInFrench } from '$lib/server/auth/rate-limit';
import type { Actions, PageServerLoad } from './$types';

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
		const token = forms.refill(await request.formData(), 'token', 100);
		const userId = await account.verifyEmail(token);
		if (!userId)
			return fail(400, {
				message:
					'Ce lien de confirmation n’est plus valable (déjà utilisé ou expiré). Demandez-en un nouveau ci-dessous.'
			});
		redirect(303, '/compte/connexion?info=verifie');
	},
	renvoyer: async ({ request, url, getClientAddress }) => {
		const form = await request.formData();
		const email = forms.refill(form, 'email');
		const parsed = forms.parse(forms.emailOnly, form);
		if (!parsed.ok) return fail(400, { email, errors: parsed.errors });
		const result = await account.resendVerification(parsed.data.email, {
			ip: getClientAddress(),
			url
		});
		if (!result.ok)
			return fail(429, {
				email,
				message: `Trop de demandes depuis votre connexion. Réessayez dans ${waitInFrench(result.retryAfterSeconds)}.`
			});
		redirect(303, '/compte/verification?envoye=1');
	}
};
