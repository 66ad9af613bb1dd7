import { filtersSearch } from '$lib/components/filters/filter-url';
import { searchParams, type SearchTerms } from '$lib/components/search/search-url';
import { formatMapView, readableQuery } from '$lib/map/view';

/**
 * The map page's state in its address: filters, text (`q`), point (`near`), page (`cursor`,
 * `offset`), view (`map`) and phone tab (`vue`). Pure functions from one address to the next,
 * returning query strings (`?…`, or '') that the page puts after its own path.
 */

export type Tab = 'carte' | 'liste';

/** What the page holds besides the filters' query string. */
export interface BrowseState {
	/** The filters (without the text) as a query string: `?category=…`, or ''. */
	query: string;
	terms: SearchTerms;
	/** `map=<zoom>/<lat>/<lon>`, or null. */
	map: string | null;
	vue: Tab;
}

/** The page with the current filters, search and view, some parameters changed. */
export function stateSearch(
	state: BrowseState,
	changes: Record<string, string | null> = {},
	map = state.map
): string {
	return filtersSearch(searchParams(state.query, state.terms, changes), { map, vue: state.vue });
}

/** An address with one more parameter (`offset`, `cursor`), whatever it already has. */
export function withParam(search: string, name: string, value: string): string {
	return `${search}${search.includes('?') ? '&' : '?'}${name}=${value}`;
}

/** This search from its `n`-th result (without JavaScript, « Voir plus » is a link). */
export function fromResult(search: string, n: number): string {
	return n > 0 ? withParam(search, 'offset', String(n)) : search;
}

/** The query string (and fragment) of `href` with some parameters changed or removed (null). */
export function changedSearch(href: string, changes: Record<string, string | null>): string {
	const url = new URL(href);
	for (const [name, value] of Object.entries(changes)) {
		if (value === null) url.searchParams.delete(name);
		else url.searchParams.set(name, value);
	}
	return `${readableQuery(url.searchParams)}${url.hash}`;
}

/** The page's address with the phone tab `tab` shown (the map is the default, unwritten). */
export function tabSearch(params: URLSearchParams, tab: Tab, fragment = ''): string {
	const next = new URLSearchParams(params);
	if (tab === 'carte') next.delete('vue');
	else next.set('vue', tab);
	return `${readableQuery(next)}${fragment}`;
}

/** What Back or Forward brings back from an address of a typed search (shallow entries). */
export function restoredState(href: string): { typed: string; offset: number; map: string | null } {
	const params = new URL(href).searchParams;
	const offset = Number(params.get('offset'));
	return {
		typed: params.get('q') ?? '',
		offset: Number.isInteger(offset) && offset > 0 ? offset : 0,
		map: params.get('map')
	};
}

/** The view around a `near` point (`lon,lat`): where the visitor's position is shown. */
export function viewAround(near: string, zoom = 12): string | null {
	const [lon, lat] = near.split(',').map(Number);
	if (lon === undefined || lat === undefined || !Number.isFinite(lon) || !Number.isFinite(lat))
		return null;
	return formatMapView({ zoom, lat, lon });
}

/** The filters the page shows, as its load returns them. */
export interface ShownFilters {
	categories: string[];
	programme: number | null;
	territory: string | null;
	sector: string | null;
	level: string | null;
	pathway: string | null;
	priority: string | null;
}

/** How many filters are active (the folded filters' summary says so). */
export function activeFilterCount(filters: ShownFilters): number {
	return (
		(filters.categories.length > 0 ? 1 : 0) +
		(filters.programme !== null ? 1 : 0) +
		(filters.territory ? 1 : 0) +
		[filters.sector, filters.level, filters.pathway, filters.priority].filter(Boolean).length
	);
}

const number = new Intl.NumberFormat('fr-FR');

/** The count above the list: « 2 185 structures », « 3 structures trouvées », « Chargement… ». */
export function resultText(total: number | null, searching: boolean): string {
	if (total === null) return searching ? 'Recherche en cours…' : 'Chargement…';
	if (total === 0) return searching ? 'Aucune structure trouvée' : 'Aucune structure';
	const structures = `${number.format(total)} structure${total > 1 ? 's' : ''}`;
	return searching ? `${structures} trouvée${total > 1 ? 's' : ''}` : structures;
}
