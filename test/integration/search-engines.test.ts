import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyFilters, type StructureFilters } from '../../src/lib/domain/structure-filters';
import { parseTerritory } from '../../src/lib/domain/territory-code';
import type { Sql } from '../../src/lib/server/db';
import * as search from '../../src/lib/server/search';
import { ensureIndex } from '../../src/lib/server/search/index-admin';
import { freshDatabase } from '../helpers/database';
import { startMeilisearch, type TestMeilisearch } from '../helpers/meilisearch';
import { seedSearchFixtures, STRUCTURES, type Fixture } from './search-fixtures';

/**
 * The same cases against both engines: Meilisearch (a real server) and Postgres. A case that
 * passes on one engine only is a bug in the other.
 */
let sql: Sql;
let meili: TestMeilisearch;
let ids: Fixture;
let keyOf: Map<string, string>;
const published = STRUCTURES.filter((s) => !s.status).length;

beforeAll(async () => {
	sql = await freshDatabase();
	meili = await startMeilisearch();
	ids = await seedSearchFixtures(sql);
	keyOf = new Map(Object.entries(ids).map(([key, id]) => [id, key]));
	const target = { url: meili.url, apiKey: meili.apiKey, index: `engines_${Date.now()}` };
	search.useMeilisearch(target);
	expect(await ensureIndex(sql, target)).toBe('rebuilt');
});

afterAll(async () => {
	await meili?.stop();
});

type Options = {
	filters?: Partial<StructureFilters>;
	near?: { lon: number; lat: number };
	limit?: number;
	offset?: number;
	markers?: boolean;
};

