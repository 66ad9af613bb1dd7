import { describe, expect, it } from 'vitest';
import {
	decodeCursor,
	encodeCursor,
	filtersToSearchParams,
	parseListOptions,
	parseStructureFilters,
	rejectUnknownParameters,
	FILTER_PARAMETERS,
	type StructureFilters
} from '../../src/lib/domain/structure-filters';

const parse = (query: string) => parseStructureFilters(new URLSearchParams(query));

function ok(query: string): StructureFilters {
	const parsed = parse(query);
	if (!parsed.ok) throw new Error(parsed.message);
	return parsed.value;
}

function failure(query: string) {
	const parsed = parse(query);
	if (parsed.ok) throw new Error(`« ${query} » should have been refused`);
	return parsed;
}

describe('parseStructureFilters', () => {
	it('reads nothing from an empty query, and ignores the UI’s own parameters', () => {
		expect(ok('')).toEqual({ categories: [], programmes: [] });
		expect(ok('map=8/47.2/5.1&vue=liste&limit=3')).toEqual({ categories: [], programmes: [] });
	});

	it('treats blank values as absent, as empty form fields send them', () => {
		expect(ok('category=&programme=&territory=&bbox=&identifier=&q=%20')).toEqual({
			categories: [],
			programmes: []
		});
	});

	it('reads categories repeated or comma-separated, without duplicates', () => {
		expect(ok('category=ecole,college&category=lycee&category=ecole').categories).toEqual([
			'ecole',
			'college',
			'lycee'
		]);
	});

	it('refuses an unknown category, naming the parameter and the value', () => {
		const f = failure('category=ecole,ecoles');
		expect(f.parameter).toBe('category');
		expect(f.message).toContain('« category »');
		expect(f.message).toContain('« ecoles »');
		expect(f.message).toContain('fablab-tiers-lieu');
	});

	it('reads programme numbers and refuses anything else', () => {
		expect(ok('programme=6,21&programme=6').programmes).toEqual([6, 21]);
		for (const bad of ['0', '-1', '6.5', 'six', '100', '1e1']) {
			const f = failure(`programme=${bad}`);
			expect(f.parameter).toBe('programme');
			expect(f.message).toMatch(/^Paramètre « programme » invalide/);
		}
	});

	it('reads every kind of territory and refuses malformed ones', () => {
		expect(ok('territory=dep:21').territory).toEqual({ kind: 'departement', code: '21' });
		expect(ok('territory=aca:besancon').territory).toEqual({ kind: 'academie', code: 'besancon' });
		expect(ok('territory=radius:5.04,47.32,10000').territory).toEqual({
			kind: 'radius',
			lon: 5.04,
			lat: 47.32,
			meters: 10000
		});
		for (const bad of ['dep:2', 'dijon', 'aca:paris', 'radius:5,47', 'radius:5,47,0']) {
			const f = failure(`territory=${bad}`);
			expect(f.parameter).toBe('territory');
			expect(f.message).toContain('« territory »');
		}
	});

	it('refuses a parameter that takes one value when it is repeated', () => {
		const f = failure('territory=dep:21&territory=dep:25');
		expect(f).toMatchObject({ parameter: 'territory' });
		expect(f.message).toContain('répété');
	});

	it('reads a bounding box and checks its order and bounds', () => {
		expect(ok('bbox=4.5,46.9,5.5,47.6').bbox).toEqual([4.5, 46.9, 5.5, 47.6]);
		for (const [bad, why] of [
			['4.5,46.9,5.5', 'quatre nombres'],
			['4.5,46.9,5.5,x', 'quatre nombres'],
			['4.5,46.9,,47.6', 'quatre nombres'],
			['4.5,46.9,5.5,47.6,1', 'quatre nombres'],
			['-190,46,5,47', 'longitudes'],
			['4,-91,5,47', 'latitudes'],
			['5.5,46.9,4.5,47.6', 'ouest'],
			['4.5,47.6,5.5,46.9', 'sud'],
			['Infinity,46,5,47', 'quatre nombres']
		] as const) {
			const f = failure(`bbox=${bad}`);
			expect(f.parameter).toBe('bbox');
			expect(f.message).toContain(why);
		}
	});

	it('reads an identifier as scheme:value, upper-casing UAI codes', () => {
		expect(ok('identifier=uai:0211234a').identifier).toEqual({ scheme: 'uai', value: '0211234A' });
		expect(ok('identifier=SIRET:12345678900011').identifier).toEqual({
			scheme: 'siret',
			value: '12345678900011'
		});
		expect(ok('identifier=mednum-bfc:abc:12').identifier).toEqual({
			scheme: 'mednum-bfc',
			value: 'abc:12'
		});
		for (const bad of ['0211234A', ':0211234A', 'uai:', '1ai:x', `uai:${'x'.repeat(101)}`])
			expect(failure(`identifier=${encodeURIComponent(bad)}`).parameter).toBe('identifier');
	});

	it('reads q, trimmed, and refuses a text too long', () => {
		expect(ok('q=%20fablab%20').q).toBe('fablab');
		expect(failure(`q=${'a'.repeat(201)}`).parameter).toBe('q');
	});

	it('reads the school facts and refuses unknown values, naming the parameter', () => {
		expect(
			ok('sector=private&level=maternelle,elementaire&pathway=professionnelle&priority=rep-plus')
		).toMatchObject({
			sectors: ['private'],
			levels: ['maternelle', 'elementaire'],
			pathways: ['professionnelle'],
			priorities: ['rep-plus']
		});
		for (const [query, parameter] of [
			['sector=prive', 'sector'],
			['level=college', 'level'],
			['pathway=agricole', 'pathway'],
			['priority=rep%2B', 'priority']
		] as const) {
			const refused = failure(query);
			expect(refused.parameter).toBe(parameter);
			expect(refused.message).toMatch(new RegExp(`« ${parameter} » invalide.*Valeurs possibles`));
		}
	});
});

