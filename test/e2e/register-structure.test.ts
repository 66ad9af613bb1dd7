import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launch, watchedPage } from './browser';
import { closeOutbox, emailsTo, linkSentTo } from './fixtures/outbox';
import { createUser, signIn } from './fixtures/users';

/**
 * The partner's journey: sign up, verify the address, register a structure (geocoded address,
 * dragged pin, programme, contact), send it; a moderator approves it; it is then on the map
 * (light GeoJSON), in the list and in search.
 */

let browser: Browser;
const stamp = Date.now();
const partner = {
	email: `partenaire-${stamp}@exemple.fr`,
	password: 'une phrase de passe partenaire'
};
const moderator = {
	email: `moderation-${stamp}@exemple.fr`,
	password: 'une phrase de passe moderation'
};
const name = `Fablab du parcours ${stamp}`;

beforeAll(async () => {
	createUser(moderator, 'moderator', 'Mona Modère');
	browser = await launch();
});

afterAll(async () => {
	await closeOutbox();
	await browser?.close();
});

const next = (page: Page) => page.getByRole('button', { name: 'Enregistrer et continuer' }).click();

describe('registering a structure', () => {
	let requestUrl = '';

	it('refuses forms posted from another site (403), before any guard or change', async () => {
		for (const path of [
			'/espace/inscrire',
			'/moderation/00000000-0000-4000-8000-000000000000?/approve'
		]) {
			const response = await fetch(`${baseUrl}${path}`, {
				method: 'POST',
				redirect: 'manual',
				headers: {
					origin: 'https://evil.example',
					'content-type': 'application/x-www-form-urlencoded'
				},
				body: new URLSearchParams({ name: 'Intrus', category: 'association', key: 'abcdefgh1234' })
			});
			expect(response.status, path).toBe(403);
		}
	});

	it('signs up, verifies the address and registers a structure with a geocoded address and a dragged pin', async () => {
		const { page, errors, outsideRequests } = await watchedPage(browser);
		await page.goto(`${baseUrl}/compte/inscription`);
		await page.getByLabel('Prénom et nom').fill('Paula Parcours');
		await page.getByLabel('Adresse électronique').fill(partner.email);
		await page.getByLabel('Mot de passe').fill(partner.password);
		await page.getByRole('button', { name: 'Créer mon compte' }).click();
		await page.waitForURL(/\/compte\/verification\?envoye=1$/);
		await page.goto(await linkSentTo(partner.email, '/compte/verification'));
		await page.getByRole('button', { name: 'Confirmer mon adresse' }).click();
		await page.waitForURL(/\/compte\/connexion\?info=verifie$/);
		await signIn(page, partner, /\/(espace|compte)$/);

		await page.goto(`${baseUrl}/espace`);
		await page.getByRole('link', { name: 'Inscrire ma structure' }).click();
		await page.waitForURL(/\/espace\/inscrire$/);

		// Step 1: a refused value first, with its message next to the field and the form refilled.
		await page.getByLabel('Nom de la structure').fill(name);
		await page.getByLabel('Catégorie principale').selectOption('fablab-tiers-lieu');
		await page.getByLabel('Site web (facultatif)').fill('javascript:alert(1)');
		await next(page);
		await expect.poll(() => page.textContent('main')).toContain('Seules les adresses de site');
		expect(await page.getByLabel('Nom de la structure').inputValue()).toBe(name);
		await page.getByLabel('Site web (facultatif)').fill('https://fablab-parcours.example.fr');
		await page
			.getByLabel('Description (facultatif)')
			.fill('Impression 3D et électronique pour les écoles.');
		await next(page);

		// Step 2: no official identifier for an association's fablab.
		await page.waitForURL(/\/identifiants$/);
		await next(page);

		// Step 3: the address from the geocoder's suggestions, then the pin dragged a little.
		await page.waitForURL(/\/adresse$/);
		await page.getByLabel('Rechercher l’adresse').fill('20 rue Condorcet Dijon');
		const suggestion = page.getByRole('option', { name: /20 rue Condorcet, 21000 Dijon/ });
		await suggestion.click();
		expect(await page.getByLabel('Numéro et voie').inputValue()).toBe('20 rue Condorcet');
		expect(await page.getByLabel('Code postal').inputValue()).toBe('21000');
		const map = page.getByTestId('pin-map');
		const pin = page.getByTestId('pin');
		await pin.waitFor({ state: 'visible' });
		await map.scrollIntoViewIfNeeded();
		const before = {
			lon: await map.getAttribute('data-lon'),
			lat: await map.getAttribute('data-lat')
		};
		const box = (await pin.boundingBox())!;
		await page.mouse.move(box.x + box.width / 2, box.y + box.height - 4);
		await page.mouse.down();
		await page.mouse.move(box.x + box.width / 2 + 40, box.y + box.height + 25, { steps: 8 });
		await page.mouse.up();
		await expect
			.poll(() => page.getByTestId('pin-message').textContent())
			.toContain('Repère placé à Dijon');
		const after = {
			lon: await map.getAttribute('data-lon'),
			lat: await map.getAttribute('data-lat')
		};
		expect(after.lon).not.toBe(before.lon);
		expect(after.lat).not.toBe(before.lat);
		await next(page);

		// Step 4: a programme and a role.
		await page.waitForURL(/\/programmes$/);
		await page.getByLabel(/^Programme 6 :/).selectOption('partenaire');
		await next(page);

		// Step 5: a public contact, with the personal-data notice and the confirmation.
		await page.waitForURL(/\/contacts$/);
		expect(await page.locator('a[href="/donnees-personnelles"]').count()).toBeGreaterThan(0);
		await page.locator('#champ-contact-0-name').fill('Camille Animatrice');
		await page.locator('#champ-contact-0-email').fill('camille@fablab-parcours.example.fr');
		await page.locator('#contact-0-public').check({ force: true });
		await page.locator('#champ-consent').check({ force: true });
		await next(page);

		// Last step: the summary, then the request is sent.
		await page.waitForURL(/\/envoi$/);
		const summary = await page.getByTestId('diff').textContent();
		expect(summary).toContain(name);
		expect(summary).toContain('Dijon (21231)');
		expect(summary).toContain('Partenaire');
		await page.getByRole('button', { name: 'Envoyer la demande' }).click();
		await page.waitForURL(/\/espace\/demandes\/[0-9a-f-]{36}\?envoyee$/);
		requestUrl = page.url().replace(/\?envoyee$/, '');
		const main = await page.textContent('main');
		expect(main).toContain('Votre demande est envoyée');
		expect(main).toContain('Reçue');

		await expect
			.poll(async () => (await emailsTo(partner.email)).map((e) => e.subject))
			.toContain(`Demande reçue : « ${name} »`);
		expect(errors).toEqual([]);
		expect(outsideRequests).toEqual([]);
	});

	it('is approved by a moderator, then shows on the map, in the list and in search', async () => {
		const { page, errors } = await watchedPage(browser);
		await signIn(page, moderator, /\/(espace|compte)$/);
		await page.goto(`${baseUrl}/moderation`);
		await page.getByRole('link', { name }).click();
		await page.waitForURL(/\/moderation\/[0-9a-f-]{36}$/);
		expect(await page.getByTestId('diff').textContent()).toContain('20 rue Condorcet');
		await page.getByRole('button', { name: 'Prendre en charge' }).click();
		await expect.poll(() => page.textContent('main')).toContain('Vous examinez cette demande');
		await page.getByLabel('Message au demandeur (facultatif)').fill('Bienvenue sur la carte !');
		await page.getByRole('button', { name: 'Approuver et publier' }).click();
		await expect.poll(() => page.textContent('main')).toContain('Demande approuvée et appliquée');

		const id = await page.evaluate(async (wanted) => {
			const response = await fetch(`/api/v1/structures.geojson?format=light&territory=com:21231`);
			const collection = (await response.json()) as {
				features: { properties: { id: string; name: string } }[];
			};
			return collection.features.find((f) => f.properties.name === wanted)?.properties.id ?? null;
		}, name);
		expect(id).toBeTruthy();

		const list = await fetch(
			`${baseUrl}/api/v1/structures?territory=com:21231&category=fablab-tiers-lieu&limit=200`
		).then((r) => r.json() as Promise<{ items: { id: string; name: string }[] }>);
		expect(list.items.map((s) => s.id)).toContain(id);
		await page.goto(`${baseUrl}/?territory=com:21231&category=fablab-tiers-lieu&vue=liste`);
		expect(await page.getByTestId('structure-list').textContent()).toContain(name);

		const search = await fetch(
			`${baseUrl}/api/v1/search?q=${encodeURIComponent(`parcours ${stamp}`)}`
		).then((r) => r.json() as Promise<{ hits: { id: string }[] }>);
		expect(search.hits.map((h) => h.id)).toContain(id);
		expect(errors).toEqual([]);
	});

	it('tells the applicant, who sees the published status and the link to the fiche', async () => {
		const { page, errors } = await watchedPage(browser);
		await signIn(page, partner, /\/(espace|compte)$/);
		await page.goto(requestUrl);
		const main = await page.textContent('main');
		expect(main).toContain('Demande acceptée : la fiche est publiée.');
		expect(main).toContain('Bienvenue sur la carte !');
		await page.getByRole('link', { name: 'Voir la fiche publiée' }).click();
		await page.waitForURL(/\/structures\//);
		expect(await page.textContent('h1')).toBe(name);
		expect(await page.textContent('main')).toContain('Camille Animatrice');
		await expect
			.poll(async () => (await emailsTo(partner.email)).map((e) => e.subject))
			.toContain(`Demande acceptée : « ${name} »`);
		expect(errors).toEqual([]);
	});
});
