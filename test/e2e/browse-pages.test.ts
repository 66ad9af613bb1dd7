import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/lib/domain/categories';
import { launch, watchedPage } from './browser';
import { apiJson, structurePage, total } from './fixtures/api';
import { ContentPage } from './pages/content-page';
import { EXPECTED_BASICS, pageBasics } from './pages/page-basics';

interface StructureDetail {
	id: string;
	slug: string;
	name: string;
	categories: string[];
	commune: { code: string; name: string } | null;
	address: { street: string | null; postcode: string | null };
	identifiers: Record<string, string>;
	location_precision: 'exact' | 'approximate';
	programmes: { number: number; title: string; role: string }[];
	dataset: { title: string; licence: string; attribution: string } | null;
}

interface ProgrammeDetail {
	number: number;
	title: string;
	summary: string;
	axis: { code: string; kind: string; number: number; title: string };
	structure_count: number;
	structures: { slug: string; name: string; role: string }[];
}

const ROLE_LABELS: Record<string, string> = {
	'feuille-de-route': 'identifié par la feuille de route',
	porteur: 'porteur',
	partenaire: 'partenaire',
	'site-accueil': 'site d’accueil',
	contributeur: 'contributeur'
};

const label = (code: string) => CATEGORIES.find((c) => c.code === code)!.label;

let browser: Browser;

beforeAll(async () => {
	browser = await launch();
});

afterAll(async () => {
	await browser?.close();
});

/** The first structure of a query whose details satisfy `wanted`. */
async function firstStructure(
	query: string,
	wanted: (detail: StructureDetail) => boolean
): Promise<StructureDetail> {
	for (const item of (await structurePage(query, 100)).items) {
		const detail = await apiJson<StructureDetail>(`/api/v1/structures/${item.id}`);
		if (wanted(detail)) return detail;
	}
	throw new Error(`no structure of « ${query} » fits`);
}