describe.each(['meilisearch', 'postgres'] as const)('%s engine', (engine) => {
	const run = (q: string, options: Options = {}) =>
		search.search(
			search.searchQuery(
				{ ...emptyFilters(), ...options.filters, q },
				{
					near: options.near,
					limit: options.limit ?? 20,
					offset: options.offset ?? 0,
					markers: options.markers
				}
			),
			{ engine }
		);
	const keys = async (q: string, options: Options = {}) =>
		(await run(q, options)).hits.map((h) => keyOf.get(h.id));

	it('answers with its own name', async () => {
		expect((await run('collège')).engine).toBe(engine);
	});

	it('forgives typos', async () => {
		expect((await keys('colege victor hugo')).slice(0, 2).sort()).toEqual([
			'clg-hugo-besancon',
			'clg-hugo-nevers'
		]);
		expect((await keys('collège pasteure dole'))[0]).toBe('clg-pasteur-dole');
		expect((await keys('laboratoire aprentissage'))[0]).toBe('lead');
		// Two words typed as one.
		expect((await keys('espacepublic chenove'))[0]).toBe('epn-chenove');
	});

	it('ignores accents and case, both ways', async () => {
		expect(await keys('chenove')).toEqual(['epn-chenove']);
		expect(await keys('CHENÔVE')).toEqual(['epn-chenove']);
		expect(await keys('ÉCOLE élémentaire')).toEqual(['ecole-hugo-besancon']);
		expect((await keys('lycee professionnel'))[0]).toBe('lp-dijon');
	});

	it('completes the word being typed', async () => {
		expect(await keys('laborat')).toEqual(['lead']);
		expect((await keys('collège vict')).sort()).toEqual(['clg-hugo-besancon', 'clg-hugo-nevers']);
	});

	it('understands the field’s vocabulary', async () => {
		expect((await keys('clg victor hugo')).sort()).toEqual([
			'clg-hugo-besancon',
			'clg-hugo-nevers'
		]);
		// A category word finds the category too (EPN Planoise is a fablab / tiers-lieu): the two
		// named fablabs are among its first three, in either spelling.
		for (const q of ['fablab', 'fab lab'])
			expect((await keys(q)).slice(0, 3), q).toEqual(
				expect.arrayContaining(['fab-lab-luxeuil', 'fablab-planoise'])
			);
		expect((await keys('lp dijon'))[0]).toBe('lp-dijon');
		expect((await keys('lycée pro'))[0]).toBe('lp-dijon');
		expect((await keys('epn')).slice(0, 2).sort()).toEqual(['epn-chenove', 'epn-planoise']);
		expect((await keys('espace public numérique')).slice(0, 2).sort()).toEqual([
			'epn-chenove',
			'epn-planoise'
		]);
		expect((await keys('france services'))[0]).toBe('mfs-planoise');
		expect((await keys('espe nevers'))[0]).toBe('inspe-nevers');
		expect(await keys('tiers lieu')).toContain('epn-planoise');
	});

	it('searches acronyms and the descriptive facts of the sources', async () => {
		expect(await keys('lead')).toEqual(['lead']);
		expect(await keys('cnrs dijon')).toEqual(['lead']);
		expect(await keys('collège privé')).toEqual(['clg-pasteur-dole']);
	});

	it('finds a structure by its UAI, RNSR or SIRET number', async () => {
		expect((await keys('0251573Z'))[0]).toBe('clg-hugo-besancon');
		expect((await keys('0251573z'))[0]).toBe('clg-hugo-besancon');
		expect((await keys('199511717M'))[0]).toBe('lead');
		expect((await keys('130 026 135 00018'))[0]).toBe('inspe-nevers');
		// A code is exact: one wrong letter finds nothing.
		expect(await keys('0251573X')).toEqual([]);
	});

	it('counts facets over all the results', async () => {
		const result = await run('victor hugo');
		expect(result.total).toBe(3);
		expect(result.facets.category).toEqual([
			{ value: 'ecole', label: 'École', count: 1 },
			{ value: 'college', label: 'Collège', count: 2 }
		]);
		expect(result.facets.departement).toEqual([
			{ value: '25', label: 'Doubs', count: 2 },
			{ value: '58', label: 'Nièvre', count: 1 }
		]);
		expect(result.facets.commune).toEqual([
			{ value: '25056', label: 'Besançon', count: 2 },
			{ value: '58194', label: 'Nevers', count: 1 }
		]);
		expect(result.facets.programme).toEqual([
			{
				value: '9',
				label: 'Évolution des pratiques professionnelles et des méthodes d’enseignement',
				count: 1
			}
		]);
	});

	it('combines text with the structure filters', async () => {
		expect((await keys('victor hugo', { filters: { categories: ['college'] } })).sort()).toEqual([
			'clg-hugo-besancon',
			'clg-hugo-nevers'
		]);
		const territory = (code: string) => {
			const parsed = parseTerritory(code);
			if (!parsed.ok) throw new Error(parsed.message);
			return parsed.value;
		};
		expect(await keys('victor hugo', { filters: { territory: territory('dep:58') } })).toEqual([
			'clg-hugo-nevers'
		]);
		expect((await keys('', { filters: { programmes: [6] } })).sort()).toEqual([
			'fablab-planoise',
			'lead'
		]);
		expect((await keys('', { filters: { territory: territory('aca:dijon') } })).length).toBe(6);
		// A former commune code still finds the structures of the commune it merged into.
		expect(await keys('', { filters: { territory: territory('com:39999') } })).toEqual([
			'clg-pasteur-dole'
		]);
		expect(
			(await keys('', { filters: { territory: territory('radius:6.0,47.24,5000') } })).length
		).toBe(5);
		expect(
			await keys('', { filters: { identifier: { scheme: 'uai', value: '0580034X' } } })
		).toEqual(['clg-hugo-nevers']);
	});

	it('searches within a bounding box', async () => {
		const result = await run('', { filters: { bbox: [5.9, 47.15, 6.1, 47.3] } });
		expect(result.total).toBe(5);
		expect(result.hits.map((h) => h.commune?.code)).toEqual(Array(5).fill('25056'));
		expect(await keys('collège', { filters: { bbox: [5.9, 47.15, 6.1, 47.3] } })).toEqual([
			'clg-hugo-besancon'
		]);
	});

	it('sorts by distance to a point', async () => {
		const dijon = { lon: 5.04, lat: 47.32 };
		const result = await run('', { near: dijon });
		const distances = result.hits.map((h) => h.distance_m!);
		expect(keyOf.get(result.hits[0]!.id)).toBe('lp-dijon');
		expect(distances).toEqual([...distances].sort((a, b) => a - b));
		expect(distances[0]).toBeGreaterThan(1000);
		expect(distances[0]).toBeLessThan(1600);
		expect((await keys('collège victor hugo', { near: { lon: 3.2, lat: 47 } }))[0]).toBe(
			'clg-hugo-nevers'
		);
	});

	it('pages through every result exactly once', async () => {
		const seen: string[] = [];
		for (let offset = 0; offset < published; offset += 4) {
			const page = await run('', { limit: 4, offset });
			expect(page.total).toBe(published);
			seen.push(...page.hits.map((h) => h.id));
		}
		expect(seen.length).toBe(published);
		expect(new Set(seen).size).toBe(published);
		const all = (await run('', { limit: 20 })).hits.map((h) => h.id);
		expect((await run('', { limit: 4, offset: 3 })).hits.map((h) => h.id)).toEqual(all.slice(3, 7));
	});

	it('never shows an unpublished structure', async () => {
		const result = await run('collège victor hugo en projet');
		expect(result.hits.map((h) => h.id)).not.toContain(ids['pending-college']);
		expect((await run('')).total).toBe(published);
	});

	it('drops the last words when nothing matches them all', async () => {
		const strict = await run('collège victor hugo');
		expect(strict.relaxed).toBe(false);
		const result = await run('collège victor hugo zzyzx');
		expect(result.relaxed).toBe(true);
		expect(
			result.hits
				.map((h) => keyOf.get(h.id))
				.slice(0, 2)
				.sort()
		).toEqual(['clg-hugo-besancon', 'clg-hugo-nevers']);
	});

	it('highlights the matched words as plain text segments', async () => {
		const [hit] = (await run('colege victor', { filters: { territory: parse('com:58194') } })).hits;
		expect(hit!.highlight.name).toEqual([
			{ text: 'Collège', match: true },
			{ text: ' ', match: false },
			{ text: 'Victor', match: true },
			{ text: ' Hugo', match: false }
		]);
		const [lp] = (await run('numérique', { filters: { categories: ['lycee'] } })).hits;
		expect(lp!.highlight.description).toEqual([
			{ text: 'Lycée professionnel des métiers du ', match: false },
			{ text: 'numérique', match: true },
			{ text: ' et de la relation client.', match: false }
		]);
	});

	it('gives the map markers of every result from the same query', async () => {
		const result = await run('victor hugo', { markers: true, limit: 1 });
		expect(result.hits.length).toBe(1);
		const features = result.markers!.features;
		expect(features.length).toBe(result.total);
		expect(features.map((f) => keyOf.get(f.properties.id)).sort()).toEqual([
			'clg-hugo-besancon',
			'clg-hugo-nevers',
			'ecole-hugo-besancon'
		]);
		const nevers = features.find((f) => f.properties.id === ids['clg-hugo-nevers'])!;
		expect(nevers).toEqual({
			type: 'Feature',
			geometry: { type: 'Point', coordinates: [3.15315, 46.99467] },
			properties: { id: ids['clg-hugo-nevers'], name: 'Collège Victor Hugo', category: 'college' }
		});
		expect((await run('victor hugo')).markers).toBeUndefined();
	});

	it('returns the same identifiers and geometry shape as the structures API', async () => {
		const [hit] = (await run('0580034X')).hits;
		expect(hit).toMatchObject({
			id: ids['clg-hugo-nevers'],
			name: 'Collège Victor Hugo',
			categories: ['college'],
			commune: { code: '58194', name: 'Nevers' },
			identifiers: { uai: '0580034X' },
			geometry: { type: 'Point', coordinates: [3.15315, 46.99467] },
			location_precision: 'exact'
		});
	});
});

function parse(code: string) {
	const parsed = parseTerritory(code);
	if (!parsed.ok) throw new Error(parsed.message);
	return parsed.value;
}
