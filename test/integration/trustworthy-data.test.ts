import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyFilters, parseStructureFilters } from '../../src/lib/domain/structure-filters';
import type { Sql } from '../../src/lib/server/db';
import { importAll, type ImportSummary } from '../../src/lib/server/import';
import * as search from '../../src/lib/server/search';
import { ensureIndex } from '../../src/lib/server/search/index-admin';
import { GET as contactsList } from '../../src/routes/api/v1/contacts/+server';
import { GET as searchApi } from '../../src/routes/api/v1/search/+server';
import { GET as structureList } from '../../src/routes/api/v1/structures/+server';
import { GET as structureOne } from '../../src/routes/api/v1/structures/[id]/+server';
import { freshDatabase } from '../helpers/database';
import { callHandler, insertAccount, type Handler } from '../helpers/handlers';
import { startMeilisearch, type TestMeilisearch } from '../helpers/meilisearch';
import { expectedSchools, higher, mednum, type School } from './real-data-files';

/**
 * Issue 9 on the real regional data, imported by the real importers: every answer is checked
 * against counts read here from the shipped files, independently of the importers.
 */

let sql: Sql;
let summary: ImportSummary;
let staff: App.Locals['user'];

/** A handler's JSON answer, called by a signed-in moderator. */
async function call(handler: Handler, path: string, params: Record<string, string> = {}) {
	const response = await callHandler(handler, path, { params, user: staff });
	return { status: response.status, body: await response.json() };
}

beforeAll(async () => {
	search.useMeilisearch(null);
	sql = await freshDatabase();
	summary = await importAll(sql);
	staff = await insertAccount(sql, 'moderator');
}, 600_000);

describe('classification as data', () => {
	it('puts the Ateliers Canopé in the canope category, one per département', async () => {
		const sites = mednum.filter((r) => /atelier canop/i.test(r.nom!));
		const departements = [...new Set(sites.map((r) => r.code_departement))].sort();
		expect(departements).toHaveLength(8);
		const { body } = await call(structureList, '/api/v1/structures?category=canope&limit=50');
		expect(body.total).toBe(departements.length);
		const found = await sql<{ dep: string }[]>`
			select c.departement_code as dep from structures s
			join territories c on c.kind = 'commune' and c.insee_code = s.commune_code
			where s.status = 'published' and s.category = 'canope' order by 1`;
		expect(found.map((r) => r.dep)).toEqual(departements);
	});

	it('folds the two Besançon rows into one structure that both source ids find', async () => {
		const a = await call(
			structureList,
			'/api/v1/structures?identifier=mednum-bfc:mednumBFC_TL_651_'
		);
		const b = await call(
			structureList,
			'/api/v1/structures?identifier=mednum-bfc:mednumBFC_TL_689_'
		);
		expect(a.body.total).toBe(1);
		expect(b.body.items.map((i: { id: string }) => i.id)).toEqual([a.body.items[0].id]);
		expect(summary.reports.find((r) => r.importer === 'mednum')!.warnings).toContainEqual(
			expect.objectContaining({
				record: 'mednumBFC_TL_689_',
				message: expect.stringMatching(/Même lieu/)
			})
		);
	});

	it('files no bank branch as a fablab or tiers-lieu', async () => {
		const banks = mednum.filter((r) => /cr[ée]dit agri|banque|caisse d.[ée]pargne/i.test(r.nom!));
		expect(banks.length).toBeGreaterThan(10);
		const { body } = await call(
			structureList,
			'/api/v1/structures?category=fablab-tiers-lieu&limit=500'
		);
		const names: string[] = body.items.map((i: { name: string }) => i.name);
		expect(names.filter((n) => /cr[ée]dit agri|banque|caisse d.[ée]pargne/i.test(n))).toEqual([]);
		// They are still on the map, as access points.
		const rows = await sql<{ type: string; n: number }[]>`
			select attributes->>'type_lieu' as type, count(*)::int as n from structures
			where dataset_id = 'mednum-bfc' and name ~* 'cr[ée]dit agri' and status = 'published'
			group by 1`;
		// One structure per place: a branch listed twice at one address is folded.
		const places = new Set(banks.map((r) => `${r.code_insee}|${r.nom!.toLowerCase()}`)).size;
		expect(rows).toEqual([{ type: 'point-acces', n: places }]);
	});

	it('counts, in the import report, what each rule classified', () => {
		const report = summary.reports.find((r) => r.importer === 'mednum')!;
		const total = Object.values(report.rules).reduce((a, b) => a + b, 0);
		expect(total).toBe(report.read - report.rejected - report.merged);
		expect(report.rules['reseau-canope']).toBe(8);
	});
});

