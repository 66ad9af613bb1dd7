import { onMount } from 'svelte';
import { SvelteURLSearchParams } from 'svelte/reactivity';
import { goto, pushState, replaceState } from '$app/navigation';
import { resolve } from '$app/paths';
import { page } from '$app/state';
import type { ResolvedPathname } from '$app/types';
import { filtersSearch } from '$lib/components/filters/filter-url';
import { LiveSearch } from '$lib/components/search/live-search.svelte';
import { areaOutline, isSearching, pointOf, searchParams } from '$lib/components/search/search-url';
import { formatMapView, parseMapView, readableQuery, type MapView } from '$lib/map/view';
import type { PageData } from '../../../routes/$types';
import {
	activeFilterCount,
	changedSearch,
	restoredState,
	stateSearch,
	tabSearch,
	viewAround,
	withParam,
	type BrowseState,
	type Tab
} from './browse-state';

export const PAGE_SIZE = 50;
/**
 * Filter and search changes are new history entries (Back undoes them) and keep the focus
 * where it is (a live form).
 */
const IN_PLACE = { keepFocus: true, noScroll: true } as const;
/** Pauses in one burst of typing refine one history entry instead of adding one each. */
const TYPING_BURST_MS = 2000;
const PHONE = '(max-width: 47.99em)';

/** The home page with a query string (and fragment): the path is resolved, the rest ours. */
export const home = (search: string) => `${resolve('/')}${search}` as ResolvedPathname;

/**
 * The map page's state and its moves through the browser history: the filters, the text
 * searched (typing changes the address in place and asks the search API; other changes are
 * navigations), the map view and the phone tab. Created by the page during its initialisation.
 */
export class BrowsePage {
	readonly #data: () => PageData;
	#lastTypedEntry = 0;

	/** The view in the URL; moves replace it without a navigation (shallow), hence writable. */
	mapParam = $derived(page.url.searchParams.get('map'));
	readonly urlView = $derived(parseMapView(page.url.searchParams.get('map')));
	vue = $derived<Tab>(page.url.searchParams.get('vue') === 'liste' ? 'liste' : 'carte');
	filtersOpen = $state(true);
	hydrated = $state(false);

