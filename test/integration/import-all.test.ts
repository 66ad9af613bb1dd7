import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/lib/server/db';
import { importAll, type ImportSummary } from '../../src/lib/server/import';
import { linkPairs, readProgrammeLinks } from '../../src/lib/server/import/programme-links';
import { freshDatabase } from '../helpers/database';

/** The whole regional import, twice, on real PostGIS: counts, geometry, idempotence. */

let sql: Sql;
let first: ImportSummary;
let second: ImportSummary;
let countsAfterFirst: Record<string, number>;

async function tableCounts() {
	const [row] = await sql<Record<string, number>[]>`
		select (select count(*)::int from structures) as structures,
			(select count(*)::int from structure_identifiers) as identifiers,
			(select count(*)::int from structure_programmes) as links,
			(select count(*)::int from territories) as territories,
			(select coalesce(sum(version), 0)::int from structures) as versions`;
	return row!;
}

const report = (summary: ImportSummary, importer: string) =>
	summary.reports.find((r) => r.importer === importer)!;

beforeAll(async () => {
	sql = await freshDatabase();
	first = await importAll(sql);
	countsAfterFirst = await tableCounts();
	second = await importAll(sql);
}, 300_000);

describe('territories', () => {
	it('loads every level of the région with valid multipolygons and inner label points', async () => {
		expect(first.territories.counts).toEqual({
			academie: 2,
			commune: 3685,
			departement: 8,
			epci: 116,
			region: 1
		});
		const [bad] = await sql<{ invalid: number; outside: number; wrong_type: number }[]>`
			select count(*) filter (where not ST_IsValid(geom))::int as invalid,
				count(*) filter (where not ST_Covers(geom, label_point))::int as outside,
				count(*) filter (where GeometryType(geom) <> 'MULTIPOLYGON')::int as wrong_type
			from territories`;
		expect(bad).toEqual({ invalid: 0, outside: 0, wrong_type: 0 });
	});

	it('builds each académie from its four départements', async () => {
		const rows = await sql<{ academie: string; departements: string[]; ratio: number }[]>`
			select a.code as academie,
				array(select d.insee_code from territories d
					where d.kind = 'departement' and d.academie_code = a.insee_code order by 1) as departements,
				ST_Area(a.geom::geography) / (select sum(ST_Area(d.geom::geography)) from territories d
					where d.kind = 'departement' and d.academie_code = a.insee_code) as ratio
			from territories a where a.kind = 'academie' order by a.code`;
		expect(rows.map((r) => [r.academie, r.departements])).toEqual([
			['aca:besancon', ['25', '39', '70', '90']],
			['aca:dijon', ['21', '58', '71', '89']]
		]);
		for (const row of rows) expect(row.ratio).toBeCloseTo(1, 2);
	});

	it('gives communes their département, académie, EPCI, postcodes and former codes', async () => {
		const [besancon] = await sql`
			select departement_code, academie_code, epci_code, population, postcodes
			from territories where code = 'com:25056'`;
		expect(besancon).toMatchObject({ departement_code: '25', academie_code: 'besancon' });
		expect(besancon!.postcodes).toContain('25000');
		expect(besancon!.population).toBeGreaterThan(100_000);
		const [epci] =
			await sql`select kind from territories where code = ${'epci:' + besancon!.epci_code}`;
		expect(epci?.kind).toBe('epci');
		const [counts] = await sql<{ merged: number; partial: number }[]>`
			select count(*) filter (where kind = 'commune' and cardinality(former_codes) > 0)::int as merged,
				count(*) filter (where kind = 'epci' and partial)::int as partial
			from territories`;
		expect(counts!.merged).toBeGreaterThan(0);
		expect(counts!.partial).toBe(6);
	});
});

