import { error } from '@sveltejs/kit';
import { config } from '$lib/server/config';
import { outbox } from '$lib/server/email';
import type { PageServerLoad } from './$types';

/** The local outbox, for development and tests only: it shows every link sent by email. */
export const load: PageServerLoad = async ({ url, setHeaders }) => {
	if (config.production) error(404, 'Page introuvable');
	setHeaders({ 'cache-control': 'no-store' });
	const to = url.searchParams.get('a')?.slice(0, 254) || undefined;
	return { to: to ?? '', smtp: !!config.smtpUrl, emails: await outbox.list({ to, limit: 50 }) };
};
