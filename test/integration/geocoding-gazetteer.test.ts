import { beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/lib/server/db';
import { communeAt, offlineGeocoder } from '../../src/lib/server/geocoding';
import { freshDatabase } from '../helpers/database';

/**
 * The offline geocoder on real PostGIS, over a small hand-made geography: squares named after
 * real communes, and structures whose addresses feed the street gazetteer.
 *
 *   4.80 ─ 4.90        5.00 ─── 5.10 ─── 5.15        5.95 ───── 6.08   6.10 ─ 6.13
 *   ┌ Chalon ┐  46.75  ┌ Dijon ──┬ St-Apollinaire ┐  ┌ Besançon ─┐    ┌ Saône ┐
 *   └────────┘  46.82  └─────────┴────────────────┘  └───────────┘    └───────┘
 *                      47.30 ─ 47.36 (Fontaine-lès-Dijon above, up to 47.40)
 */
let sql: Sql;

const square = (w: number, s: number, e: number, n: number) =>
	`MULTIPOLYGON(((${w} ${s},${e} ${s},${e} ${n},${w} ${n},${w} ${s})))`;

const COMMUNES = [
	{ insee: '21231', name: 'Dijon', dep: '21', postcodes: ['21000'], box: [5.0, 47.3, 5.1, 47.36] },
	{
		insee: '21278',
		name: 'Fontaine-lès-Dijon',
		dep: '21',
		postcodes: ['21121'],
		box: [5.0, 47.36, 5.05, 47.4]
	},
	{
		insee: '21540',
		name: 'Saint-Apollinaire',
		dep: '21',
		postcodes: ['21850'],
		box: [5.1, 47.3, 5.15, 47.36]
	},
	{
		insee: '71076',
		name: 'Chalon-sur-Saône',
		dep: '71',
		postcodes: ['71100'],
		box: [4.8, 46.75, 4.9, 46.82]
	},
	{
		insee: '25056',
		name: 'Besançon',
		dep: '25',
		postcodes: ['25000'],
		former: ['25999'],
		box: [5.95, 47.2, 6.08, 47.3]
	},
	{ insee: '25532', name: 'Saône', dep: '25', postcodes: ['25660'], box: [6.1, 47.2, 6.13, 47.23] }
] as const;

async function insertCommune(c: (typeof COMMUNES)[number]) {
	const [w, s, e, n] = c.box;
	await sql`
		insert into territories (code, kind, insee_code, name, departement_code, population, postcodes,
			former_codes, geom, label_point)
		values (${'com:' + c.insee}, 'commune', ${c.insee}, ${c.name}, ${c.dep},
			${1000 + c.insee.length}, ${c.postcodes as unknown as string[]},
			${('former' in c ? c.former : []) as unknown as string[]},
			ST_GeomFromText(${square(w, s, e, n)}, 4326),
			ST_SetSRID(ST_MakePoint(${(w + e) / 2}, ${(s + n) / 2}), 4326))`;
}

interface Place {
	name: string;
	street: string | null;
	commune: string;
	postcode?: string;
	lon: number;
	lat: number;
	precision?: 'exact' | 'approximate';
	status?: string;
}

async function insertStructure(place: Place): Promise<string> {
	const [row] = await sql<{ id: string }[]>`
		insert into structures (slug, name, category, categories, address_street, postcode,
			commune_code, geom, location_precision, status, source)
		values (${place.name.toLowerCase().replace(/\W+/g, '-')}, ${place.name}, 'college', '{college}',
			${place.street}, ${place.postcode ?? null}, ${place.commune},
			ST_SetSRID(ST_MakePoint(${place.lon}, ${place.lat}), 4326),
			${place.precision ?? 'exact'}, ${place.status ?? 'published'}, 'test')
		returning id`;
	return row!.id;
}

const LIBERTE_12 = { lon: 5.041, lat: 47.321 };
const LIBERTE_3 = { lon: 5.045, lat: 47.323 };
let liberte12: string;
let pasteur: string;

beforeAll(async () => {
	sql = await freshDatabase();
	await sql`insert into categories (code, label, label_plural, color, sort)
		values ('college', 'Collège', 'Collèges', '#E4794A', 1)`;
	for (const commune of COMMUNES) await insertCommune(commune);
	await sql`
		insert into territories (code, kind, insee_code, name, geom, label_point)
		values ('dep:21', 'departement', '21', 'Côte-d’Or', ST_GeomFromText(${square(5, 47.3, 5.15, 47.4)}, 4326),
			ST_SetSRID(ST_MakePoint(5.07, 47.35), 4326))`;
	liberte12 = await insertStructure({
		name: 'Collège de la Liberté',
		street: '12 rue de la Liberté',
		commune: '21231',
		postcode: '21000',
		...LIBERTE_12
	});
	await insertStructure({
		name: 'Médiathèque Liberté',
		street: '3 RUE DE LA LIBERTE BP 12',
		commune: '21231',
		postcode: '21000',
		...LIBERTE_3
	});
	// Declared in Dijon, positioned in Chalon: a source error, not a position for the street.
	await insertStructure({
		name: 'Point décalé',
		street: '5 avenue Foch',
		commune: '21231',
		lon: 4.85,
		lat: 46.8
	});
	pasteur = await insertStructure({
		name: 'Lieu sans coordonnées',
		street: '1 rue Pasteur',
		commune: '21231',
		lon: 5.05,
		lat: 47.33,
		precision: 'approximate'
	});
	await insertStructure({
		name: 'Demande en attente',
		street: '2 rue Cachée',
		commune: '21231',
		lon: 5.06,
		lat: 47.33,
		status: 'pending'
	});
});

const geocode = (query: string, limit?: number) => offlineGeocoder.geocode(query, { limit });

describe('commune gazetteer', () => {
	it('follows territories: communes only, renamed, deleted', async () => {
		const count = async () =>
			(await sql<{ n: number }[]>`select count(*)::int as n from geocoding_communes`)[0]!.n;
		expect(await count()).toBe(COMMUNES.length);
		await sql`update territories set name = 'Saône-Village' where code = 'com:25532'`;
		expect((await geocode('Saône-Village'))[0]?.communeCode).toBe('25532');
		await sql`delete from territories where code = 'com:25532'`;
		expect(await count()).toBe(COMMUNES.length - 1);
		expect((await geocode('Saône-Village')).map((c) => c.communeCode)).not.toContain('25532');
		await insertCommune(COMMUNES[5]);
		expect(await count()).toBe(COMMUNES.length);
	});
});

describe('communes and postcodes', () => {
	it('finds a commune by name, ignoring case and accents, at its label point', async () => {
		for (const query of ['Besançon', 'besancon', 'BESANCON']) {
			const [first] = await geocode(query);
			expect(first).toMatchObject({
				label: '25000 Besançon',
				postcode: '25000',
				communeCode: '25056',
				communeName: 'Besançon',
				precision: 'commune'
			});
			expect(first!.lon).toBeCloseTo(6.015, 9);
			expect(first!.lat).toBeCloseTo(47.25, 9);
		}
	});

	it('reads a postcode alone as the communes it serves', async () => {
		const candidates = await geocode('25000');
		expect(candidates).toHaveLength(1);
		expect(candidates[0]).toMatchObject({ communeCode: '25056', precision: 'postcode' });
	});

	it('ranks the commune the whole query names first', async () => {
		expect((await geocode('21000 Dijon'))[0]?.communeCode).toBe('21231');
		const chalon = await geocode('Chalon sur Saone');
		expect(chalon.map((c) => c.communeCode).slice(0, 2)).toEqual(['71076', '25532']);
		expect(chalon[0]!.score).toBeGreaterThan(chalon[1]!.score);
	});

	it('spells out St, and completes a name being typed', async () => {
		expect((await geocode('ST APOLLINAIRE'))[0]?.communeCode).toBe('21540');
		expect((await geocode('besan'))[0]?.communeCode).toBe('25056');
		expect((await geocode('Dijonn'))[0]?.communeCode).toBe('21231');
	});

	it('resolves a former INSEE code and an INSEE code to today’s commune', async () => {
		expect((await geocode('25999'))[0]).toMatchObject({
			communeCode: '25056',
			precision: 'commune'
		});
		expect((await geocode('21231'))[0]?.communeCode).toBe('21231');
	});

	it('ignores CEDEX, postal boxes and CEDEX postcodes', async () => {
		const [first] = await geocode('Pôle AAFE - BP 26513 21065 DIJON CEDEX 9');
		expect(first?.communeCode).toBe('21231');
	});

	it('answers nothing, without error, for empty or hostile queries', async () => {
		for (const query of [
			'',
			'   ',
			'%',
			"'; drop table territories; --",
			'<script>alert(1)</script>'
		]) {
			expect(await geocode(query)).toEqual([]);
		}
		expect(await geocode('x'.repeat(10_000))).toEqual([]);
	});

	it('returns at most `limit` candidates', async () => {
		expect(await geocode('Dijon', 1)).toHaveLength(1);
		expect((await geocode('Dijon', 10)).length).toBeGreaterThan(1);
	});
});

describe('streets', () => {
	it('lands on the address when the house number is known', async () => {
		const [first] = await geocode('12 rue de la Liberté, 21000 Dijon');
		expect(first).toMatchObject({
			label: '12 rue de la Liberté, 21000 Dijon',
			street: '12 rue de la Liberté',
			postcode: '21000',
			communeCode: '21231',
			precision: 'street',
			...LIBERTE_12
		});
	});

	it('lands on the street, between its known addresses, for another number', async () => {
		const [first] = await geocode('7 RUE DE LA LIBERTE DIJON');
		expect(first).toMatchObject({ street: '7 rue de la Liberté', precision: 'street' });
		expect(first!.lon).toBeCloseTo((LIBERTE_12.lon + LIBERTE_3.lon) / 2, 6);
		expect(first!.lat).toBeCloseTo((LIBERTE_12.lat + LIBERTE_3.lat) / 2, 6);
	});

	it('falls back to the commune for an unknown street, below a known one', async () => {
		const [first, ...others] = await geocode('12 rue Inconnue, Dijon');
		expect(first).toMatchObject({ communeCode: '21231', precision: 'commune' });
		expect(others.every((c) => c.precision !== 'street')).toBe(true);
		const known = await geocode('12 rue de la Liberté, Dijon');
		expect(known[0]!.score).toBeGreaterThan(first!.score);
	});

	it('finds a street without a commune, anywhere in the region', async () => {
		const [first] = await geocode('rue de la liberte');
		expect(first).toMatchObject({ communeCode: '21231', precision: 'street' });
	});

	it('leaves out positions outside their commune, approximate ones and unpublished ones', async () => {
		for (const query of ['5 avenue Foch, Dijon', '1 rue Pasteur, Dijon', '2 rue Cachée, Dijon']) {
			const candidates = await geocode(query);
			expect(candidates.filter((c) => c.precision === 'street')).toEqual([]);
			expect(candidates[0]?.communeCode).toBe('21231');
		}
	});

	it('follows structures: a new exact position adds its street, a deletion removes it', async () => {
		await sql`update structures set location_precision = 'exact' where id = ${pasteur}`;
		expect((await geocode('1 rue Pasteur, Dijon'))[0]?.precision).toBe('street');
		await sql`delete from structures where id = ${liberte12}`;
		const [first] = await geocode('12 rue de la Liberté, Dijon');
		expect(first).toMatchObject({ precision: 'street', ...LIBERTE_3 });
	});
});

describe('reverse', () => {
	it('gives the commune containing the point', async () => {
		expect(await communeAt(5.05, 47.33)).toEqual({
			communeCode: '21231',
			communeName: 'Dijon',
			departementCode: '21'
		});
		expect((await offlineGeocoder.reverse(6.0, 47.25))?.communeCode).toBe('25056');
	});

	it('gives null outside the region and for impossible coordinates', async () => {
		expect(await communeAt(2.35, 48.85)).toBeNull();
		expect(await communeAt(Number.NaN, 47)).toBeNull();
		expect(await communeAt(5, Number.POSITIVE_INFINITY)).toBeNull();
		expect(await communeAt(500, 47)).toBeNull();
	});
});
