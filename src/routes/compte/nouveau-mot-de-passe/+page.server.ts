import { fail, redirect } from '@sveltejs/kit';
import * as account from '$lib/server/auth/account';
import * as forms from '$lib/server/auth/forms';
import * as tokens from '$lib/server/auth/one-time-tokens';
import { MIN_PASSWORD_LENGTH } from '$lib/server/auth/passwords';
import type { Actions, PageServerLoad } from './$types';
import { readForm } from '$lib/server/input/control-characters';

const EXPIRED =
	'Ce lien n’est plus valable (déjà utilisé ou expiré) : demandez-en un nouveau depuis « Mot de passe oublié ».';

export const load: PageServerLoad = async ({ url }) => {
	const token = url.searchParams.get('jeton') ?? '';
	return {
		token,
		tokenValid: token ? await tokens.isValid(token, 'password_reset') : false,
		minPasswordLength: MIN_PASSWORD_LENGTH
	};
};

export const actions: Actions = {
	default: async ({ request, url, getClientAddress }) => {
		const form = await readForm(request);
		const parsed = forms.parse(forms.newPasswordForm, form);
		if (!parsed.ok) return fail(400, { errors: parsed.errors });

		const done = await account.resetPassword(parsed.data.token, parsed.data.password, {
			ip: getClientAddress(),
			url
		});
		if (!done.ok)
			return done.reason === 'weak_password'
				? fail(400, { errors: { password: done.message } as forms.FieldErrors })
				: fail(400, { message: EXPIRED });
		redirect(303, '/compte/connexion?info=reinitialise');
	}
};
