import { beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/lib/server/db';
import {
	GET as exportGet,
	POST as exportPost
} from '../../src/routes/api/v1/contacts/export/+server';
import { callHandler as call, ORIGIN } from '../helpers/handlers';
import { contactsApiDatabase } from './contacts-fixtures';

/**
 * /api/v1/contacts/export: CSV for French spreadsheets, vCards, public GeoJSON, a drawn
 * polygon posted by the page's form; staff only and audited (fixtures: contacts-fixtures.ts).
 */
let sql: Sql;
let users: Awaited<ReturnType<typeof contactsApiDatabase>>['users'];
let dijonOutline: unknown;

beforeAll(async () => {
	({ sql, users, dijonOutline } = await contactsApiDatabase());
});

describe('exports', () => {
	it('exports CSV for French spreadsheets, logged with the row count', async () => {
		const response = await call(
			exportGet,
			'/api/v1/contacts/export?territory=com:21231&format=csv&category=fablab-tiers-lieu',
			{
				user: users.moderator
			}
		);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(response.headers.get('content-disposition')).toMatch(
			/^attachment; filename="contacts-com-21231-\d{4}-\d{2}-\d{2}\.csv"$/
		);
		const bytes = new Uint8Array(await response.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const lines = new TextDecoder()
			.decode(bytes)
			.replace(/^\uFEFF/, '')
			.trimEnd()
			.split('\r\n');
		expect(lines).toHaveLength(2);
		expect(lines[1]).toMatch(
			/^"'=Fablab « Dijon » ; test";Fablab ou tiers-lieu;Dijon;21231;21;;;Sacha Secret;Référent, numérique;sacha\.secret@fablab\.test;06 12 34 56 78;Personnel uniquement;/
		);
		const [audit] = await sql<{ details: { rows: number; format: string } }[]>`
			select details from audit_log where action = 'contacts.export' order by id desc limit 1`;
		expect(audit!.details).toMatchObject({ rows: 1, format: 'csv', territory: 'com:21231' });
	});

	it('exports vCards and public GeoJSON, and refuses other formats', async () => {
		const vcf = await call(
			exportGet,
			'/api/v1/contacts/export?territory=com:21231&format=vcf&category=fablab-tiers-lieu',
			{
				user: users.moderator
			}
		);
		const cards = await vcf.text();
		expect(cards.match(/BEGIN:VCARD/g)).toHaveLength(1);
		expect(cards).toContain('TITLE:Référent\\, numérique\r\n');
		const geo = await call(
			exportGet,
			'/api/v1/contacts/export?territory=com:21231&format=geojson',
			{
				user: users.moderator
			}
		);
		expect(geo.headers.get('content-type')).toBe('application/geo+json; charset=utf-8');
		const text = await geo.text();
		expect(text).not.toContain('sacha');
		expect(JSON.parse(text).features.length).toBeGreaterThan(5);
		const bad = await call(exportGet, '/api/v1/contacts/export?territory=com:21231&format=xlsx', {
			user: users.moderator
		});
		expect(bad.status).toBe(400);
		expect((await bad.json()).error.parameter).toBe('format');
		const partner = await call(exportGet, '/api/v1/contacts/export?territory=com:21231', {
			user: users.partner
		});
		expect(partner.status).toBe(403);
	});

	it('exports a drawn polygon posted by the page’s form (no JavaScript needed)', async () => {
		const body = new URLSearchParams({ polygon: JSON.stringify(dijonOutline) }).toString();
		const response = await call(
			exportPost,
			'/api/v1/contacts/export?format=csv&category=fablab-tiers-lieu',
			{
				user: users.moderator,
				method: 'POST',
				body,
				headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN }
			}
		);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-disposition')).toMatch(/filename="contacts-polygone-/);
		expect(await response.text()).toContain('sacha.secret@fablab.test');
	});
});
