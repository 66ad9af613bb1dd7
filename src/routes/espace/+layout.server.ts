import type { LayoutServerLoad } from './$types';

/**
 * The partner space shows revisions and contacts: no cache may keep it. Not a gate: every
 * page's load and action calls `requireUser` itself.
 */
export const load: LayoutServerLoad = ({ setHeaders }) => {
	setHeaders({ 'cache-control': 'private, no-store' });
};
