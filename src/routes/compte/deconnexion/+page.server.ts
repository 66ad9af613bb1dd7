import { redirect } from '@sveltejs/kit';
import * as account from '$lib/server/auth/account';
import { deleteSessionCookie } from '$lib/server/auth/cookies';
import type { Actions, PageServerLoad } from './$types';

/** Signing out is a POST (a link or an image could not sign anyone out); GET shows the button. */
export const load: PageServerLoad = ({ locals }) => {
	if (!locals.user) redirect(303, '/compte/connexion');
};

export const actions: Actions = {
	default: async ({ locals, cookies, url }) => {
		if (locals.session) await account.signOut(locals.session.id);
		deleteSessionCookie(cookies, url);
		redirect(303, '/compte/connexion?info=deconnecte');
	}
};
