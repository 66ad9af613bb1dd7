import { fail, redirect } from '@sveltejs/kit';
import * as account from '$lib/server/auth/account';
import { setSessionCookie } from '$lib/server/auth/cookies';
import * as forms from '$lib/server/auth/forms';
import { returnPath } from '$lib/server/auth/guards';
import type { Role } from '$lib/server/auth/roles';
import { waitInFrench } from '$lib/server/rate-limit';
import type { Actions, PageServerLoad } from './$types';
import { readForm } from '$lib/server/input/control-characters';

const NOTICES = {
	verifie: 'Votre adresse est confirmée. Vous pouvez vous connecter.',
	reinitialise: 'Votre mot de passe a été modifié. Connectez-vous avec le nouveau.',
	deconnecte: 'Vous êtes déconnecté.'
} as const;

/** Without a page to come back to, partners go to their space, staff to their account. */
const home = (role: Role) => (role === 'partner' ? '/espace' : '/compte');

export const load: PageServerLoad = ({ locals, url }) => {
	const redirectTo = returnPath(url.searchParams.get('redirectTo'));
	if (locals.user) redirect(303, redirectTo ?? home(locals.user.role));
	const info = url.searchParams.get('info');
	return {
		redirectTo: redirectTo ?? '',
		notice: info && info in NOTICES ? NOTICES[info as keyof typeof NOTICES] : null
	};
};

export const actions: Actions = {
	default: async ({ request, cookies, url, locals, getClientAddress }) => {
		const form = await readForm(request);
		const email = forms.refill(form, 'email');
		const redirectTo = returnPath(forms.refill(form, 'redirectTo', 2000));
		const parsed = forms.parse(forms.signIn, form);
		if (!parsed.ok) return fail(400, { email, errors: parsed.errors });

		const result = await account.signIn(parsed.data, { ip: getClientAddress(), url });
		if (!result.ok) {
			if (result.reason === 'rate_limited')
				return fail(429, {
					email,
					message: `Trop de tentatives de connexion depuis votre adresse. Réessayez dans ${waitInFrench(result.retryAfterSeconds)}, ou choisissez « Mot de passe oublié ».`
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
		redirect(303, redirectTo ?? home(result.role));
	}
};
