import { beforeAll, describe, expect, it } from 'vitest';
import { parseDrawnPolygon, type DrawnArea } from '../../src/lib/domain/polygon';
import { emptyFilters, type StructureFilters } from '../../src/lib/domain/structure-filters';
import { parseTerritory } from '../../src/lib/domain/territory-code';
import * as contacts from '../../src/lib/server/contacts';
import type { Sql } from '../../src/lib/server/db';
import { freshDatabase } from '../helpers/database';
import { seedRealSchools, seedRealTerritories, type School } from './contacts-fixtures';
import { insertStructure, seedReference } from './structures-fixtures';

let sql: Sql;
let schools: School[];
const staff: contacts.Viewer = { id: '00000000-0000-4000-8000-000000000001', role: 'moderator' };
const partner: contacts.Viewer = { id: '00000000-0000-4000-8000-000000000002', role: 'partner' };

const territory = (code: string): StructureFilters => {
	const parsed = parseTerritory(code);
	if (!parsed.ok) throw new Error(parsed.message);
	return { ...emptyFilters(), territory: parsed.value };
};

async function slugs(query: contacts.ContactQuery): Promise<string[]> {
	const page = await contacts.list(query, staff);
	expect(page.items).toHaveLength(page.total);
	return page.items.map((s) => s.slug).sort();
}

async function outline(code: string, tolerance = 0): Promise<DrawnArea> {
	const [row] = await sql<{ geometry: DrawnArea }[]>`
		select ST_AsGeoJSON(ST_SimplifyPreserveTopology(geom, ${tolerance}::float8))::json as geometry
		from territories where code = ${code}`;
	return row!.geometry;
}

let fablab: string;

beforeAll(async () => {
	sql = await freshDatabase();
	await seedReference(sql);
	await seedRealTerritories(sql);
	schools = await seedRealSchools(sql);
	fablab = await insertStructure(sql, {
		name: 'Fablab de la Fabrique',
		categories: ['fablab-tiers-lieu', 'mediation-numerique'],
		lon: 5.0415,
		lat: 47.3216,
		commune: '21231',
		slug: 'fablab-de-la-fabrique',
		programmes: [[2, 'partenaire']]
	});
	await sql`update structures set email = 'bonjour@fabrique.test', phone = '03 80 11 22 33' where id = ${fablab}`;
	await sql`insert into contacts (structure_id, name, role, email, phone, visibility) values
		(${fablab}, 'Alix Public', 'Accueil', 'alix@fabrique.test', null, 'public'),
		(${fablab}, 'Sacha Secret', 'Référent numérique', 'sacha.secret@fabrique.test', '06 12 34 56 78', 'staff')`;
});

describe('stored territories', () => {
	it('a département gives the structures of its communes', async () => {
		const communes = new Set(
			(
				await sql<{ insee_code: string }[]>`
					select insee_code from territories where kind = 'commune' and departement_code = '25'`
			).map((r) => r.insee_code)
		);
		const expected = schools
			.filter((s) => communes.has(s.commune))
			.map((s) => s.uai.toLowerCase())
			.sort();
		expect(expected.length).toBeGreaterThan(100);
		expect(await slugs({ filters: territory('dep:25') })).toEqual(expected);
	});

	it('an EPCI and a commune give the structures of their communes', async () => {
		const [dijonMetropole] = await sql<{ epci_code: string }[]>`
			select epci_code from territories where code = 'com:21231'`;
		const members = new Set(
			(
				await sql<{ insee_code: string }[]>`
					select insee_code from territories where kind = 'commune' and epci_code = ${dijonMetropole!.epci_code}`
			).map((r) => r.insee_code)
		);
		const inEpci = schools.filter((s) => members.has(s.commune)).map((s) => s.uai.toLowerCase());
		expect(await slugs({ filters: territory(`epci:${dijonMetropole!.epci_code}`) })).toEqual(
			[...inEpci, 'fablab-de-la-fabrique'].sort()
		);
		const inDijon = schools.filter((s) => s.commune === '21231').map((s) => s.uai.toLowerCase());
		expect(inDijon.length).toBeGreaterThan(5);
		expect(await slugs({ filters: territory('com:21231') })).toEqual(
			[...inDijon, 'fablab-de-la-fabrique'].sort()
		);
	});

	it('a radius gives exactly the structures within that distance (geography)', async () => {
		const page = await contacts.list({ filters: territory('radius:6.0237,47.2378,12000') }, staff);
		const distances = await sql<{ slug: string; metres: number }[]>`
			select slug, ST_Distance(geom::geography,
				ST_SetSRID(ST_MakePoint(6.0237, 47.2378), 4326)::geography) as metres
			from structures where status = 'published'`;
		const within = distances.filter((d) => d.metres <= 12000).map((d) => d.slug);
		expect(within.length).toBeGreaterThan(20);
		expect(distances.some((d) => d.metres > 12000 && d.metres < 14000)).toBe(true);
		expect(page.items.map((s) => s.slug).sort()).toEqual(within.sort());
	});

	it('describes the area, and refuses an unknown territory', async () => {
		const resolved = await contacts.resolveArea({ filters: territory('dep:21') });
		expect(resolved).toMatchObject({ ok: true, value: { code: 'dep:21', label: "Côte-d'Or" } });
		expect(await contacts.resolveArea({ filters: territory('dep:99') })).toEqual({
			ok: false,
			message: 'Territoire inconnu : « dep:99 ».'
		});
		expect((await contacts.resolveArea({ filters: emptyFilters() })).ok).toBe(false);
	});
});

