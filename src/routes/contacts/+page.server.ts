import { fail, redirect } from '@sveltejs/kit';
import { resolve } from '$app/paths';
import { withParams } from '$lib/components/urls';
import { requireRole } from '$lib/server/auth';
import { contactsPage, zoneLink } from '$lib/server/contacts/page';
import { readForm } from '$lib/server/input/control-characters';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireRole(locals, 'moderator');
	const page = await contactsPage(user, url.searchParams);
	if ('redirect' in page) redirect(303, withParams(url, page.redirect));
	return page;
};

export const actions: Actions = {
	/** A drawn or pasted polygon, posted; its results live at a link carrying the zone. */
	zone: async ({ locals, request }) => {
		requireRole(locals, 'moderator');
		const zone = zoneLink(await readForm(request));
		if (!zone.ok) return fail(400, zone);
		redirect(303, `${resolve('/contacts')}?${zone.params}`);
	}
};
