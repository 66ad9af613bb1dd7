import type { AxeResults, Result } from 'axe-core';
import type { Page } from 'playwright-core';
import { injectAxe } from '../axe';

/** Widths the page lays out beyond the screen, and blank scroll past the footer. */
export async function layoutOverflow(page: Page) {
	return page.evaluate(() => {
		const root = document.documentElement;
		const footer = document.querySelector('footer')?.getBoundingClientRect();
		const side = document.querySelector<HTMLElement>('.browse__side');
		return {
			viewport: root.clientWidth,
			scrollWidth: root.scrollWidth,
			// Scrolling sideways inside the map page's side panel is an overflow too.
			panelOverflow: side ? side.scrollWidth - side.clientWidth : 0,
			// Everything the page scrolls to ends with the footer.
			belowFooter: footer ? Math.round(root.scrollHeight - (footer.bottom + window.scrollY)) : 0
		};
	});
}

/** True when the measure shows content wider than the screen or blank scroll below the footer. */
export function overflows(measured: Awaited<ReturnType<typeof layoutOverflow>>): boolean {
	return (
		measured.scrollWidth > measured.viewport ||
		measured.panelOverflow > 0 ||
		measured.belowFooter > 1
	);
}

/** Opens every folded part (the filters on a phone), so that their content is laid out too. */
export async function unfold(page: Page) {
	await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
}

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** The serious and critical WCAG 2.1 A/AA violations axe-core finds, one line each. */
export async function seriousViolations(page: Page): Promise<string[]> {
	await injectAxe(page);
	const results = await page.evaluate(
		(tags) =>
			(window as unknown as { axe: { run: (...args: unknown[]) => Promise<AxeResults> } }).axe.run(
				document,
				{ runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }
			),
		TAGS
	);
	return results.violations
		.filter((v: Result) => v.impact === 'serious' || v.impact === 'critical')
		.map((v: Result) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
