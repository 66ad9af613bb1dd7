import { redirect } from '@sveltejs/kit';
import { CATEGORIES } from '$lib/domain/categories';
import {
	decodeCursor,
	emptyFilters,
	filtersToSearchParams,
	parseStructureFilters,
	type StructureFilters
} from '$lib/domain/structure-filters';
import { formatTerritory } from '$lib/domain/territory-code';
import { filtersQuery, filtersSearch, normalizedFilters } from '$lib/components/filters/filter-url';
import { config } from '$lib/server/config';
import * as programmes from '$lib/server/programmes';
import * as search from '$lib/server/search';
import * as structures from '$lib/server/structures';
import * as territories from '$lib/server/territories';
import * as tiles from '$lib/server/tiles';
import type { PageServerLoad } from './$types';

/** Structures per page of the list; more load on demand. */
const PAGE_SIZE = 50;

/**
 * The map page and its list twin: the same filters give the list (paginated, server-rendered)
 * and the map's structure tiles (`/tiles/structures/…` with the filters), so both always show
 * the same structures. With a text (`q`) or a point (`near`), the search module answers instead: the first page is rendered here (the page
 * works without JavaScript); in the browser the page asks the search API itself, once, for the
 * list, the facets and the map's markers together.
 */
export const load: PageServerLoad = async ({ url, isDataRequest }) => {
	const lieuError = await resolvePlaceName(url);

	const parsed = parseStructureFilters(url.searchParams);
	const filters: StructureFilters = parsed.ok ? normalizedFilters(parsed.value) : emptyFilters();
	const { q: typed, ...withoutText } = filters;
	const searched = searchQuery(url, filters);
	const query = searched.ok ? searched.value : search.searchQuery(filters, { limit: PAGE_SIZE });
	const searching = query.q.trim() !== '' || query.near !== undefined;

	const cursorText = searching ? null : url.searchParams.get('cursor');
	const cursor = cursorText ? decodeCursor(cursorText) : null;
	const territoryCode = filters.territory ? formatTerritory(filters.territory) : null;

	const [page, counts, result, territory] = await Promise.all([
		searching ? null : structures.list(withoutText, { limit: PAGE_SIZE, cursor }),
		// Counts beside each category ignore the category filter: they tell what ticking it would add.
		searching ? null : structures.countByCategory({ ...withoutText, categories: [] }),
		// A navigation in the browser: the page fetches the search with its map markers itself.
		searching && !isDataRequest ? search.search(query) : null,
		territoryCode ? territories.get(territoryCode) : null
	]);

	return {
		filters: {
			categories: filters.categories as string[],
			programme: filters.programmes[0] ?? null,
			territory: territoryCode,
			bbox: filters.bbox?.join(',') ?? null,
			sector: filters.sectors?.[0] ?? null,
			level: filters.levels?.[0] ?? null,
			pathway: filters.pathways?.[0] ?? null,
			priority: filters.priorities?.[0] ?? null,
			freshness: filters.freshness ?? null
		},
		territory: territory
			? {
					code: territory.code,
					kind: territory.kind,
					name: territory.name,
					bbox: territory.bbox,
					outline: territory.outline
				}
			: null,
		/** The filters (without the text) as an API query string: `?category=…`, or ''. */
		query: filtersQuery(withoutText),
		q: typed ?? '',
		near: query.near ? `${query.near.lon},${query.near.lat}` : null,
		offset: searching ? query.offset : 0,
		error: !parsed.ok
			? parsed.message
			: !searched.ok
				? searched.message
				: (lieuError ?? (cursorText && !cursor ? CURSOR_ERROR : null)),
		page,
		search: result,
		firstPage: !cursor,
		categories: CATEGORIES.map((c) => ({
			code: c.code,
			label: c.label,
			color: c.color,
			count: counts ? (counts.find((k) => k.category === c.code)?.count ?? 0) : null
		})),
		// Structure counts come from the cells kept by trigger: no scan of the structures.
		programmes: (await programmes.list()).map((p) => ({
			number: p.number,
			title: p.title,
			count: p.structure_count
		})),
		academies: await territories.list('academie'),
		departements: await territories.list('departement'),
		basemapStyleUrl: config.basemapStyleUrl ?? null,
		regionBounds: await tiles.bounds()
	};
};

const CURSOR_ERROR =
	'Cette page de résultats n’existe plus : la liste reprend au début avec les mêmes filtres.';

/** The search of the page's parameters: the filters, `near` and `offset`, a page of the list. */
function searchQuery(url: URL, filters: StructureFilters) {
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
async function resolvePlaceName(url: URL): Promise<string | null> {
	const lieu = url.searchParams.get('lieu')?.trim();
	if (!lieu) return null;
	const [match] = await territories.search(lieu, { limit: 1 });
	if (!match) return `Aucun territoire ne correspond à « ${lieu.slice(0, 80)} ».`;
	const params = new URLSearchParams(url.searchParams);
	params.delete('lieu');
	params.set('territory', match.code);
	redirect(303, `/${filtersSearch(params, { map: params.get('map'), vue: params.get('vue') })}`);
}
