import { MAX_AGE, badRequest, json, tooManyRequests } from '$lib/server/api/responses';
import * as search from '$lib/server/search';
import type { RequestHandler } from './$types';

/**
 * `GET /api/v1/search?q=&category=&programme=&territory=&bbox=&sector=&level=&pathway=&priority=&near=&limit=&offset=&markers=`
 * → `{ hits, facets, total, engine, relaxed, ignored, notice, understood, limit, offset, markers? }`.
 * Unknown parameters are refused (the page's own `parseSearchQuery` ignores them); anonymous
 * clients are rate-limited per address (429 with `Retry-After`).
 */
export const GET: RequestHandler = async ({ url, getClientAddress, locals }) => {
	const query = search.parseSearchQuery(url.searchParams, { unknown: 'refuse' });
	if (!query.ok) return badRequest(query);
	const throttled = await search.throttleSearch(getClientAddress(), !!locals.user);
	if (throttled) return tooManyRequests(throttled.message, throttled.retryAfterSeconds);
	return json(await search.search(query.value), { maxAge: MAX_AGE.structures });
};
