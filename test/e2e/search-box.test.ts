import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORY_CODES } from '../../src/lib/domain/categories';
import { baseUrl, launch, watchedPage } from './browser';
import { structurePage } from './fixtures/api';
import { HomePage } from './pages/home-page';
import { HomeSearch, searchApi, type SearchAnswer } from './pages/home-search';
import { EXPECTED_BASICS, pageBasics } from './pages/page-basics';

/** « collège » without its accent and with one letter missing: the search must forgive both. */
const TYPED = 'colege victor hugo';
const PAGE_SIZE = 50;

let browser: Browser;
let expected: SearchAnswer;

beforeAll(async () => {
	[browser, expected] = await Promise.all([launch(), searchApi(`q=${encodeURIComponent(TYPED)}`)]);
});

afterAll(async () => {
	await browser?.close();
});

/** The facet counts the API gives, as the filters show them (0 for a value it does not list). */
function counts(values: { value: string; count: number }[], keys: string[]) {
	const found = new Map(values.map((v) => [v.value, v.count]));
	return Object.fromEntries(keys.map((key) => [key, found.get(key) ?? 0]));
}

describe('the search box of the map page', () => {
	it('searches as one types, with typos: list, facets, map and address agree', async () => {
		// The reference: real data, a real collège named Victor Hugo, found despite the typo.
		expect(expected.total).toBeGreaterThan(0);
		expect(expected.hits[0]!.name).toBe('Collège Victor Hugo');
		expect(expected.markers?.features).toHaveLength(expected.total);

		const { page, errors, outsideRequests } = await watchedPage(browser);
		const home = new HomePage(page);
		const search = new HomeSearch(home);
		const region = await structurePage();
		await home.goto();
		expect(await pageBasics(page)).toEqual(EXPECTED_BASICS);
		expect(await home.mapLoaded(region.total)).toBe(region.total);
		expect(await search.categoryCount('college')).toBeGreaterThan(expected.total);

		await search.type(TYPED);
		await page.waitForURL((url) => url.searchParams.get('q') === TYPED);
		// The map's source holds the markers of the same answer: as many as the API's total.
		expect(await home.mapLoaded(expected.total)).toBe(expected.total);
		expect(await home.resultCount()).toBe(expected.total);
		expect(await home.listIds()).toEqual(expected.hits.map((hit) => hit.id));
		expect(Number(await home.list.getAttribute('data-count'))).toBe(
			Math.min(expected.total, PAGE_SIZE)
		);
		expect(await search.firstMarks()).toEqual(['Collège', 'Victor', 'Hugo']);
		// The live region says what was found, for what.
		expect(await page.getByTestId('result-count').getAttribute('aria-live')).toBe('polite');
		expect(await page.getByTestId('result-count').textContent()).toContain(`« ${TYPED} »`);

		// Facet counts beside the filters, from the same answer.
		for (const code of CATEGORY_CODES) {
			expect(await search.categoryCount(code)).toBe(
				expected.facets.category.find((c) => c.value === code)?.count ?? 0
			);
		}
		const departements = await search.departementCounts();
		expect(departements).toEqual(counts(expected.facets.departement, Object.keys(departements)));
		const programmes = await search.programmeCounts();
		expect(programmes).toEqual(counts(expected.facets.programme, Object.keys(programmes)));
		expect(await search.communeFacet()).toEqual(
			expected.facets.commune.slice(0, 10).map(({ value, count }) => ({ value, count }))
		);

		// Every search asked for its map markers with it; stale ones were cancelled, not shown.
		const last = new URL(search.requests.at(-1)!);
		expect(last.searchParams.get('q')).toBe(TYPED);
		expect(last.searchParams.get('markers')).toBe('1');
		expect(new URL(page.url()).searchParams.get('q')).toBe(TYPED);

		// Clearing the box gives the whole region back, as the page was.
		await search.box.press('Escape');
		await page.waitForURL((url) => !url.searchParams.has('q'));
		expect(await home.mapLoaded(region.total)).toBe(region.total);
		await expect.poll(() => home.resultCount()).toBe(region.total);
		expect(await home.listIds()).toEqual(region.items.map((item) => item.id));
		expect(await search.box.inputValue()).toBe('');
		expect(await search.categoryCount('college')).toBeGreaterThan(expected.total);
		expect(home.failedResponses).toEqual([]);
		expect(errors).toEqual([]);
		expect(outsideRequests).toEqual([]);
	});

	it('opens a search from a link, narrows it to a facet, and clears it back to the list', async () => {
		const { page, errors, outsideRequests } = await watchedPage(browser);
		const home = new HomePage(page);
		const search = new HomeSearch(home);
		const query = 'college';
		const all = await searchApi(`q=${query}`);
		const [commune] = all.facets.commune;
		expect(commune!.count).toBeGreaterThan(0);
		expect(commune!.count).toBeLessThan(all.total);

		await home.goto(`?q=${query}`);
		expect(await search.box.inputValue()).toBe(query);
		expect(await home.mapLoaded(all.total)).toBe(all.total);
		expect(await home.resultCount()).toBe(all.total);
		expect(await home.listIds()).toEqual(all.hits.map((hit) => hit.id));

		await home.filters.locator(`[data-facet="commune"][data-value="${commune!.value}"]`).click();
		await page.waitForURL((url) => url.searchParams.get('territory') === `com:${commune!.value}`);
		const narrowed = await searchApi(`q=${query}&territory=com:${commune!.value}`);
		expect(narrowed.total).toBe(commune!.count);
		expect(await home.mapLoaded(narrowed.total)).toBe(narrowed.total);
		await expect.poll(() => home.resultCount()).toBe(narrowed.total);
		expect(await home.listIds()).toEqual(narrowed.hits.map((hit) => hit.id));
		expect(new URL(page.url()).searchParams.get('q')).toBe(query);

		// Emptying the box (not Échap: the field's own way) keeps the commune filter.
		await search.box.fill('');
		await page.waitForURL((url) => !url.searchParams.has('q'));
		const inCommune = await structurePage(`territory=com:${commune!.value}`);
		expect(await home.mapLoaded(inCommune.total)).toBe(inCommune.total);
		await expect.poll(() => home.resultCount()).toBe(inCommune.total);
		expect(await home.listIds()).toEqual(inCommune.items.map((item) => item.id));
		expect(home.failedResponses).toEqual([]);
		expect(errors).toEqual([]);
		expect(outsideRequests).toEqual([]);
	});

	it('searches in the zone the map shows, and removes the zone', async () => {
		const { page, errors, outsideRequests } = await watchedPage(browser);
		const home = new HomePage(page);
		const search = new HomeSearch(home);
		const query = 'ecole';
		const all = await searchApi(`q=${query}`);

		// Dijon and its surroundings.
		await home.goto(`?q=${query}&map=11/47.32/5.04`);
		await home.mapLoaded(all.total);
		await page.getByRole('button', { name: 'Rechercher dans cette zone' }).click();
		await page.waitForURL((url) => url.searchParams.has('bbox'));
		const bbox = new URL(page.url()).searchParams.get('bbox')!;
		const [west, south, east, north] = bbox.split(',').map(Number) as number[];
		expect(west).toBeLessThan(5.04);
		expect(east).toBeGreaterThan(5.04);
		expect(south).toBeLessThan(47.32);
		expect(north).toBeGreaterThan(47.32);
		const inZone = await searchApi(`q=${query}&bbox=${bbox}`);
		expect(inZone.total).toBeGreaterThan(0);
		expect(inZone.total).toBeLessThan(all.total);
		expect(await home.mapLoaded(inZone.total)).toBe(inZone.total);
		await expect.poll(() => home.resultCount()).toBe(inZone.total);
		expect(await home.listIds()).toEqual(inZone.hits.map((hit) => hit.id));
		// The view did not move: the zone is what the visitor saw.
		expect(home.urlView()).toEqual({ zoom: 11, lat: 47.32, lon: 5.04 });

		await search.scope.getByTestId('area-tag').click();
		await page.waitForURL((url) => !url.searchParams.has('bbox'));
		expect(await home.mapLoaded(all.total)).toBe(all.total);
		await expect.poll(() => home.resultCount()).toBe(all.total);
		expect(home.failedResponses).toEqual([]);
		expect(errors).toEqual([]);
		expect(outsideRequests).toEqual([]);
	});

	it('sorts by distance to the visitor, or says in French why it cannot', async () => {
		const { page, context, errors, outsideRequests } = await watchedPage(browser);
		const home = new HomePage(page);
		const search = new HomeSearch(home);
		await home.goto('?q=college');
		await home.mapLoaded();

		// Refused (no permission given): a French message, nothing else changes.
		await search.scope.getByRole('button', { name: 'Autour de moi' }).click();
		const alert = search.scope.getByRole('alert');
		await alert.waitFor();
		expect(await alert.textContent()).toMatch(/refusé/);
		expect(new URL(page.url()).searchParams.has('near')).toBe(false);

		// Allowed, in Besançon: nearest first, as the API sorts them, the map moved there.
		await context.grantPermissions(['geolocation'], { origin: baseUrl });
		await context.setGeolocation({ latitude: 47.2378, longitude: 6.0241 });
		await search.scope.getByRole('button', { name: 'Autour de moi' }).click();
		await page.waitForURL((url) => url.searchParams.get('near') === '6.0241,47.2378');
		const nearest = await searchApi('q=college&near=6.0241,47.2378');
		expect(await home.mapLoaded(nearest.total)).toBe(nearest.total);
		await expect.poll(() => home.listIds()).toEqual(nearest.hits.map((hit) => hit.id));
		const distances = nearest.hits.map((hit) => hit.distance_m!);
		expect(distances).toEqual([...distances].sort((a, b) => a - b));
		expect(await home.list.getByTestId('distance').first().textContent()).toMatch(
			/^à [\d ,]+ k?m$/
		);
		expect(home.urlView()).toEqual({ zoom: 12, lat: 47.2378, lon: 6.0241 });
		expect(await search.scope.getByRole('alert').count()).toBe(0);

		await search.scope.getByTestId('near-tag').click();
		await page.waitForURL((url) => !url.searchParams.has('near'));
		const byRelevance = await searchApi('q=college');
		await expect.poll(() => home.listIds()).toEqual(byRelevance.hits.map((hit) => hit.id));
		expect(home.failedResponses).toEqual([]);
		expect(errors).toEqual([]);
		expect(outsideRequests).toEqual([]);
	});

	it('works without JavaScript: a link and the form render the hits on the server', async () => {
		const { page, errors, outsideRequests } = await watchedPage(browser, undefined, {
			javaScriptEnabled: false
		});
		const home = new HomePage(page);
		const search = new HomeSearch(home);

		await home.goto(`?q=${encodeURIComponent(TYPED)}`);
		expect(await pageBasics(page)).toEqual(EXPECTED_BASICS);
		expect(await home.resultCount()).toBe(expected.total);
		expect(await home.listIds()).toEqual(expected.hits.map((hit) => hit.id));
		expect(await search.firstMarks()).toEqual(['Collège', 'Victor', 'Hugo']);
		expect(await search.categoryCount('college')).toBe(
			expected.facets.category.find((c) => c.value === 'college')!.count
		);

		// The box belongs to the filters' form: « Rechercher » sends the text with the filters.
		const other = await searchApi('q=fablab&territory=dep:25');
		await home.territorySelect().selectOption('dep:25');
		await search.box.fill('fablab');
		await Promise.all([
			page.waitForURL((url) => url.searchParams.get('q') === 'fablab'),
			page.getByRole('button', { name: 'Rechercher', exact: true }).click()
		]);
		expect(new URL(page.url()).searchParams.get('territory')).toBe('dep:25');
		expect(await home.resultCount()).toBe(other.total);
		expect(await home.listIds()).toEqual(other.hits.map((hit) => hit.id));
		expect(home.failedResponses).toEqual([]);
		expect(errors).toEqual([]);
		expect(outsideRequests).toEqual([]);
	});
});
