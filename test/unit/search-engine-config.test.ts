import { describe, expect, it } from 'vitest';
import { emptyFilters, type StructureFilters } from '../../src/lib/domain/structure-filters';
import { parseTerritory } from '../../src/lib/domain/territory-code';
import { toDocument, type DocumentRow } from '../../src/lib/server/search/document';
import { meiliFilter, quote } from '../../src/lib/server/search/meili-filter';
import { parseSearchQuery } from '../../src/lib/server/search/query';
import { indexSettings, meiliSynonyms } from '../../src/lib/server/search/settings';

const territory = (code: string) => {
	const parsed = parseTerritory(code);
	if (!parsed.ok) throw new Error(parsed.message);
	return parsed.value;
};

describe('the Meilisearch filter builder', () => {
	const filters = (more: Partial<StructureFilters>) => meiliFilter({ ...emptyFilters(), ...more });

	it('writes every structure filter as typed, quoted expressions', () => {
		expect(
			filters({
				categories: ['college', 'lycee'],
				programmes: [6, 9],
				territory: territory('dep:21'),
				bbox: [4.5, 46.9, 5.5, 47.6],
				identifier: { scheme: 'uai', value: '0251573Z' }
			})
		).toEqual([
			'categories IN ["college", "lycee"]',
			'programmes IN [6, 9]',
			'departement_code = "21"',
			'_geoBoundingBox([47.6000000, 5.5000000], [46.9000000, 4.5000000])',
			'identifier_keys = "uai:0251573Z"'
		]);
		expect(filters({})).toEqual([]);
	});

	it('maps each territory kind to its document attribute, and a radius to _geoRadius', () => {
		expect(filters({ territory: territory('reg:27') })).toEqual(['region_code = "27"']);
		expect(filters({ territory: territory('aca:besancon') })).toEqual([
			'academie_code = "besancon"'
		]);
		expect(filters({ territory: territory('epci:242100410') })).toEqual([
			'epci_code = "242100410"'
		]);
		expect(filters({ territory: territory('com:21231') })).toEqual(['commune_codes = "21231"']);
		expect(filters({ territory: territory('radius:5.04,47.32,1e4') })).toEqual([
			'_geoRadius(47.3200000, 5.0400000, 10000)'
		]);
	});

	it('turns « à vérifier » into a confirmation limit computed from now and the setting', () => {
		const now = new Date('2026-12-03T10:00:00Z');
		const stale = { ...emptyFilters(), freshness: 'stale' as const };
		expect(meiliFilter(stale, now, 12)).toEqual([
			`confirmed_at < ${Date.UTC(2025, 11, 3, 10) / 1000}`
		]);
		expect(meiliFilter(stale, now, 6)).toEqual([
			`confirmed_at < ${Date.UTC(2026, 5, 3, 10) / 1000}`
		]);
		// Later, the same filter reaches later confirmations: nothing is frozen in the index.
		const later = meiliFilter(stale, new Date('2027-12-03T10:00:00Z'), 12);
		expect(later).toEqual([`confirmed_at < ${Date.UTC(2026, 11, 3, 10) / 1000}`]);
	});

	it('escapes quotes and backslashes, so a value can never close its string', () => {
		expect(quote('a" OR categories EXISTS OR "b\\')).toBe(
			'"a\\" OR categories EXISTS OR \\"b\\\\"'
		);
		expect(filters({ identifier: { scheme: 'mednum-bfc', value: 'x" OR "1" = "1' } })).toEqual([
			'identifier_keys = "mednum-bfc:x\\" OR \\"1\\" = \\"1"'
		]);
	});

	it('refuses numbers that are not finite', () => {
		expect(() => filters({ bbox: [NaN, 46, 5, 47] })).toThrow();
		expect(() => filters({ programmes: [1.5] })).toThrow();
	});

	it('filters the school facts on their own attributes', () => {
		expect(
			filters({
				sectors: ['private'],
				levels: ['maternelle', 'elementaire'],
				pathways: ['professionnelle'],
				priorities: ['rep-plus']
			})
		).toEqual([
			'sector IN ["private"]',
			'levels IN ["maternelle", "elementaire"]',
			'pathways IN ["professionnelle"]',
			'priority IN ["rep-plus"]'
		]);
	});
});

