import { fromSchemaLieuDeMediationNumerique } from '@gouvfr-anct/lieux-de-mediation-numerique';
import { parse } from 'csv-parse/sync';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORY_CODES } from '../../src/lib/domain/categories';
import type { Sql } from '../../src/lib/server/db';
import { importAll } from '../../src/lib/server/import';
import { LMN_COLUMNS } from '../../src/lib/server/opendata/lmn';
import { startDevServer } from '../helpers/dev-server';
import { freshDatabase } from '../helpers/database';

/**
 * The bulk open-data files over the real regional data (imported by the real importers), plus
 * a few structures made to break things: served over HTTP by the app running in-process.
 */
let sql: Sql;
let server: ViteDevServer;
let base: string;

const FORMULAS = ['=HYPERLINK("http://evil.example")', '+33 cmd', '-2+3', '@SUM(A1)'];

beforeAll(async () => {
	sql = await freshDatabase();
	await importAll(sql);
	// Partners' structures: formula-like names, a public and a staff contact, a place without address.
	const [commune] = await sql<{ code: string; lon: number; lat: number }[]>`
		select insee_code as code, ST_X(label_point) as lon, ST_Y(label_point) as lat
		from territories where kind = 'commune' order by insee_code limit 1`;
	for (const [i, name] of FORMULAS.entries())
		await sql`insert into structures (slug, name, category, categories, commune_code, geom, source,
				address_street, postcode)
			values (${`formule-${i}`}, ${name}, 'mediation-numerique', ${['mediation-numerique']}::text[],
				${commune!.code}, ST_SetSRID(ST_MakePoint(${commune!.lon}, ${commune!.lat}), 4326),
				'registration', ${i === 0 ? null : '1 rue de la Paix'}, '21000')`;
	await sql`insert into contacts (structure_id, name, role, email, visibility)
		select id, 'Camille Publique', 'Médiatrice', 'camille@example.fr', 'public'
		from structures where slug = 'formule-1'`;
	await sql`insert into contacts (structure_id, name, email, visibility)
		select id, 'Dominique Secret', 'dominique.secret@example.fr', 'staff'
		from structures where slug = 'formule-1'`;
	({ server, base } = await startDevServer());
}, 600_000);

afterAll(async () => {
	await server?.close();
});

const BOM = '\uFEFF';

/** The first row of a query that returns one. */
const first = async <Row>(rows: Promise<Row[]>): Promise<Row> => (await rows)[0]!;

async function csvFile(path: string, init: RequestInit = {}) {
	const response = await fetch(base + path, init);
	// Response.text() would drop the byte-order mark this test looks for.
	const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
	return { response, text };
}

function rowsOf(text: string, delimiter = ';'): Record<string, string>[] {
	return parse(text, { bom: true, columns: true, delimiter, skip_empty_lines: true });
}

/** Every id the paginated JSON API lists for these filters. */
async function apiIds(query: string): Promise<{ ids: string[]; total: number }> {
	const ids: string[] = [];
	let cursor: string | null = null;
	let total = 0;
	do {
		const params = new URLSearchParams(query);
		params.set('limit', '500');
		if (cursor) params.set('cursor', cursor);
		const body = (await (await fetch(`${base}/api/v1/structures?${params}`)).json()) as {
			items: { id: string }[];
			next: string | null;
			total: number;
		};
		ids.push(...body.items.map((i) => i.id));
		total = body.total;
		cursor = body.next;
	} while (cursor);
	return { ids, total };
}

