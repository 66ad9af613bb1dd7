import type { Locator, Page } from 'playwright-core';
import { apiJson } from '../fixtures/api';
import type { HomePage } from './home-page';

/** The parts of `GET /api/v1/search` the tests compare the page with. */
export interface SearchAnswer {
	hits: { id: string; slug: string; name: string; distance_m?: number }[];
	facets: Record<
		'category' | 'programme' | 'departement' | 'commune',
		{ value: string; label: string; count: number }[]
	>;
	total: number;
	markers?: { features: unknown[] };
}

/** The search API for a query string such as `q=colege&bbox=…`: the reference for the page. */
export function searchApi(query: string, limit = 50): Promise<SearchAnswer> {
	return apiJson<SearchAnswer>(`/api/v1/search?${query}&limit=${limit}&markers=1`);
}

/** The search box of the home page, its facets and the search requests it makes. */
export class HomeSearch {
	readonly box: Locator;
	readonly scope: Locator;
	/** Every search API URL the page has asked for, in order. */
	readonly requests: string[] = [];

	constructor(
		readonly home: HomePage,
		readonly page: Page = home.page
	) {
		this.box = page.getByRole('searchbox', { name: /Rechercher une structure/ });
		this.scope = page.getByTestId('search-scope');
		page.on('request', (request) => {
			if (request.url().includes('/api/v1/search')) this.requests.push(request.url());
		});
	}

	/** Types as a person does, key after key, in the search box. */
	async type(text: string): Promise<void> {
		await this.box.click();
		await this.box.pressSequentially(text, { delay: 40 });
	}

	/** The `q` of the address (the page writes the search there). */
	urlQuery(): string | null {
		return new URL(this.page.url()).searchParams.get('q');
	}

	/** The texts marked as matches in the name of the list's first structure. */
	firstMarks(): Promise<string[]> {
		return this.home.list.locator('a[data-id]').first().locator('mark').allTextContents();
	}

	/** The count shown beside a category checkbox, or null when none is shown. */
	async categoryCount(code: string): Promise<number | null> {
		const count = this.home.filters.locator(`[data-facet="category"][data-value="${code}"]`);
		if ((await count.count()) === 0) return null;
		return Number(await count.getAttribute('data-count'));
	}

	/** The département options' counts, by département number (only while searching). */
	departementCounts(): Promise<Record<string, number>> {
		return this.page
			.locator('#filter-territory option[data-count]')
			.evaluateAll((options) =>
				Object.fromEntries(
					options.map((o) => [
						(o as HTMLOptionElement).value.replace('dep:', ''),
						Number(o.getAttribute('data-count'))
					])
				)
			);
	}

	/** The programme options' counts, by programme number (only while searching). */
	programmeCounts(): Promise<Record<string, number>> {
		return this.page
			.locator('#filter-programme option[data-count]')
			.evaluateAll((options) =>
				Object.fromEntries(
					options.map((o) => [(o as HTMLOptionElement).value, Number(o.getAttribute('data-count'))])
				)
			);
	}

	/** The commune facet links: INSEE code and count, in order. */
	communeFacet(): Promise<{ value: string; count: number }[]> {
		return this.home.filters.locator('[data-facet="commune"]').evaluateAll((links) =>
			links.map((a) => ({
				value: a.getAttribute('data-value') ?? '',
				count: Number(a.getAttribute('data-count'))
			}))
		);
	}
}
