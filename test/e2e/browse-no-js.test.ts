import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORY_CODES } from '../../src/lib/domain/categories';
import { launch, watchedPage } from './browser';
import { apiJson, structurePage } from './fixtures/api';
import { ContentPage } from './pages/content-page';
import { HomePage } from './pages/home-page';
import { EXPECTED_BASICS, pageBasics } from './pages/page-basics';

let browser: Browser;

beforeAll(async () => {
	browser = await launch();
});

afterAll(async () => {
	await browser?.close();
});

const noScript = (b: Browser) => watchedPage(b, undefined, { javaScriptEnabled: false });

describe('without JavaScript', () => {
	it('filters the list with the form (GET) on the server-rendered home page', async () => {
		const { page, errors, outsideRequests } = await noScript(browser);
		const home = new HomePage(page);
		const region = await structurePage();

		await home.goto();
		expect(await pageBasics(page)).toEqual(EXPECTED_BASICS);
		expect(await home.resultCount()).toBe(region.total);
		expect(await home.listIds()).toEqual(region.items.map((item) => item.id));
		// The map stays an empty, labelled box; the list is the content.
		expect(await home.map.getAttribute('data-ready')).toBe('false');
		expect(await home.map.getAttribute('aria-label')).toMatch(/liste/);

		await home.toggleCategory('ecole');
		expect(await home.category('ecole').isChecked()).toBe(false);
		await home.territorySelect().selectOption('dep:25');
		await Promise.all([
			page.waitForURL((url) => url.searchParams.getAll('territory').includes('dep:25')),
			home.filters.getByRole('button', { name: 'Appliquer' }).click()
		]);
		const url = new URL(page.url());
		expect(url.searchParams.getAll('category')).toEqual(
			CATEGORY_CODES.filter((code) => code !== 'ecole')
		);
		const filtered = await structurePage(
			`category=${CATEGORY_CODES.filter((c) => c !== 'ecole').join(',')}&territory=dep:25`
		);
		expect(filtered.total).toBeLessThan(region.total);
		expect(await home.resultCount()).toBe(filtered.total);
		expect(await home.listIds()).toEqual(filtered.items.map((item) => item.id));
		expect(await home.checkedCategories()).toEqual(
			CATEGORY_CODES.filter((code) => code !== 'ecole')
		);
		expect(await home.territorySelect().inputValue()).toBe('dep:25');
		expect(home.failedResponses).toEqual([]);
		expect(errors).toEqual([]);
		expect(outsideRequests).toEqual([]);
	});

	it('renders structure, programme and territory pages on the server', async () => {
		const { page, errors, outsideRequests } = await noScript(browser);
		const view = new ContentPage(page);
		const [school] = (await structurePage('category=college&territory=dep:21', 1)).items;
		const six = await apiJson<{ title: string }>('/api/v1/programmes/6');
		const coteDor = await apiJson<{ name: string }>('/api/v1/territories/dep:21');

		await view.goto(`/structures/${school!.slug}`);
		expect(await pageBasics(page)).toEqual(EXPECTED_BASICS);
		expect(await view.h1()).toBe(school!.name);
		expect(await view.definition('UAI')).toContain(school!.identifiers.uai!);
		expect(await view.definition('Adresse')).toContain(school!.commune!.name);

		await view.goto('/programmes/6');
		expect(await pageBasics(page)).toEqual(EXPECTED_BASICS);
		expect(await view.h1()).toBe(`Programme 6 : ${six.title}`);
		expect(await view.listAfter('Actions')).not.toEqual([]);

		await view.goto('/territoires/dep:21');
		expect(await pageBasics(page)).toEqual(EXPECTED_BASICS);
		expect(await view.h1()).toBe(coteDor.name);
		expect(await view.table('Nombre de structures par catégorie')).not.toEqual([]);
		expect((await view.table(`Structures — ${coteDor.name}`)).length).toBeGreaterThan(10);
		expect(view.failedResponses).toEqual([]);
		expect(errors).toEqual([]);
		expect(outsideRequests).toEqual([]);
	});

	it('searches on /recherche: the query in the title, no engine named, « à vérifier » kept', async () => {
		const { page, errors, outsideRequests } = await noScript(browser);
		const view = new ContentPage(page);
		type Search = { total: number; engine: string; hits: { id: string }[] };
		const all = await apiJson<Search>('/api/v1/search?q=lycee+pasteur&limit=20');
		const stale = await apiJson<Search>('/api/v1/search?q=lycee+pasteur&freshness=stale&limit=20');
		// The API says which engine answered; the page never does.
		expect(['postgres', 'meilisearch']).toContain(all.engine);
		expect(stale.total).toBeLessThanOrEqual(all.total);

		await view.goto('/recherche?q=lycee+pasteur');
		expect(await page.title()).toBe('Recherche « lycee pasteur » — Cartonum');
		const ids = () =>
			page
				.locator('[data-testid="search-results"] a[data-id]')
				.evaluateAll((links) => links.map((a) => a.getAttribute('data-id')));
		expect(await ids()).toEqual(all.hits.map((h) => h.id));
		const text = (await page.locator('body').innerText()).toLowerCase();
		for (const engine of ['postgres', 'meilisearch']) expect(text).not.toContain(engine);

		// DSFR draws the box on the label: a visitor clicks the label.
		await page.locator('label[for="recherche-a-verifier"]').click();
		await Promise.all([
			page.waitForURL((url) => url.searchParams.get('freshness') === 'stale'),
			page.getByRole('button', { name: 'Rechercher' }).click()
		]);
		expect(await page.title()).toBe('Recherche « lycee pasteur » — Cartonum');
		expect(await page.getByLabel('Seulement les fiches à vérifier').isChecked()).toBe(true);
		expect(await ids()).toEqual(stale.hits.map((h) => h.id));
		expect(view.failedResponses).toEqual([]);
		expect(errors).toEqual([]);
		expect(outsideRequests).toEqual([]);
	});
});
