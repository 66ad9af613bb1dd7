import { requireUser } from '$lib/server/auth/guards';
import { ROLE_LABELS } from '$lib/server/auth/roles';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const user = requireUser(locals);
	return {
		account: {
			email: user.email,
			displayName: user.displayName,
			roleLabel: ROLE_LABELS[user.role]
		}
	};
};
