import type { LayoutServerLoad } from './$types';

/** What every page may show of the signed-in user (the header's account menu). Not a gate. */
export const load: LayoutServerLoad = ({ locals }) => ({
	user: locals.user
		? { email: locals.user.email, role: locals.user.role, displayName: locals.user.displayName }
		: null
});