describe('datasets', () => {
	it('imports the row counts of SOURCES.md, with no reject in the shipped files', () => {
		const counts = Object.fromEntries(
			first.reports.map((r) => [r.importer, [r.read, r.inserted, r.rejected]])
		);
		expect(counts).toEqual({
			schools: [1361, 1361, 0],
			annuaire: [82, 81, 0],
			// Three places are listed twice in each MedNum file (same name, within 50 m).
			mednum: [662, 659, 0],
			lmn: [662, 0, 0],
			'higher-education': [8, 8, 0],
			research: [77, 77, 0]
		});
		expect(report(first, 'schools').byDataset).toEqual({
			'otsc-fc': { inserted: 927, updated: 0, unchanged: 0 },
			'geoloc-colleges': { inserted: 308, updated: 0, unchanged: 0 },
			'ips-lycees': { inserted: 126, updated: 0, unchanged: 0 }
		});
		// 0700585F is in both school files; every LMN row is a MedNum BFC place.
		expect(report(first, 'annuaire').attached).toBe(1);
		expect(report(first, 'lmn').attached).toBe(659);
		expect(report(first, 'mednum').merged).toBe(3);
		expect(report(first, 'lmn').merged).toBe(3);
		expect(countsAfterFirst.structures).toBe(1361 + 81 + 659 + 8 + 77);
	});

	it('changes nothing on a second run', async () => {
		for (const r of second.reports) {
			expect({ importer: r.importer, inserted: r.inserted, updated: r.updated }).toEqual({
				importer: r.importer,
				inserted: 0,
				updated: 0
			});
			expect(r.unchanged).toBe(r.read - r.rejected - r.merged);
		}
		expect(await tableCounts()).toEqual(countsAfterFirst);
	});

	it('records every run with its counts and reports', async () => {
		const runs = await sql<{ dataset_id: string; inserted: number; rejects: unknown[] }[]>`
			select dataset_id, inserted, rejects from import_runs order by id`;
		expect(runs).toHaveLength(12);
		expect(runs.slice(0, 6).map((r) => r.dataset_id)).toEqual([
			'etablissements-scolaires-bfc',
			'annuaire-education',
			'mednum-bfc',
			'mednum-bfc-lmn',
			'esr-etablissements',
			'rnsr'
		]);
		expect(runs.every((r) => r.rejects.length === 0)).toBe(true);
	});

	it('keeps one structure per identifier, completed by every dataset that has it', async () => {
		const rows = await sql<{ id: string; keys: string[]; email: string | null }[]>`
			select s.id, array(select jsonb_object_keys(s.source_values) order by 1) as keys, s.email
			from structures s join structure_identifiers i on i.structure_id = s.id
			where i.scheme = 'uai' and i.value = '0700585F'`;
		expect(rows).toHaveLength(1);
		expect(rows[0]!.keys).toEqual(['annuaire-education', 'otsc-fc']);
		expect(rows[0]!.email).toBe('ce.0700585F@ac-besancon.fr');
	});

	it('places structures without coordinates inside their commune, marked approximate', async () => {
		const [row] = await sql<{ approximate: number; outside: number; without_note: number }[]>`
			select count(*)::int as approximate,
				count(*) filter (where not ST_Covers(c.geom, s.geom))::int as outside,
				count(*) filter (where s.location_note is null)::int as without_note
			from structures s join territories c on c.kind = 'commune' and c.insee_code = s.commune_code
			where s.location_precision = 'approximate'`;
		// 126 lycées + 1 collège without coordinates, 1 école far from its commune, 45 MedNum
		// places with incoherent coordinates, 77 research structures.
		expect(row).toEqual({ approximate: 126 + 1 + 1 + 45 + 77, outside: 0, without_note: 0 });
	});

	it('reports every exact point that is not in its commune', async () => {
		const outside = await sql<{ record: string }[]>`
			select s.source_record_id as record
			from structures s join territories c on c.kind = 'commune' and c.insee_code = s.commune_code
			where s.location_precision = 'exact' and not ST_Covers(c.geom, s.geom)`;
		const reported = new Set(first.reports.flatMap((r) => r.warnings.map((w) => w.record)));
		expect(outside.length).toBeGreaterThan(0);
		for (const { record } of outside) expect(reported).toContain(record);
	});

	it('reports the MedNum BFC rows whose coordinates contradict their commune', async () => {
		const rows = parse(
			readFileSync('db/data/mediation/lieux-mediation-numerique-tiers-lieux-bfc.csv', 'utf8'),
			{ columns: true }
		) as Record<string, string>[];
		const flagged = rows.filter((r) => r.coord_incoherente_commune === 'true');
		expect(flagged).toHaveLength(45);
		const warned = new Map(report(first, 'mednum').warnings.map((w) => [w.record, w.message]));
		for (const row of flagged) expect(warned.get(row.id!)).toMatch(/incohérentes avec la commune/);
		const stored = await sql<{ id: string; precision: string; source: { longitude: number } }[]>`
			select source_record_id as id, location_precision as precision,
				attributes->'coordonnees_source' as source
			from structures where dataset_id = 'mednum-bfc' and attributes ? 'coord_incoherente_commune'`;
		expect(stored).toHaveLength(45);
		const published = new Map(flagged.map((r) => [r.id, Number(r.longitude)]));
		for (const s of stored) {
			expect(s.precision).toBe('approximate');
			expect(s.source.longitude).toBe(published.get(s.id));
		}
	});

	it('classifies MedNum places by the rules file, the primary category first', async () => {
		const byTypo = await sql<{ typo: string; rule: string; categories: string[] }[]>`
			select distinct attributes->>'code_typo' as typo, attributes->>'type_lieu' as rule, categories
			from structures
			where dataset_id = 'mednum-bfc' and attributes->>'code_typo' in ('F-I', 'M-TL', 'T')
			order by 1, 2`;
		expect(byTypo).toEqual([
			{ typo: 'F-I', rule: 'point-acces', categories: ['mediation-numerique'] },
			{
				typo: 'M-TL',
				rule: 'tiers-lieu',
				categories: ['fablab-tiers-lieu', 'mediation-numerique']
			},
			{ typo: 'T', rule: 'canope', categories: ['canope'] },
			{ typo: 'T', rule: 'coworking', categories: ['fablab-tiers-lieu'] }
		]);
		const counted = Object.values(report(first, 'mednum').rules).reduce((a, b) => a + b, 0);
		expect(counted).toBe(659);
	});

	it('keeps the establishments absent from the 2025 list, archiving only the merged ones', async () => {
		const rows = await sql<{ status: string; lifecycle: string; names: string[] }[]>`
			select status, lifecycle, array_agg(name order by name collate "C") as names
			from structures where dataset_id = 'esr-etablissements'
			group by status, lifecycle order by status, lifecycle`;
		expect(rows).toEqual([
			{
				status: 'archived',
				lifecycle: 'merged',
				names: ['Université de Bourgogne', 'Université de Franche-Comté']
			},
			{
				status: 'published',
				lifecycle: 'active',
				names: [
					'Burgundy School of Business',
					'SUPMICROTECH-ENSMM',
					'Université Bourgogne Europe',
					'Université Marie et Louis Pasteur',
					'Université de technologie de Belfort-Montbéliard',
					'École supérieure des technologies et des affaires de Belfort'
				]
			}
		]);
	});

	it('gives readable, unique slugs', async () => {
		const slugs = (
			await sql<{ slug: string }[]>`
				select slug from structures where name in ('Collège Victor Hugo', 'École primaire publique')`
		).map((r) => r.slug);
		expect(slugs.some((s) => /^college-victor-hugo-[a-z-]+$/.test(s))).toBe(true);
		expect(slugs.filter((s) => s.startsWith('ecole-primaire-publique-')).length).toBeGreaterThan(
			50
		);
	});
});

describe('roadmap programme links', () => {
	it('links structures only as the mapping says, with the roadmap role', async () => {
		const allowed = new Set(
			linkPairs(readProgrammeLinks('db/data')).map((p) => `${p.category}:${p.programme}`)
		);
		const links = await sql<{ categories: string[]; programme: number; role: string }[]>`
			select s.categories, sp.programme_number as programme, sp.role
			from structure_programmes sp join structures s on s.id = sp.structure_id`;
		expect(links.length).toBeGreaterThan(0);
		for (const link of links) {
			expect(link.role).toBe('feuille-de-route');
			expect(link.categories.some((c) => allowed.has(`${c}:${link.programme}`))).toBe(true);
		}
		const [mediation] = await sql<{ n: number }[]>`
			select count(*)::int as n from structure_programmes sp join structures s on s.id = sp.structure_id
			where s.categories = '{mediation-numerique}'`;
		expect(mediation!.n).toBe(0);
	});
});
