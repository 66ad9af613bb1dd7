import type { AxeResults } from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, watchedPage } from './browser';
import { injectAxe } from './axe';
import { createUser, signIn } from './fixtures/users';

/**
 * The moderation queue as staff read it: a request with a long name waits in the queue; on a
 * phone axe-core finds nothing serious, and on a desktop the state and date columns stay on
 * screen beside the long name.
 */

let browser: Browser;
const stamp = Date.now();
const partner = { email: `long-${stamp}@exemple.fr`, password: 'une phrase de passe partenaire' };
const moderator = { email: `file-${stamp}@exemple.fr`, password: 'une phrase de passe moderation' };
const longName = `Tiers-lieu numérique intercommunal de la communauté de communes du Val de Saône et de la Vingeanne ${stamp}`;

const next = (page: Page) => page.getByRole('button', { name: 'Enregistrer et continuer' }).click();

beforeAll(async () => {
	createUser(partner, 'partner');
	createUser(moderator, 'moderator');
	browser = await launch();
	// The partner sends a request with a long name, through the form.
	const { page, context, errors } = await watchedPage(browser);
	try {
		await signIn(page, partner, (url) => url.pathname === '/espace/inscrire', '/espace/inscrire');
		await page.getByLabel('Nom de la structure').fill(longName);
		await page.getByLabel('Catégorie principale').selectOption('fablab-tiers-lieu');
		await next(page);
		await page.waitForURL(/\/identifiants$/);
		await next(page);
		await page.waitForURL(/\/adresse$/);
		// The address search appears once the page runs its scripts.
		await page.locator('#adresse-recherche').waitFor({ timeout: 90_000 });
		await page.getByLabel('Rechercher l’adresse').fill('20 rue Condorcet Dijon');
		await page
			.getByRole('option', { name: /21000 Dijon/ })
			.first()
			.click();
		await next(page);
		await page.waitForURL(/\/programmes$/);
		await page.getByLabel(/^Programme 6 :/).selectOption('partenaire');
		await next(page);
		await page.waitForURL(/\/contacts$/);
		await page.locator('#champ-consent').check({ force: true });
		await next(page);
		await page.waitForURL(/\/envoi$/);
		await page.getByRole('button', { name: 'Envoyer la demande' }).click();
		await page.waitForURL(/\/espace\/demandes\/[0-9a-f-]{36}\?envoyee$/);
		if (errors.length) throw new Error(`page errors while registering: ${errors.join('; ')}`);
	} finally {
		await context.close();
	}
}, 180_000);

afterAll(async () => {
	await browser?.close();
});

describe('the moderation queue', () => {
	it('has no serious axe-core violation on a phone', async () => {
		const { page, context, errors } = await watchedPage(browser, { width: 390, height: 844 });
		try {
			await signIn(page, moderator, (url) => url.pathname === '/moderation', '/moderation');
			await page.getByTestId('queue').getByText(longName).waitFor();
			await injectAxe(page);
			const results = await page.evaluate(() =>
				(
					window as unknown as { axe: { run: (...args: unknown[]) => Promise<AxeResults> } }
				).axe.run(document, {
					runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
					resultTypes: ['violations']
				})
			);
			const serious = results.violations
				.filter((v) => v.impact === 'serious' || v.impact === 'critical')
				.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
			expect(serious).toEqual([]);
			expect(errors).toEqual([]);
		} finally {
			await context.close();
		}
	});

	it('keeps the state and date columns on screen beside a long name (1280 px)', async () => {
		const { page, context } = await watchedPage(browser);
		try {
			await signIn(page, moderator, (url) => url.pathname === '/moderation', '/moderation');
			const queue = page.getByTestId('queue');
			await queue.getByText(longName).waitFor();
			const width = await page.evaluate(() => document.documentElement.clientWidth);
			for (const name of ['État', 'Envoyée']) {
				const box = (await queue.getByRole('columnheader', { name }).boundingBox())!;
				expect(box.x + box.width).toBeLessThanOrEqual(width);
			}
			const row = queue.locator('tr', { hasText: longName });
			expect(await row.locator('td').last().textContent()).toContain('aujourd’hui');
		} finally {
			await context.close();
		}
	});
});
