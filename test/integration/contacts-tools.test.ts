import { beforeAll, describe, expect, it } from 'vitest';
import { emptyFilters } from '../../src/lib/domain/structure-filters';
import * as contacts from '../../src/lib/server/contacts';
import type { Sql } from '../../src/lib/server/db';
import { freshDatabase } from '../helpers/database';
import { seedRealSchools, seedRealTerritories } from './contacts-fixtures';
import { insertStructure, seedReference } from './structures-fixtures';

let sql: Sql;
let staff: contacts.Viewer;

beforeAll(async () => {
	sql = await freshDatabase();
	await seedReference(sql);
	await seedRealTerritories(sql);
	await seedRealSchools(sql);
	const [user] = await sql<{ id: string }[]>`
		insert into users (email, password_hash, role) values ('dan@region.test', 'x', 'moderator')
		returning id`;
	staff = { id: user!.id, role: 'moderator' };
	const canope = await insertStructure(sql, {
		name: 'Atelier Canopé 21 – Dijon',
		categories: ['canope'],
		lon: 5.0436,
		lat: 47.3162,
		commune: '21231',
		slug: 'atelier-canope-21'
	});
	await insertStructure(sql, {
		name: 'Atelier Canopé 25 – Besançon',
		categories: ['canope'],
		lon: 6.0186,
		lat: 47.2442,
		commune: '25056',
		slug: 'atelier-canope-25'
	});
	await insertStructure(sql, {
		name: 'Atelier Canopé fermé',
		categories: ['canope'],
		lon: 5.05,
		lat: 47.33,
		commune: '21231',
		status: 'archived'
	});
	await sql`insert into contacts (structure_id, name, role, email, visibility)
		values (${canope}, 'Claude Médiateur', 'Médiateur ressources', 'claude@canope.test', 'staff')`;
	// An address the offline gazetteer learns from a structure placed exactly on its street.
	const library = await insertStructure(sql, {
		name: 'Médiathèque de la Liberté',
		categories: ['mediation-numerique'],
		lon: 5.0377,
		lat: 47.3219,
		commune: '21231'
	});
	await sql`update structures set address_street = '12 rue de la Liberté', postcode = '21000'
		where id = ${library}`;
});

describe('nearestByCategory', () => {
	it('finds, per category, the nearest published structures in distance order, with contacts', async () => {
		const here = { lon: 4.95, lat: 47.25 };
		const [colleges, canope] = await contacts.nearestByCategory(
			here,
			['college', 'canope'],
			staff,
			3
		);
		const brute = await sql<{ slug: string; metres: number }[]>`
			select slug, ST_Distance(geom::geography,
				ST_SetSRID(ST_MakePoint(${here.lon}, ${here.lat}), 4326)::geography) as metres
			from structures where status = 'published' and 'college' = any(categories)
			order by metres limit 3`;
		expect(colleges!.category).toBe('college');
		expect(colleges!.structures.map((s) => s.slug)).toEqual(brute.map((b) => b.slug));
		expect(colleges!.structures.map((s) => Math.round(s.distance_m))).toEqual(
			brute.map((b) => Math.round(b.metres))
		);
		expect(canope!.structures.map((s) => s.slug)).toEqual([
			'atelier-canope-21',
			'atelier-canope-25'
		]);
		expect(canope!.structures[0]!.contacts.map((c) => c.email)).toEqual(['claude@canope.test']);
		expect(canope!.structures[0]!.distance_m).toBeGreaterThan(10_000);
		expect(canope!.structures[0]!.distance_m).toBeLessThan(10_400);
	});
});

describe('locate', () => {
	it('finds a school by UAI, a commune by name or postcode, and coordinates in either order', async () => {
		const [school] = await sql<{ value: string; lon: number; lat: number }[]>`
			select i.value, ST_X(s.geom) as lon, ST_Y(s.geom) as lat
			from structure_identifiers i join structures s on s.id = i.structure_id
			where i.scheme = 'uai' order by i.value limit 1`;
		expect(await contacts.locate(school!.value.toLowerCase())).toMatchObject({
			ok: true,
			place: { kind: 'structure', lon: school!.lon, lat: school!.lat }
		});
		expect(await contacts.locate('Besançon')).toMatchObject({
			ok: true,
			place: { kind: 'commune', query: 'com:25056', label: 'Besançon (25)' }
		});
		expect(await contacts.locate('Dijon (21)')).toMatchObject({
			ok: true,
			place: { query: 'com:21231', name: 'Dijon' }
		});
		expect(await contacts.locate('25000')).toMatchObject({
			ok: true,
			place: { query: 'com:25056' }
		});
		expect(await contacts.locate('3 impasse des Inconnus 21000 Dijon')).toMatchObject({
			ok: true,
			place: { query: 'com:21231' }
		});
		const street = await contacts.locate('14 rue de la Liberté, 21000 Dijon');
		expect(street).toMatchObject({ ok: true, place: { kind: 'adresse' } });
		if (street.ok) {
			expect(street.place.lon).toBeCloseTo(5.0377, 2);
			expect(street.place.lat).toBeCloseTo(47.3219, 2);
		}
		expect(await contacts.locate('47.32, 5.04')).toMatchObject({
			ok: true,
			place: { lat: 47.32, lon: 5.04, kind: 'coordonnees' }
		});
		expect(await contacts.locate('5.04,47.32')).toMatchObject({
			ok: true,
			place: { lat: 47.32, lon: 5.04 }
		});
		expect(await contacts.locate('structure:atelier-canope-25')).toMatchObject({
			ok: true,
			place: { label: 'Atelier Canopé 25 – Besançon (Besançon)' }
		});
	});

	it('offers candidates when the text is ambiguous, and explains when nothing matches', async () => {
		const ambiguous = await contacts.locate('Atelier Canopé');
		expect(ambiguous.ok).toBe(false);
		if (ambiguous.ok) return;
		expect(ambiguous.candidates.map((c) => c.query)).toEqual([
			'structure:atelier-canope-21',
			'structure:atelier-canope-25'
		]);
		expect(await contacts.locate('0000000Z')).toEqual({
			ok: false,
			message: 'Aucun établissement publié n’a le code UAI 0000000Z.',
			candidates: []
		});
		const nothing = await contacts.locate('Xyzzyville');
		expect(nothing).toMatchObject({ ok: false, candidates: [] });
	});
});

