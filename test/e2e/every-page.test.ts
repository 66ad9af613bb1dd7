import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeZone } from '../../src/lib/domain/zone-code';
import { baseUrl, launch } from './browser';
import { structurePage } from './fixtures/api';
import { createUser, submitSignIn, type Account } from './fixtures/users';
import { layoutOverflow, overflows, seriousViolations, unfold } from './pages/layout';

/**
 * Every page, as each kind of user reaches it (visitor, partner, regional staff, admin), with
 * real content (a draft at each step, a sent request, a report, contacts of a territory, a
 * radius and a drawn zone): no content wider than the screen at 320, 390 and 1 280 px (WCAG
 * 1.4.10), nothing below the footer, and no serious axe-core violation on a phone — which is
 * what the accessibility statement says was checked.
 */

type Who = 'visitor' | 'partner' | 'moderator' | 'admin';
const stamp = Date.now();
const accounts: Record<Exclude<Who, 'visitor'>, Account> = {
	partner: { email: `pages-p-${stamp}@exemple.fr`, password: 'une phrase de passe partenaire' },
	moderator: { email: `pages-m-${stamp}@exemple.fr`, password: 'une phrase de passe moderation' },
	admin: { email: `pages-a-${stamp}@exemple.fr`, password: 'une phrase de passe administration' }
};
const WIDTHS = [
	{ width: 320, height: 640 },
	{ width: 390, height: 844 },
	{ width: 1280, height: 800 }
];
const zone = encodeZone({
	type: 'Polygon',
	coordinates: [
		[
			[4.9, 47.2],
			[5.15, 47.2],
			[5.15, 47.4],
			[4.9, 47.4],
			[4.9, 47.2]
		]
	]
});

let browser: Browser;
let slug: string;
let draft: string;
let sent: string;
let report: string;

const next = (page: Page) => page.getByRole('button', { name: 'Enregistrer et continuer' }).click();

async function signedIn(who: Who, viewport: { width: number; height: number }) {
	const context = await browser.newContext({ viewport, locale: 'fr-FR' });
	if (who !== 'visitor') {
		const page = await context.newPage();
		await page.goto(`${baseUrl}/compte/connexion`);
		await submitSignIn(page, accounts[who]);
		await page.waitForURL((url) => !url.pathname.startsWith('/compte/connexion'));
		await page.close();
	}
	return context;
}

/** A partner's request through the form: a draft left at its second step, and one sent. */
async function register(context: BrowserContext, name: string, send: boolean): Promise<string> {
	const page = await context.newPage();
	await page.goto(`${baseUrl}/espace/inscrire`);
	await page.getByLabel('Nom de la structure').fill(name);
	await page.getByLabel('Catégorie principale').selectOption('fablab-tiers-lieu');
	await next(page);
	await page.waitForURL(/\/identifiants$/);
	const id = /demandes\/([0-9a-f-]{36})/.exec(page.url())![1]!;
	if (send) {
		await next(page);
		await page.waitForURL(/\/adresse$/);
		await page.locator('#adresse-recherche').waitFor({ timeout: 90_000 });
		await page.getByLabel('Rechercher l’adresse').fill('12 rue des Arènes Dole');
		await page
			.getByRole('option', { name: /39100 Dole/ })
			.first()
			.click();
		await next(page);
		await page.waitForURL(/\/programmes$/);
		await next(page);
		await page.waitForURL(/\/contacts$/);
		await page.locator('#champ-consent').check({ force: true });
		await next(page);
		await page.waitForURL(/\/envoi$/);
		await page.getByRole('button', { name: 'Envoyer la demande' }).click();
		await page.waitForURL(/\?envoyee$/);
	}
	await page.close();
	return id;
}

beforeAll(async () => {
	createUser(accounts.partner, 'partner', 'Paule Partenaire');
	createUser(accounts.moderator, 'moderator', 'Marc Modère');
	createUser(accounts.admin, 'admin', 'Ada Admin');
	const [launched, first] = await Promise.all([launch(), structurePage('', 1)]);
	browser = launched;
	slug = first.items[0]!.slug;
	const partner = await signedIn('partner', WIDTHS[2]!);
	try {
		draft = await register(partner, `Tiers-lieu en cours ${stamp}`, false);
		sent = await register(
			partner,
			`Tiers-lieu numérique intercommunal de la communauté de communes du Val de Saône et de la Vingeanne ${stamp}`,
			true
		);
		const page = await partner.newPage();
		await page.goto(`${baseUrl}/structures/${slug}/signaler`);
		await page.getByLabel('La structure a fermé').check({ force: true });
		await page.getByLabel('Votre message').fill(`Fermée, vue sur place (${stamp}).`);
		await page.getByRole('button', { name: 'Envoyer le signalement' }).click();
		await page.waitForURL(/\/signaler\?envoye/);
	} finally {
		await partner.close();
	}
	const staff = await signedIn('moderator', WIDTHS[2]!);
	try {
		const page = await staff.newPage();
		await page.goto(`${baseUrl}/moderation/signalements`);
		const link = page.locator('a[href^="/moderation/signalements/"]').first();
		report = (await link.getAttribute('href'))!.split('/').pop()!;
	} finally {
		await staff.close();
	}
}, 300_000);