describe('drawn polygons', () => {
	it('a polygon drawn exactly along a département gives the same set as the département', async () => {
		for (const code of ['dep:21', 'dep:25', 'dep:39', 'dep:90']) {
			const polygon = await outline(code);
			expect(await slugs({ filters: emptyFilters(), polygon })).toEqual(
				await slugs({ filters: territory(code) })
			);
		}
	});

	it('a simplified outline (≤ 500 vertices) differs only by structures within the simplification tolerance of the border', async () => {
		// Tolerance 0.005° ≈ 550 m in latitude, 380 m in longitude here: the outlines drop to
		// fewer than 500 vertices, which a person could draw or paste.
		const tolerance = 0.005;
		for (const code of ['dep:21', 'dep:25']) {
			const parsed = parseDrawnPolygon(await outline(code, tolerance));
			if (!parsed.ok) throw new Error(parsed.message);
			const drawn = await slugs({ filters: emptyFilters(), polygon: parsed.value });
			const departement = await slugs({ filters: territory(code) });
			const onlyOne = [
				...drawn.filter((s) => !departement.includes(s)),
				...departement.filter((s) => !drawn.includes(s))
			];
			expect(onlyOne.length).toBeLessThan(departement.length * 0.02);
			if (onlyOne.length) {
				const far = await sql`
					select s.slug from structures s, territories d
					where d.code = ${code} and s.slug = any(${onlyOne}::text[])
						and ST_Distance(ST_Boundary(d.geom), s.geom) > ${tolerance}::float8`;
				expect(far).toEqual([]);
			}
		}
	});

	it('clips to the region: a polygon across the border counts only the part inside', async () => {
		const acrossSwissBorder = parseDrawnPolygon({
			type: 'Polygon',
			coordinates: [
				[
					[6.7, 47.3],
					[7.5, 47.3],
					[7.5, 47.7],
					[6.7, 47.7],
					[6.7, 47.3]
				]
			]
		});
		if (!acrossSwissBorder.ok) throw new Error(acrossSwissBorder.message);
		const resolved = await contacts.resolveArea({
			filters: emptyFilters(),
			polygon: acrossSwissBorder.value
		});
		if (!resolved.ok) throw new Error(resolved.message);
		const [whole] = await sql<{ km2: number }[]>`
			select ST_Area(ST_GeomFromGeoJSON(${JSON.stringify(acrossSwissBorder.value)})::geography) / 1e6 as km2`;
		expect(resolved.value.area_km2).toBeGreaterThan(100);
		expect(resolved.value.area_km2).toBeLessThan(whole!.km2 * 0.8);
		expect(resolved.value.label).toMatch(/^Zone dessinée \(\d[\d\s\u202f]* km² dans la région\)$/);
	});

	it('refuses a polygon wholly outside the region, and one PostGIS finds invalid', async () => {
		const paris = parseDrawnPolygon({
			type: 'Polygon',
			coordinates: [
				[
					[2.2, 48.8],
					[2.4, 48.8],
					[2.4, 48.9],
					[2.2, 48.8]
				]
			]
		});
		if (!paris.ok) throw new Error(paris.message);
		expect(await contacts.resolveArea({ filters: emptyFilters(), polygon: paris.value })).toEqual({
			ok: false,
			message:
				'La zone dessinée est entièrement hors de Bourgogne-Franche-Comté : dessinez-la sur la région.'
		});
		// A hole outside its shell has no crossing, so it passes turf, but not PostGIS.
		const holeOutside = parseDrawnPolygon({
			type: 'Polygon',
			coordinates: [
				[
					[5, 47],
					[5.1, 47],
					[5.1, 47.1],
					[5, 47.1],
					[5, 47]
				],
				[
					[5.3, 47.3],
					[5.4, 47.3],
					[5.4, 47.4],
					[5.3, 47.3]
				]
			]
		});
		if (!holeOutside.ok) throw new Error(holeOutside.message);
		const refused = await contacts.resolveArea({
			filters: emptyFilters(),
			polygon: holeOutside.value
		});
		expect(refused).toMatchObject({ ok: false, message: expect.stringMatching(/pas valide/) });
	});

	it('combines a polygon with category and programme filters', async () => {
		const polygon = await outline('com:21231');
		expect(
			await slugs({ filters: { ...emptyFilters(), categories: ['fablab-tiers-lieu'] }, polygon })
		).toEqual(['fablab-de-la-fabrique']);
		expect(await slugs({ filters: { ...emptyFilters(), programmes: [2] }, polygon })).toEqual([
			'fablab-de-la-fabrique'
		]);
		expect(await slugs({ filters: { ...emptyFilters(), programmes: [3] }, polygon })).toEqual([]);
	});
});

