import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/lib/server/db';
import {
	importDataset,
	importReferenceData,
	importTerritoryData,
	review
} from '../../src/lib/server/import';
import { distanceMeters } from '../../src/lib/server/import/changes';
import { freshDatabase } from '../helpers/database';

/**
 * An official re-import reviewed before it lands: a modified copy of the shipped Annuaire
 * extract (one school closed, one moved 300 m, one renamed, one new, one renamed by the source
 * while a moderator had corrected its name) against the published extract.
 */

const EXTRACT = resolve('db/data/schools/annuaire-education-extrait-bfc.csv');
const dir = mkdtempSync(join(tmpdir(), 'cartonum-reimport-'));
const UAI_KEYS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

let sql: Sql;
let header: string[];
let rows: string[][];
const picked: Record<'closed' | 'moved' | 'renamed' | 'conflict', { uai: string; id: string }> =
	{} as never;
let newUai: string;
let modifiedFile: string;

const column = (name: string) => header.indexOf(name);

async function structureOf(uai: string) {
	const [row] = await sql<
		{ id: string; name: string; status: string; lon: number; lat: number; version: number }[]
	>`
		select s.id, s.name, s.status, ST_X(s.geom) as lon, ST_Y(s.geom) as lat, s.version
		from structures s join structure_identifiers i on i.structure_id = s.id
		where i.scheme = 'uai' and i.value = ${uai}`;
	return row;
}

async function snapshot() {
	return sql`select id, name, status, version, ST_AsText(geom) as geom, confirmed_at
		from structures order by id`;
}

beforeAll(async () => {
	sql = await freshDatabase();
	await importReferenceData(sql);
	await importTerritoryData(sql);
	await importDataset(sql, 'annuaire');

	const lines = readFileSync(EXTRACT, 'utf8').split(/\r?\n/).filter(Boolean);
	header = lines[0]!.split(';');
	rows = lines.slice(1).map((l) => l.split(';'));
	// Four different published schools with an exact point, whichever the extract holds.
	const published = await sql<{ uai: string; id: string }[]>`
		select i.value as uai, s.id from structures s
		join structure_identifiers i on i.structure_id = s.id and i.scheme = 'uai'
		where s.status = 'published' and s.location_precision = 'exact'
		order by i.value`;
	expect(published.length).toBeGreaterThanOrEqual(4);
	const step = Math.floor(published.length / 4);
	(['closed', 'moved', 'renamed', 'conflict'] as const).forEach((key, k) => {
		picked[key] = published[k * step]!;
	});

	// A moderator corrected this school's name: a local edit the import must not overwrite.
	await sql`update structures set name = 'Nom corrigé par la modération', version = version + 1
		where id = ${picked.conflict.id}`;

	const row = (uai: string) =>
		rows.find((r) => r[column('Identifiant_de_l_etablissement')] === uai)!;
	row(picked.closed.uai)[column('etat')] = 'FERME';
	const moved = row(picked.moved.uai);
	const lat = Number(moved[column('latitude')]);
	moved[column('latitude')] = String(lat + 300 / 111_195);
	row(picked.renamed.uai)[column('Nom_etablissement')] = 'ECOLE PRIMAIRE JULES FERRY';
	row(picked.conflict.uai)[column('Nom_etablissement')] = 'ECOLE PRIMAIRE LOUISE MICHEL';
	// A new school: a copy of the renamed one's row with a fresh, valid UAI.
	const taken = new Set(rows.map((r) => r[column('Identifiant_de_l_etablissement')]));
	for (let n = 219_000; !newUai; n++) {
		const code = `0${n}${UAI_KEYS[n % 23]}`;
		if (!taken.has(code)) newUai = code;
	}
	const fresh = [...row(picked.renamed.uai)];
	fresh[column('Identifiant_de_l_etablissement')] = newUai;
	fresh[column('Nom_etablissement')] = 'ECOLE ELEMENTAIRE NOUVELLE';
	rows.push(fresh);

	modifiedFile = join(dir, 'annuaire-modifie.csv');
	writeFileSync(
		modifiedFile,
		[header.join(';'), ...rows.map((r) => r.join(';'))].join('\n') + '\n'
	);
}, 300_000);

