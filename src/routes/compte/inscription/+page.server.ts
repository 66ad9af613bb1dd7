import { fail, redirect } from '@sveltejs/kit';
import * as account from '$lib/server/auth/account';
import * as forms from '$lib/server/auth/forms';
import { MIN_PASSWORD_LENGTH } from '$lib/server/auth/passwords';
import { waitInFrench } from '$lib/server/rate-limit';
import type { Actions, PageServerLoad } from './$types';
import { readForm } from '$lib/server/input/control-characters';

export const load: PageServerLoad = ({ locals }) => {
	if (locals.user) redirect(303, '/compte');
	return { minPasswordLength: MIN_PASSWORD_LENGTH };
};

export const actions: Actions = {
	default: async ({ request, url, getClientAddress }) => {
		const form = await readForm(request);
		const refill = {
			email: forms.refill(form, 'email'),
			displayName: forms.refill(form, 'displayName', 100)
		};
		const parsed = forms.parse(forms.signUp, form);
		if (!parsed.ok) return fail(400, { ...refill, errors: parsed.errors });

		const result = await account.signUp(parsed.data, { ip: getClientAddress(), url });
		if (!result.ok && result.reason === 'weak_password')
			return fail(400, { ...refill, errors: { password: result.message } as forms.FieldErrors });
		if (!result.ok)
			return fail(429, {
				...refill,
				message: `Trop de demandes depuis votre connexion. Réessayez dans ${waitInFrench(result.retryAfterSeconds)}.`
			});
		redirect(303, '/compte/verification?envoye=1');
	}
};