	/** The text searched: the URL's, then what is typed. */
	typed = $derived(this.#page().q);
	offset = $derived(this.#page().offset);
	readonly terms = $derived({ q: this.typed, near: this.#page().near });
	readonly searching = $derived(isSearching(this.terms));
	readonly state = $derived<BrowseState>({
		query: this.#page().query,
		terms: this.terms,
		map: this.mapParam,
		vue: this.vue
	});
	/** The search (filters, text, point) as a query string, without its page. */
	readonly searchQuery = $derived(readableQuery(searchParams(this.#page().query, this.terms)));
	readonly searchKey = $derived(
		this.searching
			? readableQuery(
					searchParams(this.#page().query, this.terms, {
						offset: this.offset ? String(this.offset) : null
					})
				)
			: null
	);
	readonly live = new LiveSearch(PAGE_SIZE);
	/** List, facets and markers of one answer; the server's first page until it arrives. */
	readonly result = $derived(this.searching ? (this.live.result ?? this.#page().search) : null);
	readonly busy = $derived(
		this.hydrated && this.searching && this.live.key !== this.searchKey && !this.live.failed
	);
	readonly baseHref = $derived(this.stateHref());
	readonly nextHref = $derived.by(() => {
		const next = this.#page().page?.next;
		return next ? (withParam(this.baseHref, 'cursor', next) as ResolvedPathname) : null;
	});
	readonly activeFilters = $derived(activeFilterCount(this.#page().filters));
	readonly total = $derived(
		this.searching ? (this.result?.total ?? null) : (this.#page().page?.total ?? null)
	);
	/** The point results are sorted from and the zone searched, drawn on the map. */
	readonly nearPoint = $derived(pointOf(this.#page().near));
	readonly area = $derived(areaOutline(this.#page().filters.bbox));

	constructor(data: () => PageData) {
		this.#data = data;
		onMount(() => {
			this.hydrated = true;
			// On a phone the filters fold away so that the map shows; without JavaScript they stay open.
			if (matchMedia(PHONE).matches) this.filtersOpen = false;
		});
		$effect(() => {
			if (this.searchKey) return this.live.load(this.searchKey);
		});
	}

	/** The page's data (a getter: the fields above read it lazily, once constructed). */
	#page(): PageData {
		return this.#data();
	}

	/** This page with the current filters, search and view, some parameters changed. */
	stateHref(changes: Record<string, string | null> = {}, map = this.mapParam) {
		return home(stateSearch(this.state, changes, map));
	}

	/** The page's address for a phone tab (and a fragment). */
	tabHref(tab: Tab, fragment = '') {
		return home(tabSearch(page.url.searchParams, tab, fragment));
	}

	/** The current address with some parameters changed (the URL may be ahead of `page.url`). */
	#hrefWith(changes: Record<string, string | null>) {
		return home(changedSearch(location.href, changes));
	}

	/** Any change of the form's filters: a navigation, a new history entry. */
	applyFilters(form: HTMLFormElement) {
		const params = new SvelteURLSearchParams();
		for (const [name, value] of new FormData(form)) {
			if (typeof value === 'string') params.append(name, value);
		}
		goto(home(filtersSearch(params, { map: this.mapParam, vue: this.vue })), IN_PLACE);
	}

	/** A text to search, once typing pauses: the address follows, the answer comes from the API. */
	search(text: string) {
		if (text.trim() === this.typed.trim()) {
			this.typed = text;
			return;
		}
		const data = this.#page();
		this.typed = text;
		this.offset = 0;
		const href = this.#hrefWith({ q: text.trim() || null, cursor: null, offset: null });
		// Back to the plain list: the server has it only if it rendered this page without a search.
		if (!isSearching({ q: text, near: data.near }) && (!data.page || !data.firstPage)) {
			this.#lastTypedEntry = 0;
			goto(href, IN_PLACE);
		} else if (performance.now() - this.#lastTypedEntry < TYPING_BURST_MS) {
			replaceState(href, page.state);
			this.#lastTypedEntry = performance.now();
		} else {
			pushState(href, page.state);
			this.#lastTypedEntry = performance.now();
		}
	}

	/**
	 * Back or Forward to an entry of a typed search (shallow: no navigation, `page.url` keeps
	 * the navigation's address): the text, page and view are read again from the address.
	 */
	restoreFromAddress() {
		({ typed: this.typed, offset: this.offset, map: this.mapParam } = restoredState(location.href));
		this.#lastTypedEntry = 0;
	}

	/** Sorts the results around a point; the map goes there when it is the visitor's position. */
	sortAround(near: string, { moveMap = false } = {}) {
		const map = moveMap ? (viewAround(near) ?? this.mapParam) : this.mapParam;
		goto(this.stateHref({ near }, map), IN_PLACE);
	}

	/** A zone drawn on the map: the search is limited to it. */
	searchArea(bbox: string) {
		goto(this.stateHref({ bbox }), IN_PLACE);
	}

	/** The map moved: the address follows in place. */
	moved(view: MapView) {
		this.mapParam = formatMapView(view);
		replaceState(this.#hrefWith({ map: this.mapParam }), page.state);
	}

	showTab(next: Tab, focus = false) {
		this.vue = next;
		replaceState(this.#hrefWith({ vue: next === 'carte' ? null : next }), page.state);
		if (focus) document.getElementById(`onglet-${next}`)?.focus();
	}

	/** « Voir la liste »: on a phone the list tab, then the focus on the list. */
	goToList(event: MouseEvent) {
		event.preventDefault();
		if (this.vue !== 'liste' && matchMedia(PHONE).matches) this.showTab('liste');
		requestAnimationFrame(() => document.getElementById('liste-structures')?.focus());
	}
}
