import * as account from '$lib/server/auth/account';
import { emailRequestAction } from '../email-request';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => ({ sent: url.searchParams.has('envoye') });

export const actions: Actions = {
	default: (event) =>
		emailRequestAction(event, account.requestPasswordReset, '/compte/mot-de-passe-oublie?envoye=1')
};
