import { existsSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createViteServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyFilters } from '../../src/lib/domain/structure-filters';
import * as sessions from '../../src/lib/server/auth/sessions';
import type { Sql } from '../../src/lib/server/db';
import * as search from '../../src/lib/server/search';
import { documentRows, toDocument } from '../../src/lib/server/search/document';
import { freshDatabase } from '../helpers/database';
import { seedRealSchools, seedRealTerritories } from './contacts-fixtures';
import { insertStructure, seedReference } from './structures-fixtures';

/**
 * The privacy crawl: structures registered with staff-only contacts, then every public
 * surface that could show them — the public API (list, detail by id and slug, GeoJSON, light
 * features, programmes, territories), the search index documents and search results, the
 * map tiles, and the HTML of the structure, territory and programme pages rendered by the
 * real SvelteKit app — is fetched anonymously and as a signed-in partner. None may contain a
 * staff-only name, e-mail or phone number (in any spacing). Public contacts of the same
 * structures must appear, so that the crawl is known to look at the right pages.
 */

const SECRETS = [
	{
		name: 'Dominique Confidentiel',
		email: 'dominique.confidentiel@prive.test',
		phone: '06 11 22 33 44'
	},
	{ name: 'Camille Réservée', email: 'camille.reservee@prive.test', phone: '+33 7 55 66 77 88' },
	{ name: 'Sacha Interne', email: 'sacha.interne@prive.test', phone: '03.80.99.88.77' }
];
const PUBLIC_CONTACT = { name: 'Accueil public', email: 'accueil.public@ouvert.test' };

let sql: Sql;
let vite: ViteDevServer;
let http: Server;
let base: string;
let partnerCookie: string;
const registered: { id: string; slug: string; lon: number; lat: number }[] = [];

/** The staff-only names, e-mails and phone numbers (national or international, any spacing) in a text. */
function leaks(text: string): string[] {
	const compact = text.replace(/[\s.\-\u00a0\u202f]/g, '');
	return SECRETS.flatMap((s) => {
		const national = s.phone.replace(/\D/g, '').replace(/^33/, '0');
		return [
			text.includes(s.email) ? s.email : null,
			text.includes(s.name) ? s.name : null,
			compact.includes(national) || compact.includes(`33${national.slice(1)}`) ? s.phone : null
		].filter((found): found is string => found !== null);
	});
}

/** The slippy-map tile holding a point at a zoom. */
function tileOf(lon: number, lat: number, z: number) {
	const n = 2 ** z;
	const rad = (lat * Math.PI) / 180;
	return {
		x: Math.floor(((lon + 180) / 360) * n),
		y: Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n)
	};
}

async function fetchText(path: string, cookie?: string): Promise<{ status: number; text: string }> {
	const response = await fetch(`${base}${path}`, {
		headers: cookie ? { cookie } : {},
		redirect: 'manual'
	});
	const bytes = Buffer.from(await response.arrayBuffer());
	// Tiles are protobuf: their strings are stored as raw UTF-8, so a byte search finds them.
	return { status: response.status, text: bytes.toString('utf8') };
}

beforeAll(async () => {
	sql = await freshDatabase();
	await seedReference(sql);
	await seedRealTerritories(sql);
	await seedRealSchools(sql);
	const places = [
		{
			name: 'Fablab confidentiel de Dijon',
			categories: ['fablab-tiers-lieu'],
			lon: 5.0415,
			lat: 47.3216,
			commune: '21231'
		},
		{
			name: 'Point visio de Besançon',
			categories: ['point-visio', 'canope'],
			lon: 6.0186,
			lat: 47.2442,
			commune: '25056'
		},
		{
			name: 'Association numérique de Nevers',
			categories: ['association'],
			lon: 3.1597,
			lat: 46.9896,
			commune: '58194'
		}
	] as const;
	for (const [i, place] of places.entries()) {
		const slug = `prive-${i}`;
		const id = await insertStructure(sql, {
			...place,
			categories: [...place.categories],
			slug,
			programmes: [[1, 'partenaire']]
		});
		registered.push({ id, slug, lon: place.lon, lat: place.lat });
		const secret = SECRETS[i]!;
		await sql`insert into contacts (structure_id, name, role, email, phone, visibility) values
			(${id}, ${secret.name}, 'Référent numérique', ${secret.email}, ${secret.phone}, 'staff'),
			(${id}, ${PUBLIC_CONTACT.name}, 'Standard', ${PUBLIC_CONTACT.email}, null, 'public')`;
	}
	const [partner] = await sql<{ id: string }[]>`
		insert into users (email, password_hash, role, email_verified_at)
		values ('partenaire@prive.test', 'x', 'partner', now()) returning id`;
	const { token } = await sessions.create(partner!.id);
	partnerCookie = `session=${token}`;

	// The real app, rendered by SvelteKit in this process on the test schema (the app's pool
	// is the one freshDatabase() installed; nothing to import on start).
	process.env.AUTO_IMPORT = 'false';
	vite = await createViteServer({
		server: { middlewareMode: true, hmr: false, watch: null },
		appType: 'custom',
		logLevel: 'error'
	});
	http = createHttpServer(vite.middlewares);
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
}, 240_000);

