import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(
	createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
	'utf8'
);

/**
 * Loads axe-core into the page. The pages' Content-Security-Policy allows no inline script
 * without the page's nonce (which is the point), so axe is evaluated through the DevTools
 * protocol rather than added as a <script> tag, which the policy would block.
 */
export async function injectAxe(page: Page): Promise<void> {
	await page.evaluate(axeSource);
}
