import { requireUser } from '$lib/server/auth';
import * as revisions from '$lib/server/revisions';
import * as spaces from '$lib/server/revisions/spaces';
import type { PageServerLoad } from './$types';

/** The partner's home: the structures they manage and their requests. */
export const load: PageServerLoad = async ({ locals }) => {
	const user = requireUser(locals);
	const requests = await revisions.byAuthor(user.id);
	return {
		structures: await spaces.managedBy(user.id),
		requests: requests.map((r) => ({
			id: r.id,
			kind: r.kind,
			status: r.status,
			title: revisions.titleOf(r),
			submittedAt: r.submittedAt,
			updatedAt: r.updatedAt
		}))
	};
};
