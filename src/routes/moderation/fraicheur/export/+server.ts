import { error } from '@sveltejs/kit';
import { requireRole } from '$lib/server/auth';
import * as freshness from '$lib/server/freshness';
import type { RequestHandler } from './$types';

/** `?jeu=fiches` (the « à vérifier » list, the default) or `?jeu=parts` (shares) as CSV. */
export const GET: RequestHandler = async ({ locals, url }) => {
	requireRole(locals, 'moderator');
	const set = url.searchParams.get('jeu') ?? 'fiches';
	if (set !== 'fiches' && set !== 'parts')
		error(400, 'Paramètre « jeu » invalide : valeurs possibles fiches ou parts.');
	const body =
		set === 'parts'
			? freshness.sharesCsv(await freshness.byCategory(), await freshness.byDepartement())
			: freshness.staleCsv(await freshness.staleFiches(), url.origin);
	const date = new Date().toISOString().slice(0, 10);
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="cartonum-fraicheur-${set}-${date}.csv"`,
			'cache-control': 'private, no-store'
		}
	});
};
