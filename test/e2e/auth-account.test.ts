import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launch, watchedPage } from './browser';
import { closeOutbox, linkSentTo } from './fixtures/outbox';

let browser: Browser;

beforeAll(async () => {
	browser = await launch();
});

afterAll(async () => {
	await closeOutbox();
	await browser?.close();
});

describe('account', () => {
	it('refuses a form posted from another site (403)', async () => {
		const response = await fetch(`${baseUrl}/compte/connexion`, {
			method: 'POST',
			redirect: 'manual',
			headers: {
				origin: 'https://evil.example',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: new URLSearchParams({ email: 'x@exemple.fr', password: 'peu importe ici' })
		});
		expect(response.status).toBe(403);
		expect(response.headers.get('set-cookie')).toBeNull();
	});

	it('signs up, verifies the address from the email, signs in and out', async () => {
		const { page, errors } = await watchedPage(browser);
		const email = `e2e-${Date.now()}@exemple.fr`;
		const password = 'une phrase de passe pour le parcours';

		await page.goto(`${baseUrl}/compte/inscription`);
		await page.getByLabel('Prénom et nom').fill('Camille Parcours');
		await page.getByLabel('Adresse électronique').fill(email);
		await page.getByLabel('Mot de passe').fill(password);
		await page.getByRole('button', { name: 'Créer mon compte' }).click();
		await page.waitForURL(/\/compte\/verification\?envoye=1$/);
		await expect.poll(() => page.textContent('main')).toContain('un courriel vous a été envoyé');

		const link = await linkSentTo(email, '/compte/verification');
		expect(new URL(link).origin).toBe(new URL(baseUrl).origin);
		await page.goto(link);
		await page.getByRole('button', { name: 'Confirmer mon adresse' }).click();
		await page.waitForURL(/\/compte\/connexion\?info=verifie$/);

		await page.getByLabel('Adresse électronique').fill(email);
		await page.getByLabel('Mot de passe').fill('pas le bon mot de passe');
		await page.getByRole('button', { name: 'Se connecter' }).click();
		await expect
			.poll(() => page.textContent('main'))
			.toContain('Adresse électronique ou mot de passe incorrect.');
		expect(await page.getByLabel('Mot de passe').inputValue()).toBe('');

		await page.getByLabel('Mot de passe').fill(password);
		await page.getByRole('button', { name: 'Se connecter' }).click();
		// Without a page to return to, a sign-in leads to the partner space and its next step.
		await page.waitForURL(/\/espace$/);
		expect(await page.getByRole('link', { name: 'Inscrire ma structure' }).count()).toBeGreaterThan(
			0
		);
		await page.goto(`${baseUrl}/compte`);
		await expect.poll(() => page.textContent('main')).toContain(email);
		const cookies = await page.context().cookies();
		const session = cookies.find((c) => c.name === 'session' || c.name === '__Host-session');
		expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });

		await page.locator('main').getByRole('button', { name: 'Se déconnecter' }).click();
		await page.waitForURL(/\/compte\/connexion\?info=deconnecte$/);
		await page.goto(`${baseUrl}/compte`);
		await page.waitForURL(/\/compte\/connexion\?redirectTo=%2Fcompte$/);
		expect(errors).toEqual([]);
	});
});