describe('structure, programme and territory pages', () => {
	it('shows a school: categories, address, UAI, programmes with role, precision, source', async () => {
		const { page, errors, outsideRequests } = await watchedPage(browser);
		const view = new ContentPage(page);
		const school = await firstStructure(
			'category=college&territory=dep:25',
			(s) => s.location_precision === 'exact' && s.programmes.length > 0 && !!s.address.street
		);

		await view.goto(`/structures/${school.slug}`);
		expect(await pageBasics(page)).toEqual(EXPECTED_BASICS);
		expect(await view.h1()).toBe(school.name);
		const tags = (await view.main.locator('.fr-tags-group .fr-tag').allTextContents()).map((t) =>
			t.trim()
		);
		expect(tags).toEqual(school.categories.map(label));

		const address = await view.definition('Adresse');
		expect(address).toContain(school.address.street!);
		expect(address).toContain(`${school.address.postcode} ${school.commune!.name}`);
		expect(await view.definition('UAI')).toContain(school.identifiers.uai!);

		expect(await view.listAfter('Programmes de la feuille de route')).toEqual(
			school.programmes.map(
				(p) => `Programme ${p.number} : ${p.title} — ${ROLE_LABELS[p.role] ?? p.role}`
			)
		);
		const localisation = await view.sectionText('Localisation');
		expect(localisation).toContain('Position exacte');
		const origin = await view.sectionText('Origine des données');
		expect(origin).toContain(school.dataset!.title);
		expect(origin).toContain(`Licence : ${school.dataset!.licence}`);
		expect(origin).toContain(school.dataset!.attribution);
		await view.miniMapLoaded();
		expect(view.failedResponses).toEqual([]);
		expect(errors).toEqual([]);
		expect(outsideRequests).toEqual([]);
	});

	it('says when a position is approximate', async () => {
		const { page, errors, outsideRequests } = await watchedPage(browser);
		const view = new ContentPage(page);
		const placed = await firstStructure(
			'category=mediation-numerique&territory=dep:25',
			(s) => s.location_precision === 'approximate'
		);
		await view.goto(`/structures/${placed.slug}`);
		expect(await pageBasics(page)).toEqual(EXPECTED_BASICS);
		expect(await view.h1()).toBe(placed.name);
		const localisation = await view.sectionText('Localisation');
		expect(localisation).toContain('Position approximative');
		expect(localisation).not.toContain('Position exacte');
		await view.miniMapLoaded();
		expect(view.failedResponses).toEqual([]);
		expect(errors).toEqual([]);
		expect(outsideRequests).toEqual([]);
	});

	it('shows a programme: its axis, and its contributing structures with their roles', async () => {
		const { page, errors, outsideRequests } = await watchedPage(browser);
		const view = new ContentPage(page);

		// A programme no structure is linked to yet (other journeys may link some, e.g. by
		// registering a structure): its page says so.
		const { items } = await apiJson<{ items: { number: number; structure_count: number }[] }>(
			'/api/v1/programmes'
		);
		const empty = items.find((p) => p.structure_count === 0);
		expect(empty, 'the roadmap leaves some programmes without structures').toBeDefined();
		const unlinked = await apiJson<ProgrammeDetail>(`/api/v1/programmes/${empty!.number}`);
		expect(unlinked.structure_count).toBe(0);
		await view.goto(`/programmes/${unlinked.number}`);
		expect(await pageBasics(page)).toEqual(EXPECTED_BASICS);
		expect(await view.h1()).toBe(`Programme ${unlinked.number} : ${unlinked.title}`);
		const axis = `Axe ${unlinked.axis.kind} ${unlinked.axis.number} : ${unlinked.axis.title}`;
		expect(await view.main.getByRole('link', { name: axis }).count()).toBe(1);
		expect(await view.sectionText('Structures contributrices')).toContain(
			'Aucune structure n’est encore rattachée à ce programme.'
		);

		const two = await apiJson<ProgrammeDetail>('/api/v1/programmes/2');
		expect(two.structure_count).toBeGreaterThan(0);
		await view.goto('/programmes/2');
		expect(await pageBasics(page)).toEqual(EXPECTED_BASICS);
		expect(await view.h1()).toBe(`Programme 2 : ${two.title}`);
		const contributors = await view.sectionText('Structures contributrices');
		expect(contributors).toContain(
			`${two.structure_count} ${two.structure_count > 1 ? 'structures contribuent' : 'structure contribue'}`
		);
		const rows = await view.table('Structures contributrices du programme 2');
		expect(rows.map(([name, , , role]) => [name, role])).toEqual(
			two.structures.map((s) => [s.name, ROLE_LABELS[s.role]])
		);
		await view.miniMapLoaded();
		expect(view.failedResponses).toEqual([]);
		expect(errors).toEqual([]);
		expect(outsideRequests).toEqual([]);
	});

	it('shows a département: counts by category, its structures, and a commune’s trail', async () => {
		const { page, errors, outsideRequests } = await watchedPage(browser);
		const view = new ContentPage(page);
		const firstPage = await structurePage('territory=dep:25');

		await view.goto('/territoires/dep:25');
		expect(await pageBasics(page)).toEqual(EXPECTED_BASICS);
		expect(await view.h1()).toBe('Doubs');
		expect(await view.sectionText('Structures par catégorie')).toContain(
			`${firstPage.total.toLocaleString('fr-FR').replace(/\s/g, ' ')} structures au total`
		);
		const counts = await view.table('Nombre de structures par catégorie');
		expect(counts.length).toBeGreaterThan(2);
		for (const [name, count] of counts) {
			const known = CATEGORIES.find((c) => c.plural === name);
			expect(known, name).toBeDefined();
			expect(Number(count!.replace(/\D/g, '')), name).toBe(
				await total(`category=${known!.code}&territory=dep:25`)
			);
		}
		const listed = await view.table('Structures — Doubs');
		expect(listed.map(([name]) => name)).toEqual(
			firstPage.items.slice(0, listed.length).map((s) => s.name)
		);
		expect(listed.length).toBeGreaterThan(10);

		await view.goto('/territoires/com:25056');
		expect(await pageBasics(page)).toEqual(EXPECTED_BASICS);
		expect(await view.h1()).toBe('Besançon');
		const trail = await view.breadcrumb();
		expect(trail[0]).toBe('Accueil');
		expect(trail).toContain('Doubs');
		expect(trail.at(-1)).toBe('Besançon');
		expect(
			await page.locator('.fr-breadcrumb a', { hasText: 'Doubs' }).getAttribute('href')
		).toMatch(/territoires\/dep:25$/);
		expect(view.failedResponses).toEqual([]);
		expect(errors).toEqual([]);
		expect(outsideRequests).toEqual([]);
	});
});
