import { error, redirect } from '@sveltejs/kit';
import { requireRole, ROLE_LABELS } from '$lib/server/auth';
import * as users from '$lib/server/auth/users';
import * as accounts from '$lib/server/auth/account-list';
import { invalid, text } from '$lib/server/revisions/forms';
import type { Actions, PageServerLoad } from './$types';
import { readForm } from '$lib/server/input/control-characters';

/** Admins list and search accounts and change their role; every change is audited. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const admin = requireRole(locals, 'admin');
	const q = url.searchParams.get('q')?.slice(0, 100) ?? '';
	const roleParam = url.searchParams.get('role') ?? '';
	const role = accounts.isRoleValue(roleParam) ? roleParam : null;
	const page = Math.max(1, Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1);
	const { items, total } = await accounts.list({ q, role, page });
	return {
		q,
		role,
		page,
		pages: Math.max(1, Math.ceil(total / accounts.PAGE_SIZE)),
		total,
		accounts: items,
		roles: Object.entries(ROLE_LABELS).map(([value, label]) => ({ value, label })),
		me: admin.id,
		changes: await accounts.roleChanges()
	};
};

export const actions: Actions = {
	role: async ({ locals, request }) => {
		const admin = requireRole(locals, 'admin');
		const form = await readForm(request);
		const userId = text(form, 'user');
		const role = text(form, 'role');
		if (!accounts.isRoleValue(role))
			return invalid(400, { message: 'Choisissez un rôle dans la liste.' });
		// An admin cannot lock themselves out: another admin must change their role.
		if (userId === admin.id)
			return invalid(403, {
				message:
					'Vous ne pouvez pas changer votre propre rôle : demandez-le à un autre administrateur.'
			});
		const target = /^[0-9a-f-]{36}$/i.test(userId) ? await users.byId(userId) : null;
		if (!target) error(404, 'Ce compte est introuvable.');
		await users.setRole(target.id, role, admin.id);
		const back = new URLSearchParams({ q: text(form, 'q').slice(0, 100), modifie: target.id });
		redirect(303, `/admin/utilisateurs?${back}`);
	}
};
