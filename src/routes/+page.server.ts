import { CATEGORIES } from '$lib/domain/categories';
import {
	decodeCursor,
	emptyFilters,
	parseStructureFilters,
	type StructureFilters
} from '$lib/domain/structure-filters';
import { formatTerritory } from '$lib/domain/territory-code';
import { filtersQuery, normalizedFilters } from '$lib/components/filters/filter-url';
import { config } from '$lib/server/config';
import {
	CURSOR_ERROR,
	PAGE_SIZE,
	pageLists,
	resolvePlaceName,
	searchQuery
} from '$lib/server/map-page';
import * as search from '$lib/server/search';
import * as structures from '$lib/server/structures';
import * as territories from '$lib/server/territories';
import type { PageServerLoad } from './$types';

/**
 * The map page and its list twin: the same filters give the list (paginated, server-rendered)
 * and the map's structure tiles (`/tiles/structures/…` with the filters), so both always show
 * the same structures. With a text (`q`) or a point (`near`), the search module answers instead: the first page is rendered here (the page
 * works without JavaScript); in the browser the page asks the search API itself, once, for the
 * list, the facets and the map's markers together. Every query runs in parallel.
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

	const [page, counts, result, territory, lists] = await Promise.all([
		searching ? null : structures.list(withoutText, { limit: PAGE_SIZE, cursor }),
		// Counts beside each category ignore the category filter: they tell what ticking it would add.
		searching ? null : structures.countByCategory({ ...withoutText, categories: [] }),
		// A navigation in the browser: the page fetches the search with its map markers itself.
		searching && !isDataRequest ? search.search(query) : null,
		territoryCode ? territories.get(territoryCode) : null,
		pageLists()
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
		...lists,
		basemapStyleUrl: config.basemapStyleUrl ?? null
	};
};
