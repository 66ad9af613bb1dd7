import { redirect } from '@sveltejs/kit';
import { requireRole } from '$lib/server/auth';
import type { PageServerLoad } from './$types';

/** The administration's only tool for now: accounts and roles. */
export const load: PageServerLoad = ({ locals }) => {
	requireRole(locals, 'admin');
	redirect(303, '/admin/utilisateurs');
};
