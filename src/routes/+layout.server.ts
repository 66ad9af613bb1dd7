import { EMBED_ROUTE } from '$lib/components/embed';
import { config } from '$lib/server/config';
import type { LayoutServerLoad } from './$types';

/**
 * What every page may show: the signed-in user (the header's account menu; not a gate) and
 * the online basemap style, when one replaces the offline basemap.
 */
export const load: LayoutServerLoad = ({ locals, route }) => ({
	// The embedded map shows no account and must carry no personal data into other sites.
	user:
		locals.user && route.id !== EMBED_ROUTE
			? { email: locals.user.email, role: locals.user.role, displayName: locals.user.displayName }
			: null,
	basemapStyleUrl: config.basemapStyleUrl ?? null
});
