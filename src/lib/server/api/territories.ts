import { z } from 'zod';
import { parseQuery } from '../../domain/query-params';
import { parseTerritory, type StoredTerritoryKind } from '../../domain/territory-code';
import * as territories from '../territories';
import { MAX_AGE, badRequest, json } from './responses';

const KINDS: StoredTerritoryKind[] = ['region', 'academie', 'departement', 'epci', 'commune'];

const kindSchema = z.enum(KINDS as [StoredTerritoryKind, ...StoredTerritoryKind[]], {
	error: (issue) =>
		`Paramètre « kind » invalide (« ${String(issue.input).slice(0, 40)} ») : valeurs possibles ${KINDS.join(', ')}.`
});

const parentSchema = z.string().refine(
	(text) => {
		const parsed = parseTerritory(text);
		return parsed.ok && parsed.value.kind !== 'radius' && parsed.value.kind !== 'commune';
	},
	{
		error: (issue) =>
			`Paramètre « parent » invalide (« ${String(issue.input).slice(0, 60)} ») : utilisez reg:27, aca:besancon, aca:dijon, dep:21 ou epci:<SIREN>.`
	}
);

const MAX_QUERY_LENGTH = 100;

/** The parameters of `GET /api/v1/territories`, which validate the query and document it. */
export const territoriesParams = z.object({
	kind: kindSchema.optional().meta({
		description: 'Type de territoire (requis sans q).',
		example: 'departement'
	}),
	parent: parentSchema.optional().meta({
		description: 'Territoire englobant : reg:27, aca:…, dep:… ou epci:<SIREN>.',
		example: 'dep:21'
	}),
	q: z
		.string()
		.max(MAX_QUERY_LENGTH, {
			error: `Paramètre « q » invalide : le texte recherché ne doit pas dépasser ${MAX_QUERY_LENGTH} caractères.`
		})
		.optional()
		.meta({ description: 'Nom, code postal ou code INSEE.', example: 'dole' })
});

/**
 * `GET /api/v1/territories`: `q` searches names, postcodes and INSEE codes (for pickers),
 * optionally restricted to one `kind`; otherwise `kind` lists a kind, optionally inside `parent`.
 * Any other parameter is refused.
 */
export async function territoriesResponse(url: URL): Promise<Response> {
	const read = parseQuery(url.searchParams, territoriesParams);
	if (!read.ok) return badRequest(read);
	const { kind, parent, q } = read.value;
	if (q)
		return json(
			{ items: await territories.search(q, { kinds: kind ? [kind] : undefined, limit: 20 }) },
			{ maxAge: MAX_AGE.reference }
		);
	if (!kind)
		return badRequest({
			parameter: 'kind',
			message: `Précisez le paramètre « kind » (${KINDS.join(', ')}) ou un texte à chercher avec « q ».`
		});
	return json({ items: await territories.list(kind, { parent }) }, { maxAge: MAX_AGE.reference });
}
