import { noParameters, parseQuery } from '$lib/domain/query-params';
import { MAX_AGE, badRequest, json } from '$lib/server/api/responses';
import * as opendata from '$lib/server/opendata';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ url }) => {
	const read = parseQuery(url.searchParams, noParameters);
	if (!read.ok) return badRequest(read);
	return json(await opendata.licenceNotice(url.origin), { maxAge: MAX_AGE.structures });
};