describe('GET /api/v1/structures.csv', () => {
	it('has a BOM, `;`-separated columns and one row per structure', async () => {
		const { response, text } = await csvFile('/api/v1/structures.csv');
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(response.headers.get('content-disposition')).toBe(
			'attachment; filename="structures.csv"'
		);
		expect(response.headers.get('access-control-allow-origin')).toBe('*');
		expect(response.headers.get('link')).toBe('</api/v1/licences>; rel="license"');
		expect(text.startsWith(BOM)).toBe(true);
		const header = text.slice(1, text.indexOf('\r\n')).split(';');
		expect(header).toEqual([
			'id',
			'nom',
			'categorie_principale',
			'categories',
			'adresse',
			'code_postal',
			'code_insee',
			'commune',
			'code_departement',
			'departement',
			'identifiants',
			'longitude',
			'latitude',
			'precision_localisation',
			'site_web',
			'courriel',
			'telephone',
			'contacts_publics',
			'jeu_de_donnees',
			'jeux_de_donnees',
			'licence',
			'attribution',
			'date_source',
			'date_creation',
			'date_maj',
			'url'
		]);
		const rows = rowsOf(text);
		const { published } = await first(sql<{ published: number }[]>`
			select count(*)::int as published from structures where status = 'published'`);
		expect(rows.length).toBe(published);
		expect(Number(response.headers.get('x-total-count'))).toBe(published);
		expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
		// Positions, categories and licences read back as what the database holds.
		const sample = rows[Math.floor(rows.length / 2)]!;
		const [stored] = await sql<{ lon: number; lat: number; categories: string[] }[]>`
			select ST_X(geom) as lon, ST_Y(geom) as lat, categories from structures where id = ${sample.id}`;
		// Six decimals: within half a unit of the sixth (toBeCloseTo(…, 6) fails on the exact half).
		const sixDecimals = 5e-7 + 1e-12;
		expect(Math.abs(Number(sample.longitude) - stored!.lon)).toBeLessThanOrEqual(sixDecimals);
		expect(Math.abs(Number(sample.latitude) - stored!.lat)).toBeLessThanOrEqual(sixDecimals);
		expect(sample.categories!.split('|')).toEqual(stored!.categories);
		for (const row of rows) expect(['ODbL-1.0', 'etalab-2.0']).toContain(row.licence);
	});

	it('gives every row of the ODbL census its licence, and the others the Licence Ouverte', async () => {
		const rows = rowsOf((await csvFile('/api/v1/structures.csv')).text);
		const odbl = await sql<{ id: string }[]>`
			select distinct s.id from structures s join datasets d
				on d.id = s.dataset_id or s.source_values ? d.id
			where s.status = 'published' and d.licence ilike '%odbl%'`;
		const odblIds = new Set(odbl.map((r) => r.id));
		expect(odblIds.size).toBeGreaterThan(0);
		for (const row of rows)
			expect(row.licence).toBe(odblIds.has(row.id!) ? 'ODbL-1.0' : 'etalab-2.0');
	});

	it('neutralises formula-like cells and shows public contacts only', async () => {
		const rows = rowsOf((await csvFile('/api/v1/structures.csv?q=cmd')).text);
		expect(rows.map((r) => r.nom)).toEqual(["'+33 cmd"]);
		expect(rows[0]!.contacts_publics).toBe('Camille Publique — Médiatrice — camille@example.fr');
		const all = (await csvFile('/api/v1/structures.csv?category=mediation-numerique')).text;
		for (const name of FORMULAS) {
			expect(all).toContain(`'${name.replaceAll('"', '""')}`);
			expect(all).not.toMatch(new RegExp(`(^|;)${name.replace(/[()+.*]/g, '\\$&')}`, 'm'));
		}
		expect(all).not.toContain('Dominique Secret');
	});

	it('has as many rows as the API’s total, the same structures, for every category and département', async () => {
		const departements = await sql<{ code: string }[]>`
			select insee_code as code from territories where kind = 'departement'`;
		const queries = [
			...CATEGORY_CODES.map((c) => `category=${c}`),
			...departements.map((d) => `territory=dep:${d.code}`),
			'programme=6',
			'q=college',
			'category=ecole,college&territory=aca:besancon'
		];
		for (const query of queries) {
			const [{ ids, total }, { text }] = await Promise.all([
				apiIds(query),
				csvFile(`/api/v1/structures.csv?${query}`)
			]);
			const rows = rowsOf(text);
			expect(rows.length, query).toBe(total);
			expect(rows.map((r) => r.id).sort(), query).toEqual(ids.sort());
		}
	});

	it('answers 304 to a current copy and changes its ETag when the data changes', async () => {
		const first = await fetch(`${base}/api/v1/structures.csv?territory=dep:21`);
		await first.arrayBuffer();
		const etag = first.headers.get('etag')!;
		expect(etag).toMatch(/^W\/".+"$/);
		const lastModified = first.headers.get('last-modified')!;
		expect(Number.isNaN(Date.parse(lastModified))).toBe(false);

		const again = await fetch(`${base}/api/v1/structures.csv?territory=dep:21`, {
			headers: { 'if-none-match': etag }
		});
		expect(again.status).toBe(304);
		expect(await again.text()).toBe('');
		const since = await fetch(`${base}/api/v1/structures.csv?territory=dep:21`, {
			headers: { 'if-modified-since': lastModified }
		});
		expect(since.status).toBe(304);

		const other = await fetch(`${base}/api/v1/structures.csv?territory=dep:25`, {
			headers: { 'if-none-match': etag }
		});
		expect(other.status).toBe(200);
		await other.arrayBuffer();

		await sql`update structures set name = name || ' (modifié)', updated_at = now() + interval '1 second'
			where id = (select id from structures where status = 'published' order by id limit 1)`;
		const changed = await fetch(`${base}/api/v1/structures.csv?territory=dep:21`, {
			headers: { 'if-none-match': etag }
		});
		expect(changed.status).toBe(200);
		expect(changed.headers.get('etag')).not.toBe(etag);
		await changed.arrayBuffer();
	});

	it('is compressed as it streams when the client accepts it', async () => {
		for (const encoding of ['br', 'gzip']) {
			const { response, text } = await csvFile('/api/v1/structures.csv', {
				headers: { 'accept-encoding': encoding }
			});
			expect(response.headers.get('content-encoding')).toBe(encoding);
			expect(response.headers.get('content-length')).toBeNull();
			expect(text.startsWith(BOM + 'id;nom;')).toBe(true);
			expect(rowsOf(text).length).toBe(Number(response.headers.get('x-total-count')));
		}
	});

	it('refuses an invalid filter with the API’s French message', async () => {
		const response = await fetch(`${base}/api/v1/structures.csv?category=piscine`);
		expect(response.status).toBe(400);
		const body = (await response.json()) as { error: { parameter: string; message: string } };
		expect(body.error.parameter).toBe('category');
		expect(body.error.message).toMatch(/catégorie/);
	});
});

