import type { Locator, Page } from 'playwright-core';
import { baseUrl } from '../browser';
import { failedResponses } from './failed-responses';

/** Text with its spaces made plain (French typography uses no-break and narrow spaces). */
export const plain = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

/** A structure, programme or territory page: server-rendered text and a small map. */
export class ContentPage {
	readonly main: Locator;
	readonly miniMap: Locator;
	/** Requests the app answered with an error: `<status> <url>`. */
	readonly failedResponses: string[];

	constructor(readonly page: Page) {
		this.main = page.locator('main');
		this.miniMap = page.getByTestId('mini-map');
		this.failedResponses = failedResponses(page);
	}

	async goto(path: string): Promise<void> {
		const response = await this.page.goto(`${baseUrl}${path}`);
		if (response?.status() !== 200) throw new Error(`GET ${path}: HTTP ${response?.status()}`);
	}

	async h1(): Promise<string> {
		return plain(await this.page.locator('h1').textContent());
	}

	/** The `<dd>` after the `<dt>` named `term`. */
	async definition(term: string): Promise<string> {
		return plain(await this.main.locator(`dt:text-is("${term}") + dd`).first().textContent());
	}

	/** The items of the list that follows the heading `heading`. */
	async listAfter(heading: string): Promise<string[]> {
		const items = this.main.locator(`h2:text-is("${heading}") + ul > li`);
		return (await items.allTextContents()).map(plain);
	}

	/** The text of the section from a heading to the next one at the same level. */
	async sectionText(heading: string): Promise<string> {
		return plain(
			await this.main.locator(`h2:text-is("${heading}")`).evaluate((h2) => {
				let text = '';
				for (let node = h2.nextElementSibling; node && node.tagName !== 'H2';) {
					text += ` ${node.textContent ?? ''}`;
					node = node.nextElementSibling;
				}
				return text;
			})
		);
	}

	/** The link texts of the breadcrumb, from « Accueil » to the current page. */
	async breadcrumb(): Promise<string[]> {
		return (await this.page.locator('.fr-breadcrumb li').allTextContents()).map(plain);
	}

	/** The rows of the first table whose caption starts with `caption`, as cell texts. */
	async table(caption: string): Promise<string[][]> {
		const table = this.main.locator('table', {
			has: this.page.locator(`caption:text-matches("^${caption}")`)
		});
		return table
			.locator('tbody tr')
			.evaluateAll((rows) =>
				rows.map((row) =>
					[...row.querySelectorAll('th, td')].map((cell) =>
						(cell.textContent ?? '').replace(/\s+/g, ' ').trim()
					)
				)
			);
	}

	/** Waits until the small map holds its structures. */
	async miniMapLoaded(): Promise<void> {
		await this.page.waitForSelector('[data-testid="mini-map"][data-ready="true"]', {
			timeout: 60_000
		});
	}
}
