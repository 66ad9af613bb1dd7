import { parseTerritory } from '$lib/domain/territory-code';
import { MAX_AGE, badRequest, json, notFound } from '$lib/server/api/responses';
import * as territories from '$lib/server/territories';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
	const parsed = parseTerritory(params.code);
	if (!parsed.ok || parsed.value.kind === 'radius')
		return badRequest({
			parameter: 'code',
			message: `Code de territoire invalide (« ${params.code.slice(0, 60)} ») : utilisez reg:27, aca:besancon, aca:dijon, dep:21, epci:<SIREN> ou com:<code INSEE>.`
		});
	const territory = await territories.get(params.code);
	if (!territory) return notFound(`Aucun territoire ne porte le code « ${params.code} ».`);
	return json(territory, { maxAge: MAX_AGE.reference });
};