describe('lifecycle', () => {
	const row = (sigle: string) => higher.find((r) => r.sigle === sigle)!;

	it('publishes UTBM and ENSMM, found by identifier and by acronym', async () => {
		for (const [sigle, acronym] of [
			['UTBM', 'utbm'],
			['ENS2M', 'ensmm']
		] as const) {
			const uai = row(sigle).uai!;
			expect(row(sigle).dans_fichier_2025).toBe('False');
			const byId = await call(structureList, `/api/v1/structures?identifier=uai:${uai}`);
			expect(byId.body.total).toBe(1);
			const id = byId.body.items[0].id;
			const listed = await call(structureList, `/api/v1/structures?q=${acronym}`);
			expect(listed.body.items.map((i: { id: string }) => i.id)).toContain(id);
			const searched = await call(searchApi, `/api/v1/search?q=${acronym}`);
			expect(searched.body.hits[0].id).toBe(id);
		}
	});

	it('leads the old universities’ identifiers, slugs and names to their successors', async () => {
		for (const [old, successor] of [
			['UFC', 'UMLP'],
			['uB', 'UBE']
		] as const) {
			const before = row(old);
			const after = row(successor);
			const { body } = await call(structureList, `/api/v1/structures?identifier=uai:${before.uai}`);
			expect(body.items.map((i: { name: string }) => i.name)).toEqual([after.nom]);
			expect(body.items[0].former_names).toContain(before.nom);
			const byPaysage = await call(
				structureList,
				`/api/v1/structures?identifier=paysage:${before.id_paysage}`
			);
			expect(byPaysage.body.items[0].id).toBe(body.items[0].id);
			const [archived] = await sql<{ id: string; slug: string }[]>`
				select s.id, s.slug from structures s join structure_identifiers i on i.structure_id = s.id
				where i.scheme = 'uai' and i.value = ${before.uai!}`;
			for (const key of [archived!.id, archived!.slug]) {
				const one = await call(structureOne, `/api/v1/structures/${key}`, { id: key });
				expect(one.status).toBe(200);
				expect(one.body).toMatchObject({
					name: after.nom,
					resolved_from: { id: archived!.id, name: before.nom }
				});
			}
			const byName = await call(
				structureList,
				`/api/v1/structures?q=${encodeURIComponent(before.nom!)}`
			);
			expect(byName.body.items.map((i: { name: string }) => i.name)).toContain(after.nom);
		}
	});
});

describe('facts people filter by', () => {
	const expected = expectedSchools();
	const departements = ['21', '25', '39', '58', '70', '71', '89', '90'];

	const count = (filter: (s: School) => boolean) => expected.filter(filter).length;

	it('reads the files the way this test assumes', () => {
		expect(expected.length).toBe(1361 + 81);
		expect(new Set(expected.map((s) => s.category))).toEqual(
			new Set(['ecole', 'college', 'lycee'])
		);
	});

	it('filters by sector: private collèges in each département, public lycées…', async () => {
		for (const category of ['ecole', 'college', 'lycee'])
			for (const sector of ['public', 'private'])
				for (const dep of departements) {
					const want = count(
						(s) => s.category === category && s.sector === sector && s.departement === dep
					);
					const query = `category=${category}&sector=${sector}&territory=dep:${dep}`;
					const { body } = await call(structureList, `/api/v1/structures?${query}&limit=1`);
					expect(body.total, query).toBe(want);
				}
		const privateColleges = count((s) => s.category === 'college' && s.sector === 'private');
		expect(privateColleges).toBeGreaterThan(0);
		const { body } = await call(
			structureList,
			'/api/v1/structures?category=college&sector=private'
		);
		expect(body.items.every((i: { sector: string }) => i.sector === 'private')).toBe(true);
	});

	it('filters écoles by level, lycées by pathway, schools by éducation prioritaire', async () => {
		const cases: [string, (s: School) => boolean][] = [];
		for (const level of ['maternelle', 'elementaire'])
			for (const dep of departements)
				cases.push([
					`level=${level}&territory=dep:${dep}`,
					(s) => s.levels.includes(level) && s.departement === dep
				]);
		for (const pathway of ['generale', 'technologique', 'professionnelle'])
			cases.push([`pathway=${pathway}`, (s) => s.pathways.includes(pathway)]);
		for (const priority of ['rep', 'rep-plus'])
			cases.push([`priority=${priority}`, (s) => s.priority === priority]);
		cases.push([
			'priority=rep,rep-plus&sector=public',
			(s) => s.priority !== null && s.sector === 'public'
		]);
		for (const [query, filter] of cases) {
			const want = count(filter);
			const { body } = await call(structureList, `/api/v1/structures?${query}&limit=1`);
			expect(body.total, query).toBe(want);
		}
		expect(count((s) => s.priority === 'rep')).toBeGreaterThan(0);
		expect(count((s) => s.levels.includes('maternelle') && s.departement === '39')).toBeGreaterThan(
			0
		);
	});

	it('applies the same filters in the search and the contacts tool', async () => {
		for (const query of [
			'category=college&sector=private&territory=dep:25',
			'category=lycee&sector=public&territory=dep:58',
			'level=maternelle&territory=dep:39',
			'pathway=professionnelle&territory=dep:21',
			'priority=rep-plus&territory=dep:21'
		]) {
			const listed = await call(structureList, `/api/v1/structures?${query}&limit=1`);
			const searched = await call(searchApi, `/api/v1/search?${query}&limit=1`);
			const contacts = await call(contactsList, `/api/v1/contacts?${query}&limit=1`);
			expect(searched.body.total, query).toBe(listed.body.total);
			expect(contacts.body.total, query).toBe(listed.body.total);
			expect(listed.body.total, query).toBeGreaterThan(0);
		}
	});

	it('refuses unknown parameters with a French message naming them', async () => {
		for (const [handler, path] of [
			[structureList, '/api/v1/structures?secteur=prive'],
			[searchApi, '/api/v1/search?q=college&secteur=prive'],
			[contactsList, '/api/v1/contacts?territory=dep:25&secteur=prive']
		] as const) {
			const { status, body } = await call(handler, path);
			expect(status, path).toBe(400);
			expect(body.error.parameter).toBe('secteur');
			expect(body.error.message).toMatch(/^Paramètre inconnu « secteur »/);
		}
		const bad = await call(structureList, '/api/v1/structures?sector=prive');
		expect(bad.status).toBe(400);
		expect(bad.body.error.parameter).toBe('sector');
	});
});

