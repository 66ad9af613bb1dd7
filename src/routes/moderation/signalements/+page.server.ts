import { requireRole } from '$lib/server/auth';
import * as reports from '$lib/server/reports';
import type { PageServerLoad } from './$types';

/** Error reports from visitors: the open ones, oldest first, and the latest decisions. */
export const load: PageServerLoad = async ({ locals }) => {
	requireRole(locals, 'moderator');
	return { open: await reports.open(), recent: await reports.recent(20) };
};
