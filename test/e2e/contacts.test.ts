import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Sql } from '../../src/lib/server/db/connection';
import { baseUrl, launch, watchedPage } from './browser';
import { createUser, submitSignIn } from './fixtures/users';

/**
 * The delegate's journey: sign in as staff, draw an area on the map, filter, see the
 * structures and their contacts, export the CSV and find the same rows in it.
 */

let browser: Browser;
let sql: Sql;
const stamp = Date.now();
const email = `dan-${stamp}@exemple.fr`;
const password = 'une phrase de passe pour la délégation';
const staffEmail = `referente-${stamp}@prive.test`;
const structureName = `Tiers-lieu du parcours ${stamp}`;

beforeAll(async () => {
	createUser({ email, password }, 'moderator', 'Délégation');
	// The app's own database (attached to the running embedded instance, or the server).
	sql = await connect({
		url: process.env.E2E_DATABASE_URL || undefined,
		dataDir: process.env.E2E_DATA_DIR ?? ''
	});
	// At the centre of the first map view (the region's extent), so that a small shape drawn
	// around the centre of the map holds it.
	const [row] = await sql<{ id: string }[]>`
		insert into structures (slug, name, category, categories, geom, status, source, phone)
		values (${`parcours-${stamp}`}, ${structureName}, 'fablab-tiers-lieu', array['fablab-tiers-lieu'],
			ST_SetSRID(ST_MakePoint(5.0, 47.31), 4326), 'published', 'registration', '03 80 00 00 01')
		returning id`;
	await sql`insert into contacts (structure_id, name, role, email, phone, visibility)
		values (${row!.id}, 'Alex Référente', 'Référente numérique', ${staffEmail}, '06 00 00 00 01', 'staff')`;
	browser = await launch();
});

afterAll(async () => {
	if (sql) {
		await sql`delete from structures where slug = ${`parcours-${stamp}`}`;
		await sql.end();
	}
	await browser?.close();
});

describe('contacts', () => {
	it('staff draw an area, filter, and export the CSV with the rows on screen', async () => {
		const { page, errors } = await watchedPage(browser);
		await page.goto(`${baseUrl}/contacts?mode=zone`);
		await page.waitForURL(/\/compte\/connexion/);
		await submitSignIn(page, { email, password });
		await page.waitForURL(/\/contacts\?mode=zone$/);

		const map = page.getByTestId('contacts-map');
		await expect.poll(() => map.locator('canvas').count(), { timeout: 30_000 }).toBe(1);
		await page.getByRole('button', { name: 'Dessiner la zone sur la carte' }).click();
		await expect
			.poll(() => page.getByRole('status').textContent(), { timeout: 30_000 })
			.toMatch(/^Dessin en cours/);
		const box = (await map.boundingBox())!;
		const cx = box.x + box.width / 2;
		const cy = box.y + box.height / 2;
		const corners: [number, number][] = [
			[-50, -40],
			[50, -40],
			[50, 40]
		];
		for (const [dx, dy] of corners) await page.mouse.click(cx + dx, cy + dy);
		await page.mouse.dblclick(cx - 50, cy + 40);
		const polygon = JSON.parse(await page.getByLabel(/Contour de la zone/).inputValue());
		expect(polygon.type).toBe('Polygon');
		expect(polygon.coordinates[0]).toHaveLength(5);

		await page
			.getByTestId('zone-form')
			.getByText('Fablabs et tiers-lieux', { exact: true })
			.click();
		// One map for the page's life: a search moves it and redraws its layers, no new canvas.
		await map.locator('canvas').evaluate((canvas) => (canvas.dataset.first = 'yes'));
		await page.getByRole('button', { name: 'Afficher les contacts de la zone' }).click();
		const results = page.getByTestId('results');
		await expect.poll(() => results.textContent(), { timeout: 30_000 }).toContain(structureName);
		await expect.poll(() => map.getAttribute('data-ready'), { timeout: 30_000 }).toBe('true');
		expect(await map.locator('canvas').getAttribute('data-first')).toBe('yes');
		await expect.poll(() => results.textContent()).toContain(staffEmail);
		const heading = await results.getByRole('heading', { level: 2 }).textContent();
		const total = Number(/: ([\d\s\u202f]+) structure/.exec(heading ?? '')![1]!.replace(/\D/g, ''));
		const names = await page
			.getByTestId('results-table')
			.locator('tbody th[scope="row"]')
			.allTextContents();
		expect(new Set(names.map((n) => n.trim())).size).toBe(total);

		// The zone lives in the link: a reload (or a colleague opening it) shows the same results.
		await page.waitForURL(/[?&]zone=[A-Za-z0-9_-]+/);
		expect(page.url()).toContain('category=fablab-tiers-lieu');
		await page.reload();
		await expect.poll(() => results.textContent(), { timeout: 30_000 }).toContain(structureName);
		expect(await results.getByRole('heading', { level: 2 }).textContent()).toBe(heading);

		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('button', { name: 'Tableur (CSV)' }).click()
		]);
		expect(download.suggestedFilename()).toMatch(/^contacts-polygone-\d{4}-\d{2}-\d{2}\.csv$/);
		const bytes = readFileSync((await download.path())!);
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const lines = bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
		expect(lines[0]!.startsWith('Structure;Catégories;Commune;')).toBe(true);
		const rows = lines.slice(1).map((line) => line.split(';'));
		const csvStructures = new Set(rows.map((cells) => cells[0]!.replace(/^"|"$/g, '')));
		expect(csvStructures).toEqual(new Set(names.map((n) => n.trim())));
		const ours = rows.filter((cells) => cells[0] === structureName);
		expect(ours.map((cells) => [cells[7], cells[9], cells[11]])).toEqual([
			['Contact établissement', '', 'Public'],
			['Alex Référente', staffEmail, 'Personnel uniquement']
		]);
		expect(errors).toEqual([]);
	});

	it('draws the uncovered communes and follows a new distance on the same map', async () => {
		const { page, errors } = await watchedPage(browser);
		await page.goto(`${baseUrl}/contacts/couverture?categorie=fablab-tiers-lieu&km=10`);
		await page.waitForURL(/\/compte\/connexion/);
		await submitSignIn(page, { email, password });
		await page.waitForURL(/\/contacts\/couverture\?/);
		const coverage = page.getByTestId('coverage');
		const canvas = coverage
			.getByRole('region', { name: /Carte des zones blanches/ })
			.locator('canvas');
		await expect.poll(() => canvas.count(), { timeout: 30_000 }).toBe(1);
		const heading = coverage.getByRole('heading', { level: 2 });
		expect(await heading.textContent()).toContain('plus de 10 km');
		await canvas.evaluate((element) => (element.dataset.first = 'yes'));

		await page.getByLabel('Distance en kilomètres').fill('5');
		await page.getByRole('button', { name: 'Afficher les zones blanches' }).click();
		await expect.poll(() => heading.textContent(), { timeout: 30_000 }).toContain('plus de 5 km');
		expect(await canvas.getAttribute('data-first')).toBe('yes');
		expect(errors).toEqual([]);
	});

	it('keeps partners and anonymous visitors out', async () => {
		const anonymous = await fetch(`${baseUrl}/api/v1/contacts?territory=dep:21`);
		expect(anonymous.status).toBe(401);
		const page = await fetch(`${baseUrl}/contacts`, { redirect: 'manual' });
		expect(page.status).toBe(303);
		expect(page.headers.get('location')).toMatch(/^\/compte\/connexion\?redirectTo=%2Fcontacts/);
	});
});