describe('population', () => {
	it('gives territories the population municipale, and EPCIs their population totale too', async () => {
		const communes = JSON.parse(
			readFileSync('db/data/admin/communes-bourgogne-franche-comte.json', 'utf8')
		) as { code_departement: string; population: number | null }[];
		const doubs = communes
			.filter((c) => c.code_departement === '25')
			.reduce((sum, c) => sum + (c.population ?? 0), 0);
		const epcis = JSON.parse(
			readFileSync('db/data/admin/epci-bourgogne-franche-comte.json', 'utf8')
		) as { code_epci: string; population_municipale: number; population_totale: number }[];
		const [dep] = await sql<{ population: number }[]>`
			select population from territories where code = 'dep:25'`;
		expect(dep!.population).toBe(doubs);
		const stored = await sql<{ code: string; population: number; population_totale: number }[]>`
			select insee_code as code, population, population_totale from territories where kind = 'epci'`;
		expect(stored).toHaveLength(epcis.length);
		for (const e of epcis)
			expect(stored.find((s) => s.code === String(e.code_epci))).toMatchObject({
				population: e.population_municipale,
				population_totale: e.population_totale
			});
	});
});

describe('the Meilisearch engine on the same data', () => {
	let meili: TestMeilisearch;

	beforeAll(async () => {
		meili = await startMeilisearch();
		const target = { url: meili.url, apiKey: meili.apiKey, index: `facts_${Date.now()}` };
		search.useMeilisearch(target);
		expect(await ensureIndex(sql, target)).toBe('rebuilt');
	}, 120_000);

	afterAll(async () => {
		search.useMeilisearch(null);
		await meili?.stop();
	});

	const filtersOf = (query: string) => {
		const parsed = parseStructureFilters(new URLSearchParams(query));
		if (!parsed.ok) throw new Error(parsed.message);
		return parsed.value;
	};

	it('filters the school facts like Postgres', async () => {
		for (const query of [
			'category=college&sector=private&territory=dep:25',
			'category=lycee&sector=public&territory=dep:58',
			'level=maternelle&territory=dep:39',
			'pathway=professionnelle',
			'priority=rep,rep-plus'
		]) {
			const filters = filtersOf(query);
			const meiliAnswer = await search.search(search.searchQuery(filters), {
				engine: 'meilisearch'
			});
			const postgresAnswer = await search.search(search.searchQuery(filters), {
				engine: 'postgres'
			});
			expect(meiliAnswer.engine).toBe('meilisearch');
			expect(meiliAnswer.total, query).toBe(postgresAnswer.total);
			expect(meiliAnswer.total, query).toBeGreaterThan(0);
		}
	});

	it('leads a merged university’s identifier to its successor', async () => {
		const before = higher.find((r) => r.sigle === 'UFC')!;
		const after = higher.find((r) => r.sigle === 'UMLP')!;
		const answer = await search.search(
			search.searchQuery({
				...emptyFilters(),
				identifier: { scheme: 'uai', value: before.uai! }
			}),
			{ engine: 'meilisearch' }
		);
		expect(answer.hits.map((h) => h.name)).toEqual([after.nom]);
	});

	it('finds UTBM and ENSMM by their acronyms', async () => {
		for (const [acronym, sigle] of [
			['utbm', 'UTBM'],
			['ensmm', 'ENS2M']
		]) {
			const answer = await search.search(search.searchQuery({ ...emptyFilters(), q: acronym! }), {
				engine: 'meilisearch'
			});
			const uai = higher.find((r) => r.sigle === sigle)!.uai!;
			expect(answer.hits[0]?.identifiers.uai, acronym).toBe(uai);
		}
	});
});
