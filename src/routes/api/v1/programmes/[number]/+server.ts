import { check, noParameters, parseQuery } from '$lib/domain/query-params';
import { programmeNumberSchema } from '$lib/server/api/path-params';
import { MAX_AGE, badRequest, json, notFound } from '$lib/server/api/responses';
import * as programmes from '$lib/server/programmes';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params, url }) => {
	const read = parseQuery(url.searchParams, noParameters);
	if (!read.ok) return badRequest(read);
	const number = check(programmeNumberSchema, params.number, 'number');
	if (!number.ok) return badRequest(number);
	const programme = await programmes.get(number.value);
	if (!programme)
		return notFound(`Aucun programme de la feuille de route ne porte le numéro ${number.value}.`);
	return json(programme, { maxAge: MAX_AGE.reference });
};
