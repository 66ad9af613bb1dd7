import { OPENAPI_PATH, operationsOf } from '$lib/server/api/contract';
import { LICENCES, NOTICE_PATH } from '$lib/server/opendata/licences';
import { ANONYMOUS_SEARCH_LIMIT } from '$lib/server/search/throttle';
import { MAX_QUERY_WORDS } from '$lib/server/search/understand';
import type { PageServerLoad } from './$types';

/** The API's documentation, rendered from its OpenAPI document (the one source of truth). */
export const load: PageServerLoad = () => ({
	openapi: OPENAPI_PATH,
	notice: NOTICE_PATH,
	licences: Object.entries(LICENCES).map(([code, licence]) => ({ code, ...licence })),
	operations: operationsOf(),
	/** Restated in the text from the constants the server applies. */
	searchLimit: ANONYMOUS_SEARCH_LIMIT,
	maxQueryWords: MAX_QUERY_WORDS
});
