import { dev } from '$app/environment';
import { error } from '@sveltejs/kit';
import { config } from '$lib/server/config';
import { outbox } from '$lib/server/email';
import type { PageServerLoad } from './$types';

/**
 * The local outbox under `vite dev` only: it shows every link sent by email. `dev` is false in
 * the build, whatever the environment says, so this page answers 404 there; operators read the
 * outbox with `npm run emails -- list`.
 */
export const load: PageServerLoad = async ({ url, setHeaders }) => {
	if (!dev) error(404, 'Page introuvable');
	setHeaders({ 'cache-control': 'no-store' });
	const to = url.searchParams.get('a')?.slice(0, 254) || undefined;
	return { to: to ?? '', smtp: !!config.smtpUrl, emails: await outbox.list({ to, limit: 50 }) };
};
