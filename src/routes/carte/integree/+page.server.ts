import { emptyFilters, parseStructureFilters } from '$lib/domain/structure-filters';
import { formatTerritory } from '$lib/domain/territory-code';
import { filtersQuery, normalizedFilters } from '$lib/components/filters/filter-url';
import { decodeCursor } from '$lib/domain/structure-filters';
import * as structures from '$lib/server/structures';
import * as territories from '$lib/server/territories';
import * as tiles from '$lib/server/tiles';
import type { PageServerLoad } from './$types';

/** Structures per page of the embedded list (a frame is small). */
const PAGE_SIZE = 20;

/**
 * The embeddable map (`/carte/integree?category=…&programme=…&territory=…&q=…`): the map and
 * its list twin for the filters, nothing personal. The same filters as the site's map page.
 */
export const load: PageServerLoad = async ({ url }) => {
	const parsed = parseStructureFilters(url.searchParams);
	const filters = parsed.ok ? normalizedFilters(parsed.value) : emptyFilters();
	const cursorText = url.searchParams.get('cursor');
	const cursor = cursorText ? decodeCursor(cursorText) : null;
	const territoryCode = filters.territory ? formatTerritory(filters.territory) : null;
	const [page, territory, regionBounds] = await Promise.all([
		structures.list(filters, { limit: PAGE_SIZE, cursor }),
		territoryCode ? territories.get(territoryCode) : null,
		tiles.bounds()
	]);
	return {
		error: parsed.ok ? null : parsed.message,
		query: filtersQuery(filters),
		page,
		firstPage: !cursor,
		pageSize: PAGE_SIZE,
		territory: territory
			? {
					name: territory.name,
					kind: territory.kind,
					bbox: territory.bbox,
					outline: territory.outline
				}
			: null,
		regionBounds
	};
};
