import { redirect } from '@sveltejs/kit';
import { PAGE_SIZE } from '../../domain/page-size';
import { filtersToSearchParams, type StructureFilters } from '../../domain/structure-filters';
import { filtersSearch } from '../../components/filters/filter-url';
import * as programmes from '../programmes';
import * as search from '../search';
import * as territories from '../territories';
import * as tiles from '../tiles';

/**
 * Helpers of the map page's server load (src/routes/+page.server.ts): its search query, the
 * place name typed without JavaScript, and the page's fixed lists, read together.
 */

/** Structures per page of the list; more load on demand. */
export { PAGE_SIZE };

export const CURSOR_ERROR =
	'Cette page de résultats n’existe plus : la liste reprend au début avec les mêmes filtres.';

/** The search of the page's parameters: the filters, `near` and `offset`, a page of the list. */
export function searchQuery(url: URL, filters: StructureFilters) {
	const params = filtersToSearchParams(filters);
	for (const name of ['near', 'offset']) {
		const value = url.searchParams.get(name);
		if (value) params.set(name, value);
	}
	params.set('limit', String(PAGE_SIZE));
	return search.parseSearchQuery(params);
}

/**
 * Without JavaScript, a typed place name (`lieu`) is resolved here to the best matching
 * territory, and the page reloads with `territory=<code>`. Returns an error to show otherwise.
 */
export async function resolvePlaceName(url: URL): Promise<string | null> {
	const lieu = url.searchParams.get('lieu')?.trim();
	if (!lieu) return null;
	const [match] = await territories.search(lieu, { limit: 1 });
	if (!match) return `Aucun territoire ne correspond à « ${lieu.slice(0, 80)} ».`;
	const params = new URLSearchParams(url.searchParams);
	params.delete('lieu');
	params.set('territory', match.code);
	redirect(303, `/${filtersSearch(params, { map: params.get('map'), vue: params.get('vue') })}`);
}

/**
 * What the page shows whatever the filters, read in parallel: the programmes with their
 * structure counts (from the national totals kept by trigger: no scan of the structures), the
 * académies and départements of the territory pickers, and the bounds of the map.
 */
export async function pageLists() {
	const [programmeList, academies, departements, regionBounds] = await Promise.all([
		programmes.list(),
		territories.list('academie'),
		territories.list('departement'),
		tiles.bounds()
	]);
	return {
		programmes: programmeList.map((p) => ({
			number: p.number,
			title: p.title,
			count: p.structure_count
		})),
		academies,
		departements,
		regionBounds
	};
}
