import { noParameters, parseQuery } from '$lib/domain/query-params';
import { apiIndex } from '$lib/server/api/contract';
import { MAX_AGE, badRequest, json } from '$lib/server/api/responses';
import type { RequestHandler } from './$types';

/**
 * A machine-readable index of every endpoint under /api/v1, in French like its messages,
 * rendered from the OpenAPI document (test/integration/api-read.test.ts checks that no route
 * folder is missing from it).
 */
export const GET: RequestHandler = ({ url }) => {
	const read = parseQuery(url.searchParams, noParameters);
	if (!read.ok) return badRequest(read);
	return json(apiIndex(), { maxAge: MAX_AGE.reference });
};
