import { requireRole } from '$lib/server/auth';
import { config } from '$lib/server/config';
import { review } from '$lib/server/import';
import * as moderation from '$lib/server/moderation';
import * as reports from '$lib/server/reports';
import type { PageServerLoad } from './$types';

const FILTERS = {
	recues: 'received',
	'en-revue': 'in_review',
	'en-attente': 'info_requested'
} as const;

/** The queue: revisions waiting for a decision, oldest first; `?statut=` narrows it. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireRole(locals, 'moderator');
	const filter = url.searchParams.get('statut') as keyof typeof FILTERS | null;
	const status = filter && filter in FILTERS ? FILTERS[filter] : null;
	return {
		filter: status ? filter : null,
		queue: await moderation.queue({ status }),
		counts: await moderation.counts(),
		decided: await moderation.decided(20),
		staleDays: config.moderationStaleDays,
		admin: user.role === 'admin',
		openReports: await reports.openCount(),
		pendingChanges: Object.values(await review.pendingCounts()).reduce((n, c) => n + (c ?? 0), 0)
	};
};
