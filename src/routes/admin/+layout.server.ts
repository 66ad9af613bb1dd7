import type { LayoutServerLoad } from './$types';

/** Accounts and roles: no cache may keep these pages. Not a gate (see each load). */
export const load: LayoutServerLoad = ({ setHeaders }) => {
	setHeaders({ 'cache-control': 'private, no-store' });
};
