import { requireRole } from '$lib/server/auth';
import { config } from '$lib/server/config';
import * as freshness from '$lib/server/freshness';
import { review } from '$lib/server/import';
import * as reports from '$lib/server/reports';
import type { PageServerLoad } from './$types';

/** The freshness dashboard: shares confirmed, fiches « à vérifier », reports, re-imports. */
export const load: PageServerLoad = async ({ locals }) => {
	requireRole(locals, 'moderator');
	const stale = await freshness.staleFiches(500);
	return {
		months: config.freshnessMonths,
		overall: await freshness.overall(),
		byCategory: await freshness.byCategory(),
		byDepartement: await freshness.byDepartement(),
		stale,
		flagged: stale.filter((s) => s.flagged).length,
		openReports: await reports.openCount(),
		pendingChanges: await review.pendingCounts()
	};
};
