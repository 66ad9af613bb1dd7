import { CATEGORY_CODES } from '$lib/domain/categories';
import {
	FILTER_PARAMETERS,
	filtersToSearchParams,
	parseStructureFilters,
	type StructureFilters
} from '$lib/domain/structure-filters';
import { readableQuery } from '$lib/map/view';

/** Page-only parameters carried along with the filters. */
export interface PageState {
	/** `map=<zoom>/<lat>/<lon>` */
	map?: string | null;
	/** Phone tab: `carte` (default) or `liste`. */
	vue?: string | null;
}

/** Ticking every category means no category filter: the URL says so by leaving it out. */
export function normalizedFilters(filters: StructureFilters): StructureFilters {
	const all = CATEGORY_CODES.every((code) => filters.categories.includes(code));
	return all ? { ...filters, categories: [] } : filters;
}

/**
 * The home page's query string (`?…`, or '') for the filters a form holds (or any query
 * parameters), in the same canonical form as the API's parameters, plus the page's own `map`
 * and `vue`. A typed place name (`lieu`, resolved by the server) and the search's `near` are
 * kept; a page cursor or offset is not: new filters, first page.
 */
export function filtersSearch(input: URLSearchParams, state: PageState = {}): string {
	const parsed = parseStructureFilters(input);
	const params = parsed.ok
		? filtersToSearchParams(normalizedFilters(parsed.value))
		: withoutBlanks(input, FILTER_PARAMETERS);
	const lieu = input.get('lieu')?.trim();
	if (lieu) params.set('lieu', lieu);
	// The point the search sorts around (checked by the search module, like the filters).
	const near = input.get('near')?.trim();
	if (near) params.set('near', near);
	if (state.map) params.set('map', state.map);
	if (state.vue && state.vue !== 'carte') params.set('vue', state.vue);
	return readableQuery(params);
}

/** The named parameters that have a value, as typed (an invalid one is shown back with its error). */
function withoutBlanks(input: URLSearchParams, names: readonly string[]): URLSearchParams {
	const params = new URLSearchParams();
	for (const name of names) {
		for (const value of input.getAll(name)) if (value.trim()) params.append(name, value.trim());
	}
	return params;
}

/** The query string of the filters alone, for the API (`?category=…&territory=…`, or ''). */
export function filtersQuery(filters: StructureFilters): string {
	return readableQuery(filtersToSearchParams(filters));
}
