import { parseTerritory, type StoredTerritoryKind } from '../../domain/territory-code';
import * as territories from '../territories';
import { MAX_AGE, badRequest, json } from './responses';

const KINDS: StoredTerritoryKind[] = ['region', 'academie', 'departement', 'epci', 'commune'];

/**
 * `GET /api/v1/territories`: `q` searches names, postcodes and INSEE codes (for pickers),
 * optionally restricted to one `kind`; otherwise `kind` lists a kind, optionally inside `parent`.
 */
export async function territoriesResponse(url: URL): Promise<Response> {
	const params = url.searchParams;
	const kind = params.get('kind')?.trim() || undefined;
	const parent = params.get('parent')?.trim() || undefined;
	const q = params.get('q')?.trim() || undefined;

	if (kind && !(KINDS as string[]).includes(kind))
		return badRequest({
			parameter: 'kind',
			message: `Paramètre « kind » invalide (« ${kind.slice(0, 40)} ») : valeurs possibles ${KINDS.join(', ')}.`
		});
	if (parent) {
		const parsed = parseTerritory(parent);
		if (!parsed.ok || parsed.value.kind === 'radius' || parsed.value.kind === 'commune')
			return badRequest({
				parameter: 'parent',
				message: `Paramètre « parent » invalide (« ${parent.slice(0, 60)} ») : utilisez reg:27, aca:besancon, aca:dijon, dep:21 ou epci:<SIREN>.`
			});
	}
	if (q && q.length > 100)
		return badRequest({
			parameter: 'q',
			message: 'Paramètre « q » invalide : le texte recherché ne doit pas dépasser 100 caractères.'
		});

	const typed = kind as StoredTerritoryKind | undefined;
	if (q)
		return json(
			{ items: await territories.search(q, { kinds: typed ? [typed] : undefined, limit: 20 }) },
			{ maxAge: MAX_AGE.reference }
		);
	if (!typed)
		return badRequest({
			parameter: 'kind',
			message: `Précisez le paramètre « kind » (${KINDS.join(', ')}) ou un texte à chercher avec « q ».`
		});
	return json({ items: await territories.list(typed, { parent }) }, { maxAge: MAX_AGE.reference });
}
