import { requireUser } from '$lib/server/auth';
import * as revisions from '$lib/server/revisions';
import type { PageServerLoad } from './$types';

/** The partner's home: the structures they manage and their revisions (« demandes »). */
export const load: PageServerLoad = async ({ locals }) => {
	const user = requireUser(locals);
	return {
		structures: await revisions.managedBy(user.id),
		revisions: (await revisions.byAuthor(user.id)).map((r) => ({
			id: r.id,
			kind: r.kind,
			status: r.status,
			title: revisions.titleOf(r),
			submittedAt: r.submittedAt,
			updatedAt: r.updatedAt
		}))
	};
};
