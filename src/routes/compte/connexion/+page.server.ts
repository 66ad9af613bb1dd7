import { fail, redirect } from '@sveltejs/kit';
import * as account from '$lib/server/auth/account';
import { setSessionCookie } from '$lib/server/auth/cookies';
import * as forms from '$lib/server/auth/forms';
import { safeReturnPath } from '$lib/server/auth/guards';
import { waitInFrench } from '$lib/server/auth/rate-limit';
import type { Actions, PageServerLoad } from './$types';

/** Where a sign-in leads without a page to return to: the partner space and its next step. */
const AFTER_SIGN_IN = '/espace';

const NOTICES = {
	verifie: 'Votre adresse est confirmée. Vous pouvez vous connecter.',
	reinitialise: 'Votre mot de passe a été modifié. Connectez-vous avec le nouveau.',
	deconnecte: 'Vous êtes déconnecté.'
} as const;

export const load: PageServerLoad = ({ locals, url }) => {
	const redirectTo = safeReturnPath(url.searchParams.get('redirectTo'), AFTER_SIGN_IN);
	if (locals.user) redirect(303, redirectTo);
	const info = url.searchParams.get('info');
	return {
		redirectTo,
		notice: info && info in NOTICES ? NOTICES[info as keyof typeof NOTICES] : null
	};
};

export const actions: Actions = {
	default: async ({ request, cookies, url, locals, getClientAddress }) => {
		const form = await request.formData();
		const email = forms.refill(form, 'email');
		const redirectTo = safeReturnPath(forms.refill(form, 'redirectTo', 2000), AFTER_SIGN_IN);
		const parsed = forms.parse(forms.signIn, form);
		if (!parsed.ok) return fail(400, { email, errors: parsed.errors });

		const result = await account.signIn(parsed.data, { ip: getClientAddress(), url });
		if (!result.ok) {
			if (result.reason === 'rate_limited')
				return fail(429, {
					email,
					message: `Trop de tentatives de connexion. Réessayez dans ${waitInFrench(result.retryAfterSeconds)}.`
				});
			if (result.reason === 'unverified')
				return fail(403, {
					email,
					message:
						'Votre adresse n’est pas encore confirmée : nous venons de vous envoyer un nouveau lien de confirmation.'
				});
			return fail(400, { email, message: 'Adresse électronique ou mot de passe incorrect.' });
		}
		// A new session for each sign-in: one planted before it never becomes authenticated.
		if (locals.session) await account.signOut(locals.session.id);
		setSessionCookie(cookies, url, result.token, result.session.expiresAt);
		redirect(303, redirectTo);
	}
};
