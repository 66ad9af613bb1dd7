import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launch, watchedPage } from './browser';
import { structurePage } from './fixtures/api';
import { HomePage } from './pages/home-page';
import { HomeSearch } from './pages/home-search';
import { layoutOverflow, overflows, unfold } from './pages/layout';

// What a person hits on the way: content wider than the screen (WCAG 1.4.10), an invisible
// keyboard focus on the map (WCAG 2.4.7), and Back leaving the map after a search.

let browser: Browser;
let structureSlug: string;

beforeAll(async () => {
	const [launched, first] = await Promise.all([launch(), structurePage('', 1)]);
	browser = launched;
	structureSlug = first.items[0]!.slug;
});

afterAll(async () => {
	await browser?.close();
});

const WIDTHS = [320, 390, 1280];

describe('reflow: no content wider than the screen (WCAG 1.4.10)', () => {
	const pages = () => [
		'/',
		'/?vue=liste',
		'/?q=college',
		'/programmes',
		'/territoires',
		'/recherche?q=lycee',
		`/structures/${structureSlug}`,
		'/accessibilite'
	];
	// Every other page, for each kind of user: every-page.test.ts.

	for (const width of WIDTHS) {
		it(`fits ${width} px wide, filters unfolded, with nothing below the footer`, async () => {
			const { page, context, errors } = await watchedPage(browser, { width, height: 800 });
			try {
				const found: Record<string, unknown> = {};
				for (const path of pages()) {
					await page.goto(`${baseUrl}${path}`, { waitUntil: 'networkidle' });
					await unfold(page);
					const measured = await layoutOverflow(page);
					if (overflows(measured)) found[path] = measured;
				}
				expect(found).toEqual({});
				expect(errors).toEqual([]);
			} finally {
				await context.close();
			}
		});
	}
});

/**
 * Share of the pixels, in a band along the edges, that differ between two screenshots of the
 * same element (decoded and compared by the browser itself: no image library needed).
 */
function edgeDifference(page: Page, before: Buffer, after: Buffer, band = 3): Promise<number> {
	return page.evaluate(
		async ({ first, second, band }) => {
			const decode = async (data: string) => {
				const image = new Image();
				image.src = `data:image/png;base64,${data}`;
				await image.decode();
				const canvas = document.createElement('canvas');
				canvas.width = image.width;
				canvas.height = image.height;
				const context = canvas.getContext('2d')!;
				context.drawImage(image, 0, 0);
				return context.getImageData(0, 0, image.width, image.height);
			};
			const [a, b] = [await decode(first), await decode(second)];
			let inBand = 0;
			let changed = 0;
			for (let y = 0; y < a.height; y++) {
				for (let x = 0; x < a.width; x++) {
					const inside = x >= band && y >= band && x < a.width - band && y < a.height - band;
					if (inside) continue;
					inBand++;
					const i = (y * a.width + x) * 4;
					const delta =
						Math.abs(a.data[i]! - b.data[i]!) +
						Math.abs(a.data[i + 1]! - b.data[i + 1]!) +
						Math.abs(a.data[i + 2]! - b.data[i + 2]!);
					if (delta > 30) changed++;
				}
			}
			return changed / inBand;
		},
		{ first: before.toString('base64'), second: after.toString('base64'), band }
	);
}

describe('keyboard focus on the map (WCAG 2.4.7)', () => {
	it('draws a visible ring around the map canvas when the keyboard reaches it', async () => {
		const { page, context, errors } = await watchedPage(browser);
		try {
			const home = new HomePage(page);
			await home.goto();
			await home.mapLoaded();
			await home.rendered();
			const canvas = home.map.locator('canvas.maplibregl-canvas');
			const unfocused = await canvas.screenshot();
			// Tab from the element just before the map (its list twin's link) reaches the canvas.
			await page.locator('.browse__twin a').focus();
			await page.keyboard.press('Tab');
			expect(await canvas.evaluate((node) => node === document.activeElement)).toBe(true);
			expect(await canvas.evaluate((node) => node.matches(':focus-visible'))).toBe(true);
			const focused = await canvas.screenshot();
			expect(await edgeDifference(page, unfocused, focused)).toBeGreaterThan(0.9);
			expect(errors).toEqual([]);
		} finally {
			await context.close();
		}
	});
});

describe('history: Back undoes a search or a filter change', () => {
	it('restores the previous list after a typed search, then after a category unticked', async () => {
		const { page, context, errors, outsideRequests } = await watchedPage(browser);
		try {
			const home = new HomePage(page);
			const search = new HomeSearch(home);
			await home.goto();
			await home.mapLoaded();
			const total = await home.resultCount();
			const firstIds = await home.listIds();
			expect(firstIds.length).toBeGreaterThan(0);

			await search.type('college');
			await page.waitForFunction(
				() =>
					/trouvée/.test(document.querySelector('[data-testid="result-count"]')?.textContent ?? ''),
				null,
				{ timeout: 30_000 }
			);
			expect(search.urlQuery()).toBe('college');

			await page.goBack();
			await page.waitForFunction(
				() =>
					!/trouvée/.test(
						document.querySelector('[data-testid="result-count"]')?.textContent ?? ''
					),
				null,
				{ timeout: 30_000 }
			);
			expect(new URL(page.url()).pathname).toBe('/');
			expect(search.urlQuery()).toBeNull();
			expect(await search.box.inputValue()).toBe('');
			expect(await home.resultCount()).toBe(total);
			expect(await home.listIds()).toEqual(firstIds);

			await home.toggleCategory('ecole');
			await page.waitForURL((url) => url.searchParams.has('category'), { timeout: 30_000 });
			await page.waitForFunction(
				(before) => {
					const text = document.querySelector('[data-testid="result-count"] strong')?.textContent;
					return Number((text ?? '').replace(/\D/g, '')) !== before;
				},
				total,
				{ timeout: 30_000 }
			);
			expect(await home.resultCount()).toBeLessThan(total);

			await page.goBack();
			await page.waitForURL((url) => !url.searchParams.has('category'), { timeout: 30_000 });
			await page.waitForFunction(
				(before) => {
					const text = document.querySelector('[data-testid="result-count"] strong')?.textContent;
					return Number((text ?? '').replace(/\D/g, '')) === before;
				},
				total,
				{ timeout: 30_000 }
			);
			expect(await home.listIds()).toEqual(firstIds);
			expect(await home.category('ecole').isChecked()).toBe(true);
			expect(errors).toEqual([]);
			expect(outsideRequests).toEqual([]);
		} finally {
			await context.close();
		}
	});
});
