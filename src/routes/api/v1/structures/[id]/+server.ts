import { noParameters, parseQuery } from '$lib/domain/query-params';
import { MAX_AGE, badRequest, json, notFound } from '$lib/server/api/responses';
import * as structures from '$lib/server/structures';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params, url }) => {
	const read = parseQuery(url.searchParams, noParameters);
	if (!read.ok) return badRequest(read);
	const structure = params.id.length <= 200 ? await structures.get(params.id) : null;
	if (!structure)
		return notFound(
			`Aucune structure publiée ne correspond à « ${params.id.slice(0, 60)} » (identifiant ou slug).`
		);
	return json(structure, { maxAge: MAX_AGE.structures });
};
