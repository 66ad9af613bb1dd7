import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyFilters } from '../../src/lib/domain/structure-filters';
import type { CategoryCode } from '../../src/lib/domain/categories';
import type { Sql } from '../../src/lib/server/db';
import * as search from '../../src/lib/server/search';
import { ensureIndex } from '../../src/lib/server/search/index-admin';
import { withSearchTimeout } from '../../src/lib/server/search/timeout';
import { MAX_QUERY_WORDS } from '../../src/lib/server/search/understand';
import { GET } from '../../src/routes/api/v1/search/+server';
import { freshDatabase } from '../helpers/database';
import { startMeilisearch, type TestMeilisearch } from '../helpers/meilisearch';
import { insertSeed, seedReference } from './search-fixtures';

/**
 * Query understanding (places, categories, aliases) and the relaxation, on both engines, with
 * structures whose names do not say what the query says: a place named in the query ranks the
 * structures there first, a category word finds the category, aliases and former names find
 * the structure, and ignored words are reported.
 */
let sql: Sql;
let meili: TestMeilisearch;
const ids: Record<string, string> = {};

interface Seed {
	key: string;
	name: string;
	categories: CategoryCode[];
	commune: string;
	description?: string;
	aliases?: string[];
	former_names?: string[];
}

const SAINT_CLAUDE = { insee: '39478', lon: 5.86, lat: 46.39 };
const CENTRES: Record<string, [number, number]> = {
	'25056': [6.0, 47.24],
	'21231': [5.04, 47.32],
	'39198': [5.49, 47.09],
	[SAINT_CLAUDE.insee]: [SAINT_CLAUDE.lon, SAINT_CLAUDE.lat]
};

const SEEDS: Seed[] = [
	{
		key: 'sc-centre',
		name: 'École élémentaire du Centre',
		categories: ['ecole'],
		commune: '39478'
	},
	// An école whose name does not say « école »: the category word still finds it.
	{ key: 'sc-truchet', name: 'Groupe Truchet', categories: ['ecole'], commune: '39478' },
	{
		key: 'sc-christin',
		name: 'École maternelle Christin',
		categories: ['ecole'],
		commune: '39478'
	},
	// Named after the town, elsewhere: found, after the écoles of Saint-Claude.
	{ key: 'named-sc', name: 'École Saint-Claude', categories: ['ecole'], commune: '25056' },
	{ key: 'pasteur-besancon', name: 'Lycée Pasteur', categories: ['lycee'], commune: '25056' },
	{
		key: 'pasteur-dole',
		name: 'Lycée Pasteur Mont Roland',
		categories: ['lycee'],
		commune: '39198'
	},
	{
		key: 'utbm',
		name: 'Université de technologie de Belfort-Montbéliard',
		categories: ['enseignement-superieur'],
		commune: '25056',
		aliases: ['UTBM']
	},
	{
		key: 'umlp',
		name: 'Université Marie et Louis Pasteur',
		categories: ['enseignement-superieur'],
		commune: '25056',
		aliases: ['UMLP'],
		former_names: ['Université de Franche-Comté']
	},
	{
		key: 'bsb',
		name: 'Burgundy School of Business',
		categories: ['enseignement-superieur'],
		commune: '21231'
	},
	{ key: 'montchapet', name: 'École Montchapet', categories: ['ecole'], commune: '21231' },
	{
		key: 'canope-dijon',
		name: 'Atelier Canopé 21 - Dijon',
		categories: ['canope'],
		commune: '21231',
		description: 'Un atelier ouvert comme un tiers lieu pour les enseignants.'
	},
	{ key: 'fabrique', name: 'La Fabrique', categories: ['fablab-tiers-lieu'], commune: '21231' }
];

beforeAll(async () => {
	sql = await freshDatabase();
	meili = await startMeilisearch();
	await seedReference(sql);
	await sql`insert into territories (code, kind, insee_code, name, departement_code, academie_code,
			postcodes, geom, label_point)
		values ('com:39478', 'commune', '39478', 'Saint-Claude', '39', 'besancon', '{39200}',
			ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(${SAINT_CLAUDE.lon}, ${SAINT_CLAUDE.lat}), 4326), 0.05)),
			ST_SetSRID(ST_MakePoint(${SAINT_CLAUDE.lon}, ${SAINT_CLAUDE.lat}), 4326))`;
	await sql`update territories set postcodes = '{25000}' where code = 'com:25056'`;
	for (const seed of SEEDS) {
		const [lon, lat] = CENTRES[seed.commune]!;
		ids[seed.key] = await insertSeed(sql, { ...seed, lon, lat });
		await sql`update structures set aliases = ${seed.aliases ?? []}::text[],
				former_names = ${seed.former_names ?? []}::text[]
			where id = ${ids[seed.key]!}`;
	}
	const target = { url: meili.url, apiKey: meili.apiKey, index: `understanding_${Date.now()}` };
	search.useMeilisearch(target);
	expect(await ensureIndex(sql, target)).toBe('rebuilt');
});

afterAll(async () => {
	await meili?.stop();
});

const keyOf = (id: string) => Object.entries(ids).find(([, v]) => v === id)?.[0];

