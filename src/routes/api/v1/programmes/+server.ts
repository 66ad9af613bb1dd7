import { noParameters, parseQuery } from '$lib/domain/query-params';
import { MAX_AGE, badRequest, json } from '$lib/server/api/responses';
import * as programmes from '$lib/server/programmes';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ url }) => {
	const read = parseQuery(url.searchParams, noParameters);
	if (!read.ok) return badRequest(read);
	return json(
		{ axes: await programmes.axes(), items: await programmes.list() },
		{ maxAge: MAX_AGE.reference }
	);
};
