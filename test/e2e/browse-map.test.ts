import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORY_CODES } from '../../src/lib/domain/categories';
import { launch, watchedPage } from './browser';
import { allStructures, structurePage, total, type StructureSummary } from './fixtures/api';
import { distance, isolatedStructure, sharedPoint } from './fixtures/places';
import { HomePage } from './pages/home-page';
import { EXPECTED_BASICS, pageBasics } from './pages/page-basics';

let browser: Browser;
let structures: StructureSummary[];

beforeAll(async () => {
	[browser, structures] = await Promise.all([launch(), allStructures()]);
});

afterAll(async () => {
	await browser?.close();
});

describe('the map and its list (desktop)', () => {
	it('shows the whole region: clusters on the map, the first page of the list, the same count', async () => {
		const { page, errors, outsideRequests } = await watchedPage(browser);
		const home = new HomePage(page);
		const firstPage = await structurePage();
		expect(firstPage.total).toBe(structures.length);

		await home.goto();
		expect(await pageBasics(page)).toEqual(EXPECTED_BASICS);
		// The map announces its list twin in its name.
		expect(await home.map.and(page.getByRole('region', { name: /liste/i })).count()).toBe(1);

		expect(await home.mapLoaded()).toBe(firstPage.total);
		const canvas = await home.canvas.locator('canvas').boundingBox();
		expect(canvas?.width).toBeGreaterThan(400);
		expect(canvas?.height).toBeGreaterThan(300);
		expect((await home.rendered()).clusters).toBeGreaterThan(5);

		expect(await home.resultCount()).toBe(firstPage.total);
		expect(await home.listIds()).toEqual(firstPage.items.map((item) => item.id));
		// Server-clustered tiles, all for the same (empty) filters; no GeoJSON of every structure.
		expect(home.tileRequests.length).toBeGreaterThan(0);
		expect(new Set(home.tileRequests.map((url) => new URL(url).search))).toEqual(new Set(['']));
		expect(home.geojsonRequests).toEqual([]);
		expect(home.failedResponses).toEqual([]);
		expect(errors).toEqual([]);
		expect(outsideRequests).toEqual([]);
	});

	it('zooms into a cluster on click, and opens a structure from its point', async () => {
		const { page, errors, outsideRequests } = await watchedPage(browser);
		const home = new HomePage(page);

		// Two structures in one building, nothing else within 1.5 km: at zoom 12 the server's grid
		// cell (under 1 km there) holds them alone, one cluster exactly at the map's centre.
		const shared = sharedPoint(structures, 1500);
		const [lon, lat] = shared.point;
		await home.goto(`?map=12/${lat}/${lon}`);
		await home.mapLoaded();
		expect((await home.rendered()).clusters).toBeGreaterThan(0);
		const before = home.urlView();
		expect(before).toEqual({ zoom: 12, lat, lon });
		await home.clickMapCentre();
		const after = await home.nextUrlView(before);
		expect(after.zoom).toBeGreaterThan(12);
		expect(distance([after.lon, after.lat], shared.point)).toBeLessThan(50);

		// One structure alone at the centre, beyond the clustering zooms: a click opens its popup.
		const single = isolatedStructure(structures, 300);
		const [x, y] = single.geometry.coordinates;
		await home.goto(`?map=17/${y}/${x}`);
		await home.mapLoaded();
		expect(await home.rendered()).toEqual({ clusters: 0, points: 1 });
		await home.clickMapCentre();
		await home.popup.waitFor();
		const title = await home.popup.locator('.structure-popup__title').textContent();
		expect(title?.startsWith(single.name)).toBe(true);
		const link = home.popup.getByRole('link', { name: 'Voir la fiche' });
		// The link names the slug once the details have loaded.
		await page.waitForSelector(
			`[data-testid="structure-popup"] a[href="/structures/${single.slug}"]`
		);
		// Then the name bears its commune: generic names are told apart.
		expect(await home.popup.locator('.structure-popup__title').textContent()).toBe(
			single.commune ? `${single.name} — ${single.commune.name}` : single.name
		);
		await link.click();
		await page.waitForURL(`**/structures/${single.slug}`);
		await page.waitForSelector(`h1:text-is("${single.name}")`);
		expect(await pageBasics(page)).toEqual(EXPECTED_BASICS);
		expect(home.failedResponses).toEqual([]);
		expect(errors).toEqual([]);
		expect(outsideRequests).toEqual([]);
	});

	it('applies a filter to the map and the list together, and writes it in the URL', async () => {
		const { page, errors, outsideRequests } = await watchedPage(browser);
		const home = new HomePage(page);
		await home.goto();
		await home.mapLoaded(structures.length);

		await home.territorySelect().selectOption('dep:25');
		await page.waitForURL((url) => url.searchParams.get('territory') === 'dep:25');
		const doubs = await total('territory=dep:25');
		expect(doubs).toBeLessThan(structures.length);
		expect(await home.mapLoaded(doubs)).toBe(doubs);
		await expect.poll(() => home.resultCount()).toBe(doubs);
		// The map fits the département: every structure it draws is one of the list's.
		expect(new URL(home.tileRequests.at(-1)!).searchParams.get('territory')).toBe('dep:25');

		await home.toggleCategory('ecole');
		const others = CATEGORY_CODES.filter((code) => code !== 'ecole');
		await page.waitForURL((url) => url.searchParams.has('category'));
		const url = new URL(page.url());
		expect(url.searchParams.get('category')?.split(',')).toEqual(others);
		expect(url.searchParams.get('territory')).toBe('dep:25');
		const withoutSchools = await total(`category=${others.join(',')}&territory=dep:25`);
		expect(withoutSchools).toBeLessThan(doubs);
		expect(await home.mapLoaded(withoutSchools)).toBe(withoutSchools);
		await expect.poll(() => home.resultCount()).toBe(withoutSchools);
		const lastTile = new URL(home.tileRequests.at(-1)!);
		expect(lastTile.searchParams.get('territory')).toBe('dep:25');
		// Sorted: equal filters in any order share one tile URL (one cache entry).
		expect(lastTile.searchParams.get('category')?.split(',')).toEqual([...others].sort());
		expect(home.geojsonRequests).toEqual([]);
		expect(await home.category('ecole').isChecked()).toBe(false);
		expect(home.failedResponses).toEqual([]);
		expect(errors).toEqual([]);
		expect(outsideRequests).toEqual([]);
	});

	it('restores filters and view from a link', async () => {
		const { page, errors, outsideRequests } = await watchedPage(browser);
		const home = new HomePage(page);
		const expected = await structurePage('category=college&territory=dep:21');
		expect(expected.total).toBeGreaterThan(0);
		for (const item of expected.items) expect(item.categories).toContain('college');

		await home.goto('?category=college&territory=dep:21&map=11/47.32/5.04');
		expect(await home.checkedCategories()).toEqual(['college']);
		expect(await home.territorySelect().inputValue()).toBe('dep:21');
		expect(await home.resultCount()).toBe(expected.total);
		expect(await home.listIds()).toEqual(expected.items.map((item) => item.id));

		// Around Dijon, at zoom 11: some of the département's collèges, none of anything else.
		const drawn = await home.mapLoaded();
		expect(drawn).toBeGreaterThan(0);
		expect(drawn).toBeLessThanOrEqual(expected.total);
		const tile = new URL(home.tileRequests.at(-1)!);
		expect(tile.searchParams.get('category')).toBe('college');
		expect(tile.searchParams.get('territory')).toBe('dep:21');
		// Once the map has settled, it still shows the linked view (no fit to the territory).
		await home.rendered();
		expect(home.urlView()).toEqual({ zoom: 11, lat: 47.32, lon: 5.04 });
		expect(await home.scaleText()).toBe('2 km');
		expect(home.failedResponses).toEqual([]);
		expect(errors).toEqual([]);
		expect(outsideRequests).toEqual([]);
	});
});
