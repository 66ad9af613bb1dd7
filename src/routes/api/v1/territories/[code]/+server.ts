import { check, noParameters, parseQuery } from '$lib/domain/query-params';
import { MAX_AGE, badRequest, json, notFound } from '$lib/server/api/responses';
import { territoryCodeSchema } from '$lib/server/api/path-params';
import * as territories from '$lib/server/territories';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params, url }) => {
	const read = parseQuery(url.searchParams, noParameters);
	if (!read.ok) return badRequest(read);
	const code = check(territoryCodeSchema, params.code, 'code');
	if (!code.ok) return badRequest(code);
	const territory = await territories.get(code.value);
	if (!territory) return notFound(`Aucun territoire ne porte le code « ${params.code} ».`);
	return json(territory, { maxAge: MAX_AGE.reference });
};
