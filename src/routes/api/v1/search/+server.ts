import { MAX_AGE, badRequest, json } from '$lib/server/api/responses';
import * as search from '$lib/server/search';
import type { RequestHandler } from './$types';

/**
 * `GET /api/v1/search?q=&category=&programme=&territory=&bbox=&near=&limit=&offset=&markers=`
 * → `{ hits, facets, total, engine, relaxed, limit, offset, markers? }`.
 */
export const GET: RequestHandler = async ({ url }) => {
	const query = search.parseSearchQuery(url.searchParams);
	if (!query.ok) return badRequest(query);
	return json(await search.search(query.value), { maxAge: MAX_AGE.structures });
};
