import type { LayoutServerLoad } from './$types';

/** Account pages show personal data and carry one-time links: no cache may keep them. */
export const load: LayoutServerLoad = ({ setHeaders }) => {
	setHeaders({ 'cache-control': 'private, no-store' });
};
