import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Sql } from '../../src/lib/server/db/connection';
import { baseUrl, launch, watchedPage } from './browser';
import { apiJson, type StructurePage } from './fixtures/api';
import { createUser, signIn } from './fixtures/users';

/**
 * A visitor sees how fresh a fiche is and reports it closed, without an account; a moderator
 * finds the report beside the fiche, confirms it and closes the structure; the visitor's
 * email (read from the outbox table) tells the outcome.
 */

let browser: Browser;
let db: Sql;
const stamp = Date.now();
const moderator = {
	email: `moderation-signalement-${stamp}@exemple.fr`,
	password: 'une phrase de passe moderation'
};
const visitorEmail = `visiteur-${stamp}@exemple.fr`;
const message = `Le lieu a fermé définitivement, vu sur place (${stamp}).`;
let target: { id: string; slug: string; name: string };

beforeAll(async () => {
	createUser(moderator, 'moderator', 'Marc Modère');
	db = await connect({
		url: process.env.E2E_DATABASE_URL || undefined,
		dataDir: process.env.E2E_DATA_DIR ?? ''
	});
	const page = await apiJson<StructurePage>(
		'/api/v1/structures?category=mediation-numerique&limit=5'
	);
	const item = page.items.at(-1)!;
	target = { id: item.id, slug: item.slug, name: item.name };
	browser = await launch();
});

afterAll(async () => {
	await browser?.close();
	await db?.end();
});

describe('reporting an error', () => {
	it('a visitor sees the freshness and reports a closed place, with French errors first', async () => {
		const { page, errors, outsideRequests } = await watchedPage(browser);
		await page.goto(`${baseUrl}/structures/${target.slug}`);
		expect(await page.getByTestId('freshness').textContent()).toMatch(
			/Informations confirmées (pour la dernière fois )?le \d{1,2} \S+ \d{4}/
		);
		await page.getByRole('link', { name: 'Signaler une erreur' }).click();
		await page.waitForURL(/\/signaler$/);

		await page.getByRole('button', { name: 'Envoyer le signalement' }).click();
		const summary = page.getByTestId('error-summary');
		await summary.waitFor();
		expect(await summary.textContent()).toContain('Indiquez ce qui est inexact.');
		// The summary takes the focus once the page is interactive (a refused form may come back
		// server-rendered before hydration on a loaded machine).
		await expect
			.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
			.toBe('error-summary');
		const stored = await db<{ n: number }[]>`
			select count(*)::int as n from error_reports where structure_id = ${target.id}`;
		expect(stored[0]!.n).toBe(0);

		await page.getByLabel('La structure a fermé').check({ force: true });
		await page.getByLabel('Votre message').fill(message);
		await page.getByLabel(/Votre adresse électronique/).fill(visitorEmail);
		await page.getByRole('button', { name: 'Envoyer le signalement' }).click();
		await page.waitForURL(/\/signaler\?envoye/);
		expect(await page.getByTestId('report-sent').textContent()).toContain('Merci');
		expect(errors).toEqual([]);
		expect(outsideRequests).toEqual([]);
	});

	it('a moderator resolves it beside the fiche: closed, kept in the history, reporter told', async () => {
		const { page, errors } = await watchedPage(browser);
		await signIn(page, moderator, /\/compte$/);
		await page.goto(`${baseUrl}/moderation`);
		await page.getByRole('link', { name: /Signalements d’erreurs/ }).click();
		await page.waitForURL(/\/moderation\/signalements$/);
		await page
			.getByTestId('reports')
			.getByRole('link', { name: target.name, exact: true })
			.first()
			.click();
		await page.waitForURL(/\/moderation\/signalements\/[0-9a-f-]{36}$/);
		expect(await page.textContent('main')).toContain(message);
		expect(await page.textContent('main')).toContain('La fiche publiée');

		await page.getByLabel('Erreur confirmée (fiche corrigée)').check({ force: true });
		await page.getByLabel(/Marquer la structure comme fermée/).check({ force: true });
		await page.getByLabel(/Réponse/).fill('Fermeture confirmée, merci pour votre signalement.');
		await page.getByRole('button', { name: 'Enregistrer la décision' }).click();
		await expect
			.poll(() => page.getByTestId('report-status').textContent())
			.toBe('Erreur confirmée');

		// The structure is archived, not deleted, and no longer public.
		const [structure] = await db<{ status: string }[]>`
			select status from structures where id = ${target.id}`;
		expect(structure!.status).toBe('closed');
		expect((await fetch(`${baseUrl}/structures/${target.slug}`)).status).toBe(404);
		const history = await db<{ action: string }[]>`
			select action from audit_log where entity = 'structure' and entity_id = ${target.id}`;
		expect(history.map((h) => h.action)).toEqual(
			expect.arrayContaining(['report.received', 'report.accepted', 'structure.closed'])
		);
		await expect
			.poll(
				async () =>
					(
						await db<{ body: string }[]>`
							select body from email_outbox where recipient = ${visitorEmail}`
					)[0]?.body ?? ''
			)
			.toContain('Fermeture confirmée');
		expect(errors).toEqual([]);
	});
});
