import { fail, redirect } from '@sveltejs/kit';
import * as account from '$lib/server/auth/account';
import * as forms from '$lib/server/auth/forms';
import { waitInFrench } from '$lib/server/auth/rate-limit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => ({ sent: url.searchParams.has('envoye') });

export const actions: Actions = {
	default: async ({ request, url, getClientAddress }) => {
		const form = await request.formData();
		const email = forms.refill(form, 'email');
		const parsed = forms.parse(forms.emailOnly, form);
		if (!parsed.ok) return fail(400, { email, errors: parsed.errors });

		const result = await account.requestPasswordReset(parsed.data.email, {
			ip: getClientAddress(),
			url
		});
		if (!result.ok)
			return fail(429, {
				email,
				message: `Trop de demandes depuis votre connexion. Réessayez dans ${waitInFrench(result.retryAfterSeconds)}.`
			});
		redirect(303, '/compte/mot-de-passe-oublie?envoye=1');
	}
};
