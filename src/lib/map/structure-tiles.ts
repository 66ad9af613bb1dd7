import {
	emptyFilters,
	filtersToSearchParams,
	parseStructureFilters,
	type StructureFilters
} from '$lib/domain/structure-filters';
import { CATEGORY_CODES } from '$lib/domain/categories';
import { readableQuery } from './view';

/** Where the server renders the structures as clustered vector tiles. */
export const STRUCTURE_TILES_PATH = '/tiles/structures/{z}/{x}/{y}.mvt';

const sorted = <T extends string | number>(values: readonly T[] | undefined) =>
	values ? [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) : undefined;

/**
 * The filters of the map in one canonical form: lists sorted and deduplicated, every category
 * ticked written as none, no text (tiles do not search). Equal filters give one tile URL, hence
 * one entry in the browser's cache and the server's.
 */
export function canonicalTileFilters(filters: StructureFilters): StructureFilters {
	const categories = sorted(filters.categories) ?? [];
	const all = CATEGORY_CODES.every((code) => categories.includes(code));
	return {
		...filters,
		q: undefined,
		categories: all ? [] : categories,
		programmes: sorted(filters.programmes) ?? [],
		sectors: sorted(filters.sectors),
		levels: sorted(filters.levels),
		pathways: sorted(filters.pathways),
		priorities: sorted(filters.priorities)
	};
}

/**
 * The URL template of the structure tiles for the filters of a query string (`?category=…`,
 * or ''), absolute when `origin` is given (MapLibre fetches tiles from a worker). Filters the
 * server would refuse are dropped, as the page does: the map then shows every structure.
 */
export function structureTilesUrl(query: string, origin = ''): string {
	const parsed = parseStructureFilters(new URLSearchParams(query));
	const filters = canonicalTileFilters(parsed.ok ? parsed.value : emptyFilters());
	return `${origin}${STRUCTURE_TILES_PATH}${readableQuery(filtersToSearchParams(filters))}`;
}