describe('coverage', () => {
	it('lists exactly the communes farther than X km from the nearest structure of a category', async () => {
		const result = await contacts.coverage('college', 12, '58');
		const brute = await sql<{ insee_code: string; km: number }[]>`
			select c.insee_code, min(ST_Distance(s.geom::geography, c.label_point::geography)) / 1000 as km
			from territories c, structures s
			where c.kind = 'commune' and c.departement_code = '58'
				and s.status = 'published' and 'college' = any(s.categories)
			group by c.insee_code`;
		const expected = brute.filter((b) => b.km > 12).map((b) => b.insee_code);
		expect(expected.length).toBeGreaterThan(5);
		expect(result.communes.map((c) => c.code).sort()).toEqual(expected.sort());
		expect(result.communesTotal).toBe(brute.length);
		expect(result.points.features).toHaveLength(expected.length);
		const distances = result.communes.map((c) => c.distance_km!);
		expect(distances).toEqual([...distances].sort((a, b) => b - a));
		expect(result.population).toBe(result.communes.reduce((n, c) => n + (c.population ?? 0), 0));
		expect(result.population).toBeLessThan(result.populationTotal);
	});

	it('treats every commune as uncovered when the category has no structure', async () => {
		const result = await contacts.coverage('incubateur', 50, '90');
		expect(result.communes).toHaveLength(result.communesTotal);
		expect(result.communes.every((c) => c.distance_km === null && c.nearest === null)).toBe(true);
	});

	it('counts a Canopé across the département border, but not an archived one', async () => {
		const result = await contacts.coverage('canope', 5, '21');
		const dijon = await contacts.coverage('canope', 5, null);
		expect(result.communes.some((c) => c.code === '21231')).toBe(false);
		expect(dijon.communes.find((c) => c.code === '25056')).toBeUndefined();
		expect(dijon.communesTotal).toBeGreaterThan(3600);
	});
});

describe('audit and limits', () => {
	it('records who looked at which area and how many rows', async () => {
		await contacts.record(staff.id, 'contacts.export', {
			query: { filters: { ...emptyFilters(), categories: ['canope'] } },
			rows: 2,
			format: 'csv'
		});
		const polygon = {
			type: 'Polygon' as const,
			coordinates: [
				[
					[5, 47],
					[5.1, 47],
					[5.1, 47.1],
					[5, 47]
				]
			]
		};
		await contacts.record(staff.id, 'contacts.list', {
			query: { filters: emptyFilters(), polygon },
			rows: 7
		});
		const rows = await sql<
			{ actor_id: string; action: string; entity_id: string; details: Record<string, unknown> }[]
		>`
			select actor_id, action, entity_id, details from audit_log where entity = 'contacts' order by id`;
		expect(rows).toEqual([
			{
				actor_id: staff.id,
				action: 'contacts.export',
				entity_id: null,
				details: { rows: 2, format: 'csv', territory: null, categories: ['canope'], programmes: [] }
			},
			{
				actor_id: staff.id,
				action: 'contacts.list',
				entity_id: 'polygone',
				details: { rows: 7, territory: 'polygone', polygon, categories: [], programmes: [] }
			}
		]);
	});

	it('refuses exports beyond the hourly limit, per user', async () => {
		for (let i = 0; i < contacts.LIMITS.export.max; i++)
			expect(await contacts.checkLimit(staff.id, 'export')).toBeNull();
		const refused = await contacts.checkLimit(staff.id, 'export');
		expect(refused?.message).toMatch(
			/^Trop d’exports de contacts en peu de temps : réessayez dans /
		);
		expect(refused?.retryAfterSeconds).toBeGreaterThan(3000);
		expect(await contacts.checkLimit('someone-else', 'export')).toBeNull();
		expect(await contacts.checkLimit(staff.id, 'list')).toBeNull();
	});
});
