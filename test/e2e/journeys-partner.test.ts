import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launch, watchedPage } from './browser';
import { createUser, submitSignIn } from './fixtures/users';

/**
 * A first-time partner, without help: from the map page's call to action to the address step,
 * where the typed street survives a commune-only suggestion, and where a refused form lists
 * its errors, takes the focus and links each error to its field.
 */

let browser: Browser;
const stamp = Date.now();
const partner = {
	email: `premier-${stamp}@exemple.fr`,
	password: 'une phrase de passe partenaire'
};

beforeAll(async () => {
	createUser(partner, 'partner');
	browser = await launch();
});

afterAll(async () => {
	await browser?.close();
});

const next = (page: Page) => page.getByRole('button', { name: 'Enregistrer et continuer' }).click();
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

describe('a first-time partner', () => {
	it('goes from the map to the form, keeps the typed street, and is led to each error', async () => {
		const { page, context, errors, outsideRequests } = await watchedPage(browser);
		try {
			// The map page invites to register; signing in leads back to the form.
			await page.goto(`${baseUrl}/`);
			await page.getByTestId('register-cta').click();
			await page.waitForURL(/\/compte\/connexion\?redirectTo=%2Fespace%2Finscrire$/);
			await submitSignIn(page, partner);
			await page.waitForURL(/\/espace\/inscrire$/);

			// A refused step: the summary takes the focus and links each error to its field.
			await next(page);
			const summary = page.getByTestId('error-summary');
			await summary.waitFor();
			await expect
				.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
				.toBe('error-summary');
			const links = summary.locator('a');
			expect(await links.count()).toBeGreaterThan(0);
			const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
			expect(hrefs).toContain('#champ-name');
			await summary.locator('a[href="#champ-name"]').click();
			expect(await focusedId(page)).toBe('champ-name');

			await page.getByLabel('Nom de la structure').fill(`Tiers-lieu des Arènes ${stamp}`);
			await page.getByLabel('Catégorie principale').selectOption('fablab-tiers-lieu');
			await next(page);
			// Each new step: the focus is on its title, not the top of the page.
			await page.waitForURL(/\/identifiants$/);
			await expect.poll(() => focusedId(page)).toBe('etape-titre');
			await next(page);
			await page.waitForURL(/\/adresse$/);
			await expect.poll(() => focusedId(page)).toBe('etape-titre');

			// The offline basemap says plainly what it shows, and the keys that move the pin.
			const help = await page.getByTestId('pin-help').textContent();
			expect(help).toContain('seulement les limites des communes');
			expect(help).toContain('flèches du clavier');

			// A street the offline geocoder does not know: the commune is suggested, the street kept.
			const typed = '12 rue des Arènes Dole';
			await page.getByLabel('Rechercher l’adresse').fill(typed);
			const suggestion = page.getByRole('option', { name: /39100 Dole/ });
			await suggestion.first().click();
			expect(await page.getByLabel('Numéro et voie').inputValue()).toBe('12 rue des Arènes');
			expect(await page.getByLabel('Code postal').inputValue()).toBe('39100');
			expect(await page.getByLabel('Commune', { exact: true }).inputValue()).toBe('Dole');
			expect(await page.getByLabel('Rechercher l’adresse').inputValue()).toBe(typed);
			const map = page.getByTestId('pin-map');
			await expect.poll(() => map.getAttribute('data-lon')).not.toBe('');
			await next(page);
			await page.waitForURL(/\/programmes$/);

			// The street was saved as typed: back on the address step, it is there.
			await page.goBack();
			await page.waitForURL(/\/adresse$/);
			await expect
				.poll(() => page.getByLabel('Numéro et voie').inputValue())
				.toBe('12 rue des Arènes');
			expect(errors).toEqual([]);
			expect(outsideRequests).toEqual([]);
		} finally {
			await context.close();
		}
	});
});
