import type { AxeResults, Result } from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launch, watchedPage } from './browser';
import { structurePage } from './fixtures/api';
import { injectAxe } from './axe';

// Automated WCAG 2.1 A/AA checks (the RGAA's baseline) with axe-core, page by page. axe finds
// only part of what the RGAA asks (roughly a third of the criteria); the manual audit stays.

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const PHONE = { width: 390, height: 844 };

let browser: Browser;
let structureSlug: string;

beforeAll(async () => {
	const [launched, first] = await Promise.all([launch(), structurePage('', 1)]);
	browser = launched;
	const [structure] = first.items;
	if (!structure) throw new Error('the API lists no structure');
	structureSlug = structure.slug;
});

afterAll(async () => {
	await browser?.close();
});

/** The serious and critical violations axe finds on the page as it stands. */
async function seriousViolations(page: Page): Promise<Result[]> {
	await injectAxe(page);
	const results = await page.evaluate(
		(tags) =>
			(window as unknown as { axe: { run: (...args: unknown[]) => Promise<AxeResults> } }).axe.run(
				document,
				{ runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }
			),
		TAGS
	);
	return results.violations.filter(
		(violation) => violation.impact === 'serious' || violation.impact === 'critical'
	);
}

function describeViolations(violations: Result[]): string {
	return violations
		.map(
			(violation) =>
				`${violation.id} (${violation.impact}): ${violation.help}\n` +
				violation.nodes.map((node) => `    ${node.target.join(' ')}`).join('\n')
		)
		.join('\n');
}

async function check(path: string, viewport?: { width: number; height: number }): Promise<void> {
	const { page, context } = await watchedPage(browser, viewport);
	try {
		await page.goto(`${baseUrl}${path}`, { waitUntil: 'networkidle' });
		const violations = await seriousViolations(page);
		expect(violations, `${path}:\n${describeViolations(violations)}`).toEqual([]);
	} finally {
		await context.close();
	}
}

describe('accessibility (axe-core, WCAG 2.1 A and AA)', () => {
	it('home page, desktop', async () => {
		await check('/');
	});

	it('home page, list tab on a phone', async () => {
		await check('/?vue=liste', PHONE);
	});

	it('data page on a phone (its wide table scrolls sideways)', async () => {
		await check('/donnees', PHONE);
	});

	it('structure page', async () => {
		await check(`/structures/${structureSlug}`);
	});

	for (const path of [
		'/programmes',
		'/programmes/2',
		// A programme no structure has joined yet: what contributes, and how to add one.
		'/programmes/1',
		'/territoires',
		'/territoires/dep:21',
		'/territoires/com:21231',
		'/recherche?q=college',
		'/compte/connexion',
		'/compte/inscription',
		'/accessibilite',
		'/donnees',
		'/sources',
		'/donnees-personnelles',
		'/mentions-legales',
		'/plan-du-site',
		'/integrer',
		'/carte/integree'
	]) {
		it(path, async () => {
			await check(path);
		});
	}
});