describe('a re-import of the Annuaire', () => {
	it('lists exactly the changes in a dry run, and writes nothing', async () => {
		const before = await snapshot();
		const [runs] = await sql<{ n: number }[]>`select count(*)::int as n from import_runs`;
		const report = await importDataset(sql, 'annuaire', { file: modifiedFile, dryRun: true });

		expect(report.dryRun).toBe(true);
		const summary = report.changes
			.map((c) => `${c.kind}:${c.recordId}:${c.conflict ? 'conflict' : 'apply'}`)
			.sort();
		expect(summary).toEqual(
			[
				`closed:${picked.closed.uai}:apply`,
				`moved:${picked.moved.uai}:apply`,
				`renamed:${picked.renamed.uai}:apply`,
				`new:${newUai}:apply`,
				`renamed:${picked.conflict.uai}:conflict`
			].sort()
		);
		expect(report.changeCounts).toMatchObject({ new: 1, closed: 1, moved: 1, renamed: 2 });
		const move = report.changes.find((c) => c.kind === 'moved')!;
		expect(move.summary).toMatch(/Déplacée de (29\d|30\d) m/);

		expect(await snapshot()).toEqual(before);
		expect(await structureOf(newUai)).toBeUndefined();
		const [after] = await sql<{ n: number }[]>`select count(*)::int as n from import_runs`;
		expect(after!.n).toBe(runs!.n);
		const [pending] = await sql<{ n: number }[]>`select count(*)::int as n from import_changes`;
		expect(pending!.n).toBe(0);
	});

	it('applies every change but the conflict, which waits in the review list', async () => {
		const movedBefore = (await structureOf(picked.moved.uai))!;
		const report = await importDataset(sql, 'annuaire', { file: modifiedFile });
		expect(report.pendingReview).toBe(1);

		const closed = (await structureOf(picked.closed.uai))!;
		expect(closed.status).toBe('closed');
		const [history] = await sql`select 1 from audit_log
			where entity = 'structure' and entity_id = ${closed.id} and action = 'structure.closed'`;
		expect(history).toBeDefined();

		const moved = (await structureOf(picked.moved.uai))!;
		const meters = distanceMeters(movedBefore, moved);
		expect(meters).toBeGreaterThan(290);
		expect(meters).toBeLessThan(310);

		expect((await structureOf(picked.renamed.uai))!.name).toMatch(/Jules Ferry/i);
		expect((await structureOf(newUai))!.status).toBe('published');
		expect((await structureOf(picked.conflict.uai))!.name).toBe('Nom corrigé par la modération');

		const pending = await review.pending();
		expect(pending.map((p) => [p.structureId, p.kind, p.path])).toEqual([
			[picked.conflict.id, 'renamed', 'name']
		]);
		expect(pending[0]!.after).toMatch(/Louise Michel/i);
	});

	it('does not ask again on the next run, and a moderator accepting writes the source value', async () => {
		await importDataset(sql, 'annuaire', { file: modifiedFile });
		const pending = await review.pending();
		expect(pending).toHaveLength(1);

		const [moderator] = await sql<{ id: string }[]>`
			insert into users (email, password_hash, role) values ('mod-reimport@exemple.fr', 'x', 'moderator')
			returning id`;
		expect(await review.decide(moderator!.id, 'accepted', { kind: 'renamed' })).toBe(1);
		expect((await structureOf(picked.conflict.uai))!.name).toMatch(/Louise Michel/i);
		expect(await review.pending()).toHaveLength(0);
		const [logged] = await sql`select 1 from audit_log where entity_id = ${picked.conflict.id}
			and action = 'import_change.accepted'`;
		expect(logged).toBeDefined();

		// The field belongs to the source again: the next run changes nothing and asks nothing.
		const again = await importDataset(sql, 'annuaire', { file: modifiedFile });
		expect(again.changes).toEqual([]);
		expect(await review.pending()).toHaveLength(0);
	});

	it('a rejected proposal keeps the local value and is not proposed again', async () => {
		await sql`update structures set name = 'Nom local maintenu' where id = ${picked.renamed.id}`;
		const file = join(dir, 'annuaire-renomme.csv');
		const renamed = rows.map((r) =>
			r[column('Identifiant_de_l_etablissement')] === picked.renamed.uai
				? r.map((v, k) => (k === column('Nom_etablissement') ? 'ECOLE PRIMAIRE JEAN MOULIN' : v))
				: r
		);
		writeFileSync(file, [header.join(';'), ...renamed.map((r) => r.join(';'))].join('\n') + '\n');
		await importDataset(sql, 'annuaire', { file });
		const [change] = await review.pending();
		expect(change?.structureId).toBe(picked.renamed.id);
		const [moderator] = await sql<{ id: string }[]>`select id from users where role = 'moderator'`;
		expect(await review.decide(moderator!.id, 'rejected', { ids: [change!.id] })).toBe(1);
		expect((await structureOf(picked.renamed.uai))!.name).toBe('Nom local maintenu');
		await importDataset(sql, 'annuaire', { file });
		expect(await review.pending()).toHaveLength(0);
	});
});
