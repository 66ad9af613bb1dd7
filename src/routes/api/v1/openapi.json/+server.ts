import { noParameters, parseQuery } from '$lib/domain/query-params';
import { MAX_AGE, badRequest, json } from '$lib/server/api/responses';
import { openApiDocument } from '$lib/server/api/contract';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url }) => {
	const read = parseQuery(url.searchParams, noParameters);
	if (!read.ok) return badRequest(read);
	return json(openApiDocument(), { maxAge: MAX_AGE.reference });
};