describe.each(['meilisearch', 'postgres'] as const)('%s engine', (engine) => {
	const run = (q: string) =>
		search.search(search.searchQuery({ ...emptyFilters(), q }, { limit: 20 }), { engine });
	const keys = async (q: string) => (await run(q)).hits.map((h) => keyOf(h.id));

	it('ranks the structures of a place named in the query first, and still finds one named after it', async () => {
		for (const q of ['ecole saint claude', 'école St-Claude', 'ecole 39200']) {
			const found = await keys(q);
			expect(found.slice(0, 3).sort(), q).toEqual(['sc-centre', 'sc-christin', 'sc-truchet']);
			if (q !== 'ecole 39200') expect(found, q).toContain('named-sc');
		}
		const result = await run('ecole saint claude');
		expect(result.understood.place).toEqual({ kind: 'commune', name: 'Saint-Claude' });
		expect(result.understood.categories).toEqual(['ecole']);
	});

	it('reads a commune, a postcode or a département as a preference, not a filter', async () => {
		for (const q of ['lycée pasteur besançon', 'lycee pasteur 25000', 'lycee pasteur doubs'])
			expect((await keys(q))[0], q).toBe('pasteur-besancon');
		expect((await keys('lycee pasteur dole'))[0]).toBe('pasteur-dole');
		// Elsewhere, a structure must then say the place's name: « Lycée Pasteur Mont Roland »
		// (Dole) does not say « Besançon ».
		expect(await keys('lycee pasteur besancon')).not.toContain('pasteur-dole');
	});

	it('matches a category word or a domain phrase by category as well as by name', async () => {
		expect((await keys('ecole de commerce dijon'))[0]).toBe('bsb');
		expect((await keys('tiers lieu dijon'))[0]).toBe('fabrique');
		expect(await keys('groupe truchet')).toEqual(['sc-truchet']);
	});

	it('finds acronyms and former names, below a structure whose name says the words', async () => {
		expect((await keys('utbm'))[0]).toBe('utbm');
		expect((await keys('umlp'))[0]).toBe('umlp');
		expect((await keys('université de franche-comté'))[0]).toBe('umlp');
	});

	it('says which words were ignored when nothing matches them all', async () => {
		const result = await run('lycee pasteur zzyzx besancon');
		expect(result.relaxed).toBe(true);
		expect(result.ignored).toEqual(['zzyzx']);
		expect(result.notice).toBe('Aucun résultat pour tous les mots ; résultats sans « zzyzx ».');
		expect(keyOf(result.hits[0]!.id)).toBe('pasteur-besancon');
		const strict = await run('lycee pasteur besancon');
		expect(strict.relaxed).toBe(false);
		expect(strict.ignored).toEqual([]);
		expect(strict.notice).toBeNull();
	});

	it(`searches at most ${MAX_QUERY_WORDS} significant words and says so`, async () => {
		const many = Array.from({ length: 66 }, (_, i) => `mot${i}`).join(' ');
		const result = await run(`lycée pasteur ${many}`);
		expect(result.ignored.filter((w) => /^mot/.test(w)).length).toBe(66);
		expect(result.notice).toContain(`Seuls les ${MAX_QUERY_WORDS} premiers mots`);
		expect(keyOf(result.hits[0]!.id)).toMatch(/^pasteur-/);
	});
});

describe('both engines', () => {
	it('ignore the same words and count the same totals', async () => {
		for (const q of [
			'ecole saint claude',
			'lycee pasteur zzyzx besancon',
			'tiers lieu dijon',
			'ecole qwertz dijon',
			'utbm'
		]) {
			const [m, p] = await Promise.all(
				(['meilisearch', 'postgres'] as const).map((engine) =>
					search.search(search.searchQuery({ ...emptyFilters(), q }, { limit: 5 }), { engine })
				)
			);
			expect(m!.total, q).toBe(p!.total);
			expect(m!.ignored, q).toEqual(p!.ignored);
		}
	});
});

describe('the cost of one search', () => {
	it('runs a Postgres search under a statement timeout', async () => {
		const setting = await withSearchTimeout(
			async (db) =>
				(await db<{ value: string }[]>`select current_setting('statement_timeout') as value`)[0]!
					.value,
			100
		);
		expect(setting).toBe('100ms');
	});

	it('stops a statement at the timeout with a French 503 on a server; PGlite does not enforce it', async () => {
		const slow = withSearchTimeout((db) => db`select pg_sleep(1.5)`, 100);
		if (process.env.TEST_DATABASE_URL)
			await expect(slow).rejects.toMatchObject({
				status: 503,
				body: { message: expect.stringContaining('La recherche a pris trop de temps') }
			});
		// The embedded PGlite (WebAssembly, no timer signal) accepts the setting and ignores it:
		// there, the word cap and the bounded relaxation are what keep a search cheap.
		else await expect(slow).resolves.toBeDefined();
		// The connection is usable afterwards (the transaction was rolled back or committed).
		expect((await sql`select 1 as one`)[0]!.one).toBe(1);
	});

	it('limits anonymous searches per address, with a French 429', async () => {
		search.useMeilisearch(null);
		const get = (client: string, user: unknown = null) =>
			GET({
				url: new URL('http://localhost/api/v1/search?q=lycee'),
				getClientAddress: () => client,
				locals: { user }
			} as unknown as Parameters<typeof GET>[0]);
		const max = search.ANONYMOUS_SEARCH_LIMIT.max;
		await sql`insert into rate_limits (key, window_start, hits)
			values ('search:ip:203.0.113.9', now(), ${max - 1})`;
		expect((await get('203.0.113.9')).status).toBe(200);
		const refused = await get('203.0.113.9');
		expect(refused.status).toBe(429);
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
		expect((await refused.json()).error.message).toMatch(
			/^Trop de recherches depuis votre adresse/
		);
		expect((await get('203.0.113.10')).status).toBe(200);
		expect((await get('203.0.113.9', { id: 'u1' })).status).toBe(200);
	});
});