describe('the document mapper', () => {
	const row: DocumentRow = {
		id: '00000000-0000-4000-8000-000000000001',
		slug: 'college-victor-hugo-besancon',
		name: 'Collège Victor Hugo',
		categories: ['college'],
		description: 'Un collège.',
		location_precision: 'exact',
		inherited_identifier_keys: ['uai:0259999X'],
		attributes: {
			sigle: 'CVH',
			typologie: ['Collège', 'Public'],
			note: 'interne',
			effectif: 3,
			sector: 'public',
			levels: [],
			priority: 'rep'
		},
		lon: 6.02,
		lat: 47.23,
		commune_code: '25056',
		commune_name: 'Besançon',
		commune_former_codes: ['25999'],
		commune_known: true,
		departement_code: '25',
		academie_code: 'besancon',
		epci_code: '242500437',
		region_code: '27',
		identifiers: { uai: '0251573Z' },
		programmes: [{ number: 9, title: 'Évolution des pratiques' }],
		aliases: ['Collège VH', 'CVH'],
		former_names: ['Collège du Centre'],
		confirmed_at: '2025-06-01T12:00:00.000Z'
	};

	it('keeps public facts only, in the shape the index settings expect', () => {
		const document = toDocument(row);
		expect(document).toEqual({
			id: row.id,
			slug: row.slug,
			name: 'Collège Victor Hugo',
			name_sort: 'college victor hugo',
			categories: ['college'],
			category_labels: ['Collège'],
			category_terms: ['collège', 'collèges', 'clg'],
			commune_code: '25056',
			commune_codes: ['25056', '25999'],
			commune_name: 'Besançon',
			departement_code: '25',
			academie_code: 'besancon',
			epci_code: '242500437',
			region_code: '27',
			aliases: ['Collège VH', 'CVH', 'Collège du Centre'],
			keywords: ['Collège', 'Public'],
			identifiers: { uai: '0251573Z' },
			identifier_values: ['0251573Z'],
			identifier_keys: ['uai:0251573Z', 'uai:0259999X'],
			sector: 'public',
			levels: [],
			pathways: [],
			priority: 'rep',
			programmes: [9],
			programme_titles: ['Évolution des pratiques'],
			description: 'Un collège.',
			location_precision: 'exact',
			confirmed_at: Date.UTC(2025, 5, 1, 12) / 1000,
			_geo: { lat: 47.23, lng: 6.02 }
		});
		const fields = new Set(Object.keys(document));
		for (const attribute of [
			...(indexSettings.searchableAttributes ?? []),
			...(indexSettings.filterableAttributes as string[]),
			...(indexSettings.sortableAttributes ?? [])
		])
			expect(fields.has(attribute), attribute).toBe(true);
	});

	it('gives no commune codes to filter on when the commune is unknown', () => {
		expect(toDocument({ ...row, commune_known: false }).commune_codes).toEqual([]);
	});
});

describe('the synonyms given to Meilisearch', () => {
	it('lead from every term of a group to all the others, folded', () => {
		const synonyms = meiliSynonyms();
		expect(synonyms['lp']).toEqual(['lycee professionnel', 'lycee pro']);
		expect(synonyms['espe']).toContain('inspe');
		expect(synonyms['inspe']).toContain('espe');
		expect(synonyms['fab lab']).toContain('fablab');
	});
});

describe('search parameters', () => {
	const parse = (query: string) => parseSearchQuery(new URLSearchParams(query));

	it('reads the shared filters and near, limit, offset, markers', () => {
		const parsed = parse('q=  colege&category=college&near=5.04,47.32&limit=5&offset=10&markers=1');
		expect(parsed).toEqual({
			ok: true,
			value: {
				q: 'colege',
				filters: { categories: ['college'], programmes: [] },
				near: { lon: 5.04, lat: 47.32 },
				limit: 5,
				offset: 10,
				markers: true
			}
		});
		expect(parse('')).toEqual({
			ok: true,
			value: { q: '', filters: { categories: [], programmes: [] }, limit: 20, offset: 0 }
		});
	});

	it('names the parameter of an error, in French', () => {
		expect(parse('near=5.04')).toMatchObject({ ok: false, parameter: 'near' });
		expect(parse('limit=abc')).toMatchObject({
			ok: false,
			parameter: 'limit',
			message: 'Paramètre « limit » invalide : attendu un entier de 1 à 100.'
		});
		expect(parse('offset=10001')).toMatchObject({ ok: false, parameter: 'offset' });
		expect(parse('territory=dep:xx')).toMatchObject({ ok: false, parameter: 'territory' });
	});
});