describe('contacts in results', () => {
	it('gives staff every contact, the establishment channels first', async () => {
		const page = await contacts.list(
			{ filters: { ...territory('com:21231'), categories: ['fablab-tiers-lieu'] } },
			staff
		);
		expect(page.items).toHaveLength(1);
		expect(page.items[0]).toMatchObject({
			id: fablab,
			slug: 'fablab-de-la-fabrique',
			categories: ['fablab-tiers-lieu', 'mediation-numerique'],
			commune: { code: '21231', name: 'Dijon' },
			departement: '21',
			geometry: { type: 'Point', coordinates: [5.0415, 47.3216] }
		});
		expect(page.items[0]!.contacts.map((c) => [c.kind, c.name, c.email, c.visibility])).toEqual([
			['etablissement', 'Contact établissement', 'bonjour@fabrique.test', 'public'],
			['personne', 'Alix Public', 'alix@fabrique.test', 'public'],
			['personne', 'Sacha Secret', 'sacha.secret@fabrique.test', 'staff']
		]);
	});

	it('never gives staff-only contacts to anyone else', async () => {
		const page = await contacts.list({ filters: territory('com:21231') }, partner);
		expect(JSON.stringify(page)).not.toContain('sacha.secret');
		const summary = await contacts.summarise({ filters: territory('com:21231') }, partner);
		expect(summary.people).toBe(1);
	});

	it('counts by category and by commune over the whole result, with pages', async () => {
		const query = { filters: territory('dep:90') };
		const all = await contacts.list(query, staff);
		const summary = await contacts.summarise(query, staff);
		expect(summary.structures).toBe(all.total);
		expect(summary.byCommune.reduce((n, c) => n + c.count, 0)).toBe(all.total);
		expect(summary.byCategory.reduce((n, c) => n + c.count, 0)).toBe(all.total);
		const second = await contacts.list(query, staff, { limit: 10, offset: 10 });
		expect(second.total).toBe(all.total);
		expect(second.items.map((s) => s.id)).toEqual(all.items.slice(10, 20).map((s) => s.id));
	});
});
