import type { SearchResult } from '$lib/server/search/types';
import { searchApiUrl } from './search-url';

/**
 * The latest answer of the search API for the page's search: one response gives the list, the
 * facet counts and the map's markers, so the three always agree. A new search aborts the
 * request of the previous one: a slow, stale answer never replaces a newer one.
 */
export class LiveSearch {
	/** The search (query string) that `result` answers. */
	key = $state<string | null>(null);
	/** Raw: thousands of markers need no deep reactivity. */
	result = $state.raw<SearchResult | null>(null);
	/** The last search could not be answered (the previous result stays shown). */
	failed = $state(false);

	readonly #pageSize: number;

	constructor(pageSize: number) {
		this.#pageSize = pageSize;
	}

	/** Starts the search of `query` (`?q=…`); returns what cancels it (an effect's cleanup). */
	load(query: string): () => void {
		const controller = new AbortController();
		const url = searchApiUrl(query, { limit: this.#pageSize, markers: true });
		fetch(url, { signal: controller.signal, headers: { accept: 'application/json' } })
			.then(async (response) => {
				if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
				const result = (await response.json()) as SearchResult;
				if (controller.signal.aborted) return;
				this.result = result;
				this.key = query;
				this.failed = false;
			})
			.catch((error: unknown) => {
				if (controller.signal.aborted) return;
				console.warn('Search failed', error);
				this.failed = true;
			});
		return () => controller.abort();
	}
}
