import { MAX_AGE, badRequest, json, notFound } from '$lib/server/api/responses';
import * as programmes from '$lib/server/programmes';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
	if (!/^\d{1,2}$/.test(params.number))
		return badRequest({
			parameter: 'number',
			message: `Numéro de programme invalide (« ${params.number.slice(0, 40)} ») : attendu un entier, par exemple /api/v1/programmes/6.`
		});
	const programme = await programmes.get(Number(params.number));
	if (!programme)
		return notFound(
			`Aucun programme de la feuille de route ne porte le numéro ${Number(params.number)}.`
		);
	return json(programme, { maxAge: MAX_AGE.reference });
};