afterAll(async () => {
	await browser?.close();
});

/** Every page, by who opens it; `prepare` brings the page to the state worth checking. */
const pages = (): { who: Who; path: string; prepare?: (page: Page) => Promise<unknown> }[] => [
	{ who: 'visitor', path: '/programmes/1' },
	{ who: 'visitor', path: '/programmes/6' },
	{ who: 'visitor', path: '/territoires/dep:21' },
	{ who: 'visitor', path: '/territoires/com:21231' },
	{ who: 'visitor', path: `/structures/${slug}/signaler` },
	{ who: 'visitor', path: '/compte/connexion' },
	{ who: 'visitor', path: '/compte/inscription' },
	{ who: 'visitor', path: '/donnees' },
	{ who: 'visitor', path: '/sources' },
	{ who: 'visitor', path: '/donnees-personnelles' },
	{ who: 'visitor', path: '/mentions-legales' },
	{ who: 'visitor', path: '/plan-du-site' },
	{ who: 'visitor', path: '/integrer' },
	{ who: 'visitor', path: '/carte/integree' },
	{ who: 'partner', path: '/espace' },
	{ who: 'partner', path: '/compte' },
	{
		who: 'partner',
		path: '/espace/inscrire',
		// The form refused: its error summary is laid out too.
		prepare: async (page) => {
			await next(page);
			await page.getByTestId('error-summary').waitFor();
		}
	},
	...['identifiants', 'adresse', 'programmes', 'contacts', 'envoi'].map((step) => ({
		who: 'partner' as const,
		path: `/espace/demandes/${draft}/${step}`
	})),
	{ who: 'partner', path: `/espace/demandes/${sent}` },
	{ who: 'moderator', path: '/moderation' },
	{ who: 'moderator', path: `/moderation/${sent}` },
	{ who: 'moderator', path: '/moderation/signalements' },
	{ who: 'moderator', path: `/moderation/signalements/${report}` },
	{ who: 'moderator', path: '/moderation/imports' },
	{ who: 'moderator', path: '/moderation/fraicheur' },
	{ who: 'moderator', path: '/contacts?territory=dep:21' },
	{ who: 'moderator', path: '/contacts?mode=rayon&centre=Dijon&km=5' },
	{ who: 'moderator', path: `/contacts?mode=zone&zone=${zone}` },
	{ who: 'moderator', path: '/contacts/couverture?categorie=college&km=15' },
	{ who: 'moderator', path: '/contacts/ici' },
	{ who: 'admin', path: '/admin/utilisateurs' }
];

describe('every page, for each kind of user', () => {
	for (const viewport of WIDTHS) {
		const phone = viewport.width === 390;
		it(`fits ${viewport.width} px wide${phone ? ', with no serious axe-core violation' : ''}`, async () => {
			const contexts = new Map<Who, BrowserContext>();
			try {
				const found: Record<string, unknown> = {};
				for (const { who, path, prepare } of pages()) {
					if (!contexts.has(who)) contexts.set(who, await signedIn(who, viewport));
					const page = await contexts.get(who)!.newPage();
					const errors: string[] = [];
					page.on('pageerror', (error) => errors.push(String(error)));
					try {
						const response = await page.goto(`${baseUrl}${path}`, { waitUntil: 'networkidle' });
						await prepare?.(page);
						await unfold(page);
						const measured = await layoutOverflow(page);
						const problems = [
							...(response?.ok() ? [] : [`HTTP ${response?.status()}`]),
							...(overflows(measured) ? [JSON.stringify(measured)] : []),
							...(phone ? await seriousViolations(page) : []),
							...errors
						];
						if (problems.length) found[`${who} ${path}`] = problems;
					} finally {
						await page.close();
					}
				}
				expect(found).toEqual({});
			} finally {
				for (const context of contexts.values()) await context.close();
			}
		}, 600_000);
	}
});
