import { config } from '$lib/server/config';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => ({
	origin: config.origin ?? url.origin,
	contact: config.contactEmail
});