describe('rejectUnknownParameters', () => {
	it('names the first parameter the endpoint does not read', () => {
		const check = (query: string) =>
			rejectUnknownParameters(new URLSearchParams(query), [...FILTER_PARAMETERS, 'limit']);
		expect(check('sector=public&limit=3').ok).toBe(true);
		const refused = check('category=ecole&secteur=prive');
		expect(refused).toMatchObject({ ok: false, parameter: 'secteur' });
		if (!refused.ok) expect(refused.message).toMatch(/^Paramètre inconnu « secteur »/);
	});
});

describe('filtersToSearchParams', () => {
	it('writes parameters that read back into the same filters', () => {
		const samples: StructureFilters[] = [
			{ categories: [], programmes: [] },
			{
				categories: ['ecole', 'fablab-tiers-lieu'],
				programmes: [6, 12],
				territory: { kind: 'epci', code: '242100410' },
				bbox: [4.25, 46.5, 5.125, 47.75],
				identifier: { scheme: 'uai', value: '0211234A' },
				q: 'numérique & co, à Dijon',
				sectors: ['private'],
				levels: ['maternelle'],
				pathways: ['generale', 'technologique'],
				priorities: ['rep']
			},
			{
				categories: [],
				programmes: [],
				territory: { kind: 'radius', lon: 5.041, lat: 47.322, meters: 2500 }
			}
		];
		for (const filters of samples) {
			const params = filtersToSearchParams(filters);
			expect(ok(params.toString())).toEqual(filters);
		}
		expect(filtersToSearchParams(samples[1]!).get('category')).toBe('ecole,fablab-tiers-lieu');
	});
});

describe('parseListOptions', () => {
	const options = (query: string) => parseListOptions(new URLSearchParams(query));

	it('defaults to 100 results and accepts up to 500', () => {
		expect(options('')).toEqual({ ok: true, value: { limit: 100 } });
		expect(options('limit=500')).toEqual({ ok: true, value: { limit: 500 } });
		for (const bad of ['0', '501', '-1', '10.5', 'all']) {
			const parsed = options(`limit=${bad}`);
			expect(parsed).toMatchObject({ ok: false, parameter: 'limit' });
			if (!parsed.ok) expect(parsed.message).toContain('« limit »');
		}
	});

	it('reads back the cursors it writes, and only those', () => {
		const cursor = {
			key: '010dijon\u0001école « jean-zay »',
			id: '0b9b8f1e-6a3c-4c61-9a5e-2f3d4c5b6a7e'
		};
		const text = encodeCursor(cursor);
		expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
		expect(decodeCursor(text)).toEqual(cursor);
		expect(options(`cursor=${text}`)).toEqual({ ok: true, value: { limit: 100, cursor } });
		for (const bad of [
			'abc',
			'not a cursor',
			encodeCursor({ key: 'x', id: 'y' }),
			encodeCursor({ key: '010a\u0001b\u0001c', id: '0b9b8f1e-6a3c-4c61-9a5e-2f3d4c5b6a7e' }),
			encodeCursor({ key: '010a\u0000\u0001b', id: '0b9b8f1e-6a3c-4c61-9a5e-2f3d4c5b6a7e' })
		]) {
			const parsed = options(`cursor=${encodeURIComponent(bad)}`);
			expect(parsed).toMatchObject({ ok: false, parameter: 'cursor' });
		}
	});
});
