import { redirect } from '@sveltejs/kit';
import { CATEGORIES } from '$lib/domain/categories';
import {
	decodeCursor,
	emptyFilters,
	parseStructureFilters,
	type StructureFilters
} from '$lib/domain/structure-filters';
import { formatTerritory } from '$lib/domain/territory-code';
import { filtersQuery, filtersSearch, normalizedFilters } from '$lib/components/filters/filter-url';
import { config } from '$lib/server/config';
import * as programmes from '$lib/server/programmes';
import * as structures from '$lib/server/structures';
import * as territories from '$lib/server/territories';
import * as tiles from '$lib/server/tiles';
import type { PageServerLoad } from './$types';

/** Structures per page of the list; more load on demand. */
const PAGE_SIZE = 50;

/**
 * The map page and its list twin: the same filters give the list (paginated, server-rendered)
 * and the map's GeoJSON URL, so both always show the same structures.
 */
export const load: PageServerLoad = async ({ url }) => {
	const lieuError = await resolvePlaceName(url);

	const parsed = parseStructureFilters(url.searchParams);
	const filters: StructureFilters = parsed.ok ? normalizedFilters(parsed.value) : emptyFilters();
	const cursorText = url.searchParams.get('cursor');
	const cursor = cursorText ? decodeCursor(cursorText) : null;

	const page = await structures.list(filters, { limit: PAGE_SIZE, cursor });
	// Counts beside each category ignore the category filter: they tell what ticking it would add.
	const counts = await structures.countByCategory({ ...filters, categories: [] });
	const territoryCode = filters.territory ? formatTerritory(filters.territory) : null;
	const territory = territoryCode ? await territories.get(territoryCode) : null;

	return {
		filters: {
			categories: filters.categories as string[],
			programme: filters.programmes[0] ?? null,
			territory: territoryCode
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
		query: filtersQuery(filters),
		error: parsed.ok
			? (lieuError ?? (cursorText && !cursor ? CURSOR_ERROR : null))
			: parsed.message,
		page,
		firstPage: !cursor,
		categories: CATEGORIES.map((c) => ({
			code: c.code,
			label: c.label,
			color: c.color,
			count: counts.find((k) => k.category === c.code)?.count ?? 0
		})),
		programmes: (await programmes.list()).map((p) => ({ number: p.number, title: p.title })),
		academies: await territories.list('academie'),
		departements: await territories.list('departement'),
		basemapStyleUrl: config.basemapStyleUrl ?? null,
		regionBounds: await tiles.bounds()
	};
};

const CURSOR_ERROR =
	'Cette page de résultats n’existe plus : la liste reprend au début avec les mêmes filtres.';

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
