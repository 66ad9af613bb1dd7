import { beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/lib/server/db';
import * as territories from '../../src/lib/server/territories';
import { freshDatabase } from '../helpers/database';
import { EPCI, seedReference, seedTerritories } from './structures-fixtures';

let sql: Sql;

beforeAll(async () => {
	sql = await freshDatabase();
	await seedReference(sql);
	await seedTerritories(sql);
});

const codes = (rows: { code: string }[]) => rows.map((r) => r.code);

describe('territories.get', () => {
	it('gives a commune its parents, nearest first, with bbox and outline', async () => {
		const commune = await territories.get('com:21003');
		expect(commune).toMatchObject({
			code: 'com:21003',
			kind: 'commune',
			insee_code: '21003',
			name: 'Saint-Apollinaire',
			departement_code: '21',
			academie_code: 'dijon',
			epci_code: EPCI.two,
			postcodes: ['21850'],
			bbox: [4, 47, 5, 47.5],
			label_point: [4.5, 47.25],
			parents: [
				{ code: `epci:${EPCI.two}`, kind: 'epci', name: 'CA Deux' },
				{ code: 'dep:21', kind: 'departement', name: 'Côte-d’Or' },
				{ code: 'aca:dijon', kind: 'academie', name: 'Académie de Dijon' },
				{ code: 'reg:27', kind: 'region', name: 'Bourgogne-Franche-Comté' }
			]
		});
		expect(commune!.outline.type).toBe('MultiPolygon');
	});

	it('gives an EPCI every département it spans, and the région its none', async () => {
		const epci = await territories.get(`epci:${EPCI.two}`);
		expect(codes(epci!.parents)).toEqual(['dep:21', 'dep:71', 'aca:dijon', 'reg:27']);
		expect(codes((await territories.get('dep:25'))!.parents)).toEqual(['aca:besancon', 'reg:27']);
		expect(codes((await territories.get('aca:dijon'))!.parents)).toEqual(['reg:27']);
		expect((await territories.get('reg:27'))!.parents).toEqual([]);
		expect(codes((await territories.get('com:01001'))!.parents)).toEqual(['dep:01', 'reg:84']);
	});

	it('returns nothing for unknown or malformed codes', async () => {
		expect(await territories.get('dep:99')).toBeNull();
		expect(await territories.get('nope')).toBeNull();
		expect(await territories.get('radius:5,47,1000')).toBeNull();
	});

	it('simplifies outlines but keeps their extent', async () => {
		await sql`insert into territories (code, kind, insee_code, name, departement_code, academie_code, geom, label_point)
			select 'com:21999', 'commune', '21999', 'Dentelle', '21', 'dijon',
				ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(4.3, 47.3), 4326), 0.05, 256)),
				ST_SetSRID(ST_MakePoint(4.3, 47.3), 4326)`;
		const lace = await territories.get('com:21999');
		const ring = lace!.outline.coordinates[0]![0]!;
		expect(ring.length).toBeGreaterThan(20);
		expect(ring.length).toBeLessThan(1025);
		expect(lace!.bbox[0]).toBeCloseTo(4.25, 6);
		await sql`delete from territories where code = 'com:21999'`;
	});
});

describe('territories.list', () => {
	it('lists a kind, optionally inside a parent, by name', async () => {
		expect(codes(await territories.list('departement'))).toEqual([
			'dep:01',
			'dep:21',
			'dep:25',
			'dep:71'
		]);
		expect(codes(await territories.list('departement', { parent: 'aca:dijon' }))).toEqual([
			'dep:21',
			'dep:71'
		]);
		expect(codes(await territories.list('departement', { parent: 'reg:27' }))).toEqual([
			'dep:21',
			'dep:25',
			'dep:71'
		]);
		expect(codes(await territories.list('academie', { parent: 'reg:27' }))).toEqual([
			'aca:besancon',
			'aca:dijon'
		]);
		expect(codes(await territories.list('epci', { parent: 'dep:71' }))).toEqual([
			`epci:${EPCI.two}`
		]);
		expect(codes(await territories.list('commune', { parent: `epci:${EPCI.two}` }))).toEqual([
			'com:71001',
			'com:21003'
		]);
		expect(codes(await territories.list('commune', { parent: 'dep:25' }))).toEqual([
			'com:25001',
			'com:25002'
		]);
		expect(await territories.list('commune', { parent: 'dep:99' })).toEqual([]);
		expect(await territories.list('commune', { parent: 'n’importe quoi' })).toEqual([]);
	});
});

describe('territories.search', () => {
	it('finds names ignoring case, accents and hyphens, exact and prefix first', async () => {
		expect(codes(await territories.search('besancon'))).toEqual(['com:25001', 'aca:besancon']);
		expect(codes(await territories.search('saint apollinaire'))).toEqual(['com:21003']);
		expect(codes(await territories.search('COTE D OR'))).toEqual(['dep:21']);
		expect(codes(await territories.search('bourgogne'))).toEqual(['reg:27']);
		expect(codes(await territories.search('academie', { kinds: ['academie'] })).sort()).toEqual([
			'aca:besancon',
			'aca:dijon'
		]);
		expect(await territories.search('   ')).toEqual([]);
		expect(await territories.search('%')).toEqual([]);
	});

	it('finds communes by postcode, INSEE code or former code', async () => {
		expect(codes(await territories.search('25030'))).toEqual(['com:25001']);
		expect(codes(await territories.search('71001'))).toEqual(['com:71001']);
		expect(codes(await territories.search('25999'))).toEqual(['com:25002']);
	});

	it('tolerates a typo', async () => {
		expect(codes(await territories.search('besanson'))).toContain('com:25001');
	});
});

describe('territories.containing', () => {
	it('finds the communes containing a point, and other kinds on demand', async () => {
		expect(codes(await territories.containing(4.25, 47.75))).toEqual(['com:21001']);
		// On a shared border both communes contain the point.
		expect(codes(await territories.containing(4.5, 47.75))).toEqual(['com:21001', 'com:21002']);
		expect(codes(await territories.containing(5.5, 46.5, 'departement'))).toEqual(['dep:25']);
		expect(await territories.containing(0, 0)).toEqual([]);
	});
});