describe('GET /api/v1/lieux-mediation-numerique.{csv,json}', () => {
	type Lieu = Parameters<typeof fromSchemaLieuDeMediationNumerique>[0];

	it('exports every acceptable place, each one valid for the reference library', async () => {
		const response = await fetch(`${base}/api/v1/lieux-mediation-numerique.json`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
		const lieux = (await response.json()) as Lieu[];
		const { places } = await first(sql<{ places: number }[]>`
			select count(*)::int as places from structures where status = 'published'
				and categories && ${['mediation-numerique', 'fablab-tiers-lieu']}::text[]`);
		expect(lieux.length).toBeGreaterThan(places * 0.9);
		for (const lieu of lieux) {
			expect(() => fromSchemaLieuDeMediationNumerique(lieu), lieu.id).not.toThrow();
			expect(Object.keys(lieu).every((k) => (LMN_COLUMNS as readonly string[]).includes(k))).toBe(
				true
			);
		}
		// The place without address cannot be in the schema: left out, and counted by the notice.
		const [noAddress] = await sql<
			{ id: string }[]
		>`select id from structures where slug = 'formule-0'`;
		expect(lieux.map((l) => l.id)).not.toContain(noAddress!.id);
		const notice = (await (await fetch(`${base}/api/v1/licences`)).json()) as {
			lieux_mediation_numerique: {
				exportes: number;
				ecartes: number;
				raisons: Record<string, number>;
			};
			licences: { code: string; structures: number }[];
		};
		expect(notice.lieux_mediation_numerique.exportes).toBe(lieux.length);
		expect(
			notice.lieux_mediation_numerique.exportes + notice.lieux_mediation_numerique.ecartes
		).toBe(places);
		expect(notice.lieux_mediation_numerique.raisons.VoieError).toBeGreaterThanOrEqual(1);
		const { published } = await first(sql<{ published: number }[]>`
			select count(*)::int as published from structures where status = 'published'`);
		expect(notice.licences.reduce((sum, part) => sum + part.structures, 0)).toBe(published);
	});

	it('writes the same places as the schema’s CSV, which the library reads back', async () => {
		const [csv, json] = await Promise.all([
			csvFile('/api/v1/lieux-mediation-numerique.csv?territory=dep:21'),
			fetch(`${base}/api/v1/lieux-mediation-numerique.json?territory=dep:21`).then(
				(r) => r.json() as Promise<Lieu[]>
			)
		]);
		expect(csv.text.startsWith('id,pivot,nom,commune,code_postal,code_insee,adresse,')).toBe(true);
		const rows = rowsOf(csv.text, ',');
		expect(rows.map((r) => r.id)).toEqual(json.map((l) => l.id));
		expect(rows.length).toBeGreaterThan(0);
		for (const row of rows) {
			const lieu = Object.fromEntries(
				Object.entries(row)
					.filter(([, v]) => v !== '')
					.map(([k, v]) => [k, k === 'latitude' || k === 'longitude' ? Number(v) : v])
			) as unknown as Lieu;
			expect(() => fromSchemaLieuDeMediationNumerique(lieu), row.id).not.toThrow();
			expect(lieu.code_insee?.startsWith('21')).toBe(true);
		}
		// MedNum BFC places keep their producer in `source`, as ODbL asks.
		expect(json.some((l) => /MedNum BFC/i.test(l.source ?? ''))).toBe(true);
	});

	it('has its own validators and honours them', async () => {
		const first = await fetch(`${base}/api/v1/lieux-mediation-numerique.csv`);
		await first.arrayBuffer();
		const etag = first.headers.get('etag')!;
		const json = await fetch(`${base}/api/v1/lieux-mediation-numerique.json`);
		await json.arrayBuffer();
		expect(json.headers.get('etag')).not.toBe(etag);
		const again = await fetch(`${base}/api/v1/lieux-mediation-numerique.csv`, {
			headers: { 'if-none-match': etag }
		});
		expect(again.status).toBe(304);
	});
});
