import type { AxeResults } from 'axe-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launch, watchedPage } from './browser';
import { injectAxe } from './axe';

// The embeddable map as another site shows it: framed from elsewhere, drawn, accessible,
// without cookies or requests leaving the app; the site's other pages refuse to be framed.

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let browser: Browser;

beforeAll(async () => {
	// The other site below is a page this test serves itself (no address): Chromium would take
	// it for a public page and refuse it any frame on the loopback, which a deployment lacks.
	browser = await launch(['--disable-features=LocalNetworkAccessChecks']);
});

afterAll(async () => {
	await browser?.close();
});

const digits = (text: string | null) => Number((text ?? '').replace(/\D/g, ''));

describe('embedded map', () => {
	it('draws the filtered structures with their list, credits and link, and passes axe', async () => {
		const { page, context, errors, outsideRequests } = await watchedPage(browser, {
			width: 800,
			height: 500
		});
		try {
			await page.goto(`${baseUrl}/carte/integree?territory=dep:25&category=college`);
			await page.waitForSelector('[data-testid="map"][data-ready="true"]', { timeout: 60_000 });
			const drawn = Number(await page.getByTestId('map').getAttribute('data-count'));
			const announced = digits(await page.getByTestId('embed-count').textContent());
			expect(drawn).toBeGreaterThan(0);
			expect(drawn).toBe(announced);
			expect(await page.locator('.maplibregl-ctrl-attrib').textContent()).toContain('MedNum BFC');
			expect(await page.locator('header.fr-header, footer.fr-footer').count()).toBe(0);
			const full = page.getByRole('link', { name: /Voir sur Cartonum/ });
			expect(new URL((await full.getAttribute('href'))!, page.url()).search).toBe(
				'?category=college&territory=dep:25'
			);

			await injectAxe(page);
			const results = await page.evaluate(
				(tags) =>
					(
						window as unknown as { axe: { run: (...args: unknown[]) => Promise<AxeResults> } }
					).axe.run(document, {
						runOnly: { type: 'tag', values: tags },
						resultTypes: ['violations']
					}),
				TAGS
			);
			const serious = results.violations.filter(
				(v) => v.impact === 'serious' || v.impact === 'critical'
			);
			expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);

			expect(await context.cookies()).toEqual([]);
			expect(errors).toEqual([]);
			expect(outsideRequests).toEqual([]);
		} finally {
			await context.close();
		}
	});

	it('can be framed by another site, unlike the site’s other pages', async () => {
		const { page, context, errors } = await watchedPage(browser);
		try {
			// Another site (another origin, answered here: a collectivité's page) frames the embed
			// and a regular page of Cartonum.
			const host = 'http://collectivite.example/';
			await page.route(`${host}**`, (route) =>
				route.fulfill({
					contentType: 'text/html; charset=utf-8',
					body:
						'<!doctype html><html lang="fr"><title>Notre territoire</title><body>' +
						`<iframe id="embed" title="Carte" width="600" height="400" src="${baseUrl}/carte/integree?category=lycee"></iframe>` +
						`<iframe id="other" title="Autre" width="600" height="400" src="${baseUrl}/donnees"></iframe>` +
						'</body></html>'
				})
			);
			await page.goto(host, { waitUntil: 'load' });
			const embed = page.frameLocator('#embed');
			await embed.locator('[data-testid="map"][data-ready="true"]').waitFor({ timeout: 60_000 });
			expect(await embed.locator('h1').textContent()).toContain('Acteurs du numérique éducatif');
			// The page's load waited for both frames: the refused one holds Chromium's error page.
			const other = await (await page.$('#other'))!.contentFrame();
			expect(other).not.toBeNull();
			expect(other!.url()).not.toContain('/donnees');
			expect(await other!.getByText('Données ouvertes et API').count()).toBe(0);
			expect(errors).toEqual([]);
		} finally {
			await context.close();
		}
	});

	it('lets a phone choose the map and copy its snippet without scrolling sideways, and passes axe', async () => {
		const { page, context, errors, outsideRequests } = await watchedPage(browser, {
			width: 390,
			height: 844
		});
		try {
			// The widest choice (800 px) and a long title: neither pushes the page past the screen.
			const title =
				'Carte des collèges et des lycées du Doubs et de la Côte-d’Or, pour nos familles';
			await page.goto(
				`${baseUrl}/integrer?category=college&category=lycee&territory=dep:25&largeur=800&hauteur=500&titre=${encodeURIComponent(title)}`
			);
			const snippet = page.getByTestId('embed-snippet');
			expect(await snippet.textContent()).toContain(`title="${title}"`);
			const overflow = await page.evaluate(() => ({
				page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
				wide: [...document.querySelectorAll('main *')]
					.filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
					.map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`)
			}));
			expect(overflow).toEqual({ page: 0, wide: [] });
			const preview = (await page.locator('.preview iframe').boundingBox())!;
			expect(preview.x + preview.width).toBeLessThanOrEqual(390);
			expect(await page.getByRole('button', { name: 'Copier le code' }).isVisible()).toBe(true);

			await injectAxe(page);
			const results = await page.evaluate(
				(tags) =>
					(
						window as unknown as { axe: { run: (...args: unknown[]) => Promise<AxeResults> } }
					).axe.run(document, {
						runOnly: { type: 'tag', values: tags },
						resultTypes: ['violations'],
						// The preview's own content is the embed page, checked above.
						exclude: [['.preview iframe']]
					}),
				TAGS
			);
			const serious = results.violations.filter(
				(v) => v.impact === 'serious' || v.impact === 'critical'
			);
			expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
			expect(errors).toEqual([]);
			expect(outsideRequests).toEqual([]);
		} finally {
			await context.close();
		}
	});
});