afterAll(async () => {
	http?.close();
	await vite?.close();
});

describe('privacy crawl: staff-only contacts never leave the staff tool', () => {
	it('the public API shows public contacts and no staff-only one', async () => {
		const paths = [
			'/api/v1/structures?limit=500',
			'/api/v1/structures?limit=500&category=fablab-tiers-lieu,point-visio,association',
			'/api/v1/structures.geojson?limit=500&territory=com:21231',
			'/api/v1/structures?format=light',
			'/api/v1/programmes/1',
			'/api/v1/territories/com:21231',
			...registered.flatMap((s) => [`/api/v1/structures/${s.id}`, `/api/v1/structures/${s.slug}`])
		];
		if (existsSync('src/routes/api/v1/search'))
			paths.push('/api/v1/search?q=prive', '/api/v1/search?q=confidentiel');
		for (const cookie of [undefined, partnerCookie]) {
			for (const path of paths) {
				const { status, text } = await fetchText(path, cookie);
				expect(status, path).toBe(200);
				expect(leaks(text), path).toEqual([]);
			}
			const detail = await fetchText(`/api/v1/structures/${registered[0]!.slug}`, cookie);
			expect(detail.text).toContain(PUBLIC_CONTACT.email);
		}
	});

	it('structure, territory, programme and home pages (HTML) show no staff-only contact', async () => {
		const pages = [
			'/',
			'/programmes/1',
			'/territoires/com:21231',
			'/territoires/dep:25',
			...registered.map((s) => `/structures/${s.slug}`)
		];
		if (existsSync('src/routes/recherche')) pages.push('/recherche?q=confidentiel');
		for (const cookie of [undefined, partnerCookie]) {
			for (const path of pages) {
				const { status, text } = await fetchText(path, cookie);
				expect(status, path).toBe(200);
				expect(leaks(text), path).toEqual([]);
			}
			const page = await fetchText(`/structures/${registered[1]!.slug}`, cookie);
			expect(page.text).toContain('Point visio de Besançon');
			expect(page.text).toContain(PUBLIC_CONTACT.email);
		}
	});

	it('the staff tool itself is closed to anonymous visitors and partners', async () => {
		const anonymousPage = await fetchText('/contacts?territory=com:21231');
		expect([303, 302, 307]).toContain(anonymousPage.status);
		expect(leaks(anonymousPage.text)).toEqual([]);
		const partnerPage = await fetchText('/contacts?territory=com:21231', partnerCookie);
		expect(partnerPage.status).toBe(403);
		expect(leaks(partnerPage.text)).toEqual([]);
		for (const path of [
			'/api/v1/contacts?territory=com:21231',
			'/api/v1/contacts/export?territory=com:21231'
		]) {
			expect((await fetchText(path)).status).toBe(401);
			const partner = await fetchText(path, partnerCookie);
			expect(partner.status).toBe(403);
			expect(leaks(partner.text)).toEqual([]);
		}
	});

	it('map tiles around the structures carry no staff-only contact', async () => {
		for (const s of registered) {
			for (const z of [6, 9, 12]) {
				const { x, y } = tileOf(s.lon, s.lat, z);
				const { status, text } = await fetchText(`/tiles/boundaries/${z}/${x}/${y}.mvt`);
				expect(status).toBe(200);
				expect(leaks(text), `${z}/${x}/${y}`).toEqual([]);
			}
		}
	});

	it('search documents and search results carry no staff-only contact', async () => {
		const documents = (await documentRows(sql, { ids: registered.map((s) => s.id) })).map(
			toDocument
		);
		expect(documents).toHaveLength(registered.length);
		expect(leaks(JSON.stringify(documents))).toEqual([]);
		for (const q of ['confidentiel', 'Dominique', 'prive.test', 'Besançon']) {
			const result = await search.search(search.searchQuery({ ...emptyFilters(), q }), {
				engine: 'postgres'
			});
			expect(leaks(JSON.stringify(result)), q).toEqual([]);
		}
	});
});
