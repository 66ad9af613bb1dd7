import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, watchedPage } from './browser';
import { total } from './fixtures/api';
import { HomePage } from './pages/home-page';
import { EXPECTED_BASICS, pageBasics } from './pages/page-basics';

const PHONE = { width: 390, height: 844 };

let browser: Browser;

beforeAll(async () => {
	browser = await launch();
});

afterAll(async () => {
	await browser?.close();
});

describe('the map and its list on a phone', () => {
	it('shows the map and the list as two tabs, and keeps the tab in the URL', async () => {
		const { page, errors, outsideRequests } = await watchedPage(browser, PHONE);
		const home = new HomePage(page);
		const regionTotal = await total();

		await home.goto();
		expect(await pageBasics(page)).toEqual(EXPECTED_BASICS);
		expect(await home.tab('Carte').getAttribute('aria-selected')).toBe('true');
		expect(await home.mapLoaded(regionTotal)).toBe(regionTotal);
		expect((await home.rendered()).clusters).toBeGreaterThan(0);
		expect(await home.mapPanel.isVisible()).toBe(true);
		expect(await home.listPanel.isVisible()).toBe(false);

		await home.tab('Liste').click();
		await page.waitForURL((url) => url.searchParams.get('vue') === 'liste');
		expect(await home.tab('Liste').getAttribute('aria-selected')).toBe('true');
		expect(await home.listPanel.isVisible()).toBe(true);
		expect(await home.list.locator('a[data-id]').first().isVisible()).toBe(true);
		expect(await home.mapPanel.isVisible()).toBe(false);

		// Arrow keys move between the tabs (ARIA tabs pattern).
		await home.tab('Liste').focus();
		await page.keyboard.press('ArrowLeft');
		await page.waitForURL((url) => !url.searchParams.has('vue'));
		expect(await home.tab('Carte').getAttribute('aria-selected')).toBe('true');
		expect(await page.evaluate(() => document.activeElement?.id)).toBe('onglet-carte');
		expect(await home.mapPanel.isVisible()).toBe(true);
		expect(await home.listPanel.isVisible()).toBe(false);
		expect(home.failedResponses).toEqual([]);
		expect(errors).toEqual([]);
		expect(outsideRequests).toEqual([]);
	});

	it('opens on the list with vue=liste, and draws the map once its tab is chosen', async () => {
		const { page, errors, outsideRequests } = await watchedPage(browser, PHONE);
		const home = new HomePage(page);
		const regionTotal = await total();

		await home.goto('?vue=liste');
		expect(await pageBasics(page)).toEqual(EXPECTED_BASICS);
		expect(await home.tab('Liste').getAttribute('aria-selected')).toBe('true');
		expect(await home.listPanel.isVisible()).toBe(true);
		expect(await home.mapPanel.isVisible()).toBe(false);
		expect(await home.resultCount()).toBe(regionTotal);

		await home.tab('Carte').click();
		await page.waitForURL((url) => !url.searchParams.has('vue'));
		expect(await home.mapPanel.isVisible()).toBe(true);
		expect(await home.mapLoaded(regionTotal)).toBe(regionTotal);
		// A map created in a hidden tab must still draw the region once shown.
		expect((await home.rendered()).clusters).toBeGreaterThan(0);
		const canvas = await home.canvas.locator('canvas').boundingBox();
		expect(canvas?.width).toBeGreaterThan(300);
		expect(home.failedResponses).toEqual([]);
		expect(errors).toEqual([]);
		expect(outsideRequests).toEqual([]);
	});
});
