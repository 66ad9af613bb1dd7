import { beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/lib/server/db';
import { decodeZone } from '../../src/lib/domain/zone-code';
import { contactsPage, zoneLink, type ContactsPage } from '../../src/lib/server/contacts/page';
import { GET as list, POST as listPolygon } from '../../src/routes/api/v1/contacts/+server';
import { freshDatabase } from '../helpers/database';
import { insertAccount } from '../helpers/handlers';
import { outlineOf, seedRealSchools, seedRealTerritories } from './contacts-fixtures';
import { seedReference } from './structures-fixtures';

/**
 * The page /contacts and /api/v1/contacts call one look-up: same structures for the same
 * area, each look audited once. A drawn zone lives in the page's link: reloading or sharing
 * the link gives the same results.
 */
const ORIGIN = 'http://cartonum.test';
let sql: Sql;
let moderator: NonNullable<App.Locals['user']>;
let dijonOutline: unknown;

beforeAll(async () => {
	sql = await freshDatabase();
	await seedReference(sql);
	await seedRealTerritories(sql);
	await seedRealSchools(sql);
	moderator = await insertAccount(sql, 'moderator');
	dijonOutline = await outlineOf(sql, 'com:21231', 0.002, 6);
});

async function api(
	path: string,
	body?: unknown
): Promise<{ items: { id: string }[]; total: number }> {
	const url = new URL(path, ORIGIN);
	const request = new Request(url, {
		method: body ? 'POST' : 'GET',
		body: body ? JSON.stringify(body) : undefined,
		headers: body
			? { 'content-type': 'application/json', origin: ORIGIN, 'sec-fetch-site': 'same-origin' }
			: {}
	});
	const locals = { user: moderator, session: null, requestPath: url.pathname };
	const response = await (body ? listPolygon : list)({ url, request, locals } as never);
	expect(response.status).toBe(200);
	return response.json();
}

async function page(search: string): Promise<ContactsPage> {
	const result = await contactsPage(moderator, new URLSearchParams(search));
	if ('redirect' in result) throw new Error(`unexpected redirect ${JSON.stringify(result)}`);
	return result;
}

const audits = async () =>
	(
		await sql<
			{ n: number }[]
		>`select count(*)::int as n from audit_log where action = 'contacts.list'`
	)[0]!.n;

function form(entries: [string, string][]): FormData {
	const data = new FormData();
	for (const [name, value] of entries) data.append(name, value);
	return data;
}

describe('one look-up for the page and the API', () => {
	it('gives the same structures for a territory, and audits each look once', async () => {
		const before = await audits();
		const shown = await page('territory=com:21231&category=college,lycee');
		const answered = await api('/api/v1/contacts?territory=com:21231&category=college,lycee');
		expect(shown.results?.ok).toBe(true);
		if (!shown.results?.ok) return;
		expect(shown.results.total).toBeGreaterThan(5);
		expect(shown.results.items.map((s) => s.id)).toEqual(answered.items.map((s) => s.id));
		expect(shown.results.total).toBe(answered.total);
		expect(shown.results.summary.byCategory.map((c) => c.category).sort()).toEqual(
			[...new Set(shown.results.items.map((s) => s.categories[0]))].sort()
		);
		expect(await audits()).toBe(before + 2);
	});
});

describe('a drawn zone in the link', () => {
	it('turns the posted zone into a link whose results match the API’s for that polygon', async () => {
		const posted = zoneLink(
			form([
				['polygon', JSON.stringify(dijonOutline)],
				['category', 'college'],
				['category', 'lycee']
			])
		);
		expect(posted.ok).toBe(true);
		if (!posted.ok) return;
		expect(posted.params.get('mode')).toBe('zone');
		expect(posted.params.get('category')).toBe('college,lycee');
		const withFacts = zoneLink(
			form([
				['polygon', JSON.stringify(dijonOutline)],
				['sector', 'public'],
				['level', '']
			])
		);
		expect(withFacts.ok && withFacts.params.get('sector')).toBe('public');
		expect(withFacts.ok && withFacts.params.has('level')).toBe(false);
		const link = posted.params.toString();
		expect(link.length).toBeLessThan(3000);

		const first = await page(link);
		const reloaded = await page(link);
		const zone = decodeZone(posted.params.get('zone')!);
		expect(zone.ok).toBe(true);
		if (!zone.ok || !first.results?.ok || !reloaded.results?.ok) throw new Error('no results');
		const answered = await api('/api/v1/contacts?category=college,lycee', zone.value);
		expect(first.results.total).toBeGreaterThan(3);
		expect(first.results.items.map((s) => s.id)).toEqual(answered.items.map((s) => s.id));
		expect(reloaded.results.items.map((s) => s.id)).toEqual(first.results.items.map((s) => s.id));
		// The form shows the zone and the filters back.
		expect(first.mode).toBe('zone');
		expect(JSON.parse(first.query.polygon)).toEqual(zone.value);
		expect(first.query.categories).toEqual(['college', 'lycee']);
	});

	it('refuses a damaged or oversized zone link in French, and looks nothing up', async () => {
		const posted = zoneLink(form([['polygon', JSON.stringify(dijonOutline)]]));
		if (!posted.ok) throw new Error(posted.message);
		const code = posted.params.get('zone')!;
		const before = await audits();
		for (const zone of [code.slice(0, -6), `${code}AB`, 'x'.repeat(7000), '%%%']) {
			const shown = await page(new URLSearchParams({ mode: 'zone', zone }).toString());
			expect(shown.results).toBeNull();
			expect(shown.message).toMatch(/^Le lien de la zone est /);
		}
		expect(await audits()).toBe(before);
	});

	it('refuses an invalid posted zone with its reason, keeping what was typed', async () => {
		const typed = '{"type":"Polygon","coordinates":[[[5,47],[5.1,47.1],[5.1,47],[5,47.1],[5,47]]]}';
		const refused = zoneLink(
			form([
				['polygon', typed],
				['category', 'ecole']
			])
		);
		expect(refused.ok).toBe(false);
		if (refused.ok) return;
		expect(refused.message).toMatch(/se recoupe/);
		expect(refused.polygon).toBe(typed);
		expect(refused.query.categories).toEqual(['ecole']);
		const empty = zoneLink(form([['polygon', '']]));
		expect(!empty.ok && empty.message).toMatch(/^Aucun polygone/);
	});
});
