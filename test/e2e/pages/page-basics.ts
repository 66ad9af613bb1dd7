import type { Page } from 'playwright-core';

/** What every page must have for accessibility, read from the page as it stands. */
export interface PageBasics {
	lang: string | null;
	h1Count: number;
	/** The element the first Tab reaches. */
	firstFocus: { text: string; href: string | null } | null;
}

/**
 * The facts to compare with {@link EXPECTED_BASICS}. Call it on arrival, before anything
 * takes the focus: it presses Tab once, as a keyboard user arriving on the page, then
 * blurs what got the focus.
 */
export async function pageBasics(page: Page): Promise<PageBasics> {
	const lang = await page.locator('html').getAttribute('lang');
	const h1Count = await page.locator('h1').count();
	await page.keyboard.press('Tab');
	const firstFocus = await page.evaluate(() => {
		const active = document.activeElement;
		if (!active || active === document.body) return null;
		const focused = { text: active.textContent?.trim() ?? '', href: active.getAttribute('href') };
		// The DSFR shows the skip links in the flow while focused: put the layout back.
		(active as HTMLElement).blur();
		return focused;
	});
	return { lang, h1Count, firstFocus };
}

export const EXPECTED_BASICS: PageBasics = {
	lang: 'fr',
	h1Count: 1,
	firstFocus: { text: 'Aller au contenu', href: '#contenu' }
};
