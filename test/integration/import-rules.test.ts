import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/lib/server/db';
import {
	ImportFileError,
	importDataset,
	importReferenceData,
	importTerritoryData
} from '../../src/lib/server/import';
import { ANNUAIRE_COLUMNS } from '../../src/lib/server/import/sources/annuaire';
import { freshDatabase } from '../helpers/database';

/** Import rules on small files written here: rejects, placement, merges, layouts. */

let sql: Sql;
const dir = mkdtempSync(join(tmpdir(), 'cartonum-import-'));

const SCHOOL_COLUMNS =
	'uai,nom,categorie,type_detail,niveau_maternelle,niveau_elementaire,nature_uai,secteur,adresse,code_postal,code_commune,commune,code_departement,academie,latitude,longitude,geo_precision,geocodage_qualite,date_ouverture,annee_reference,source_id,code_commune_source'.split(
		','
	);

/** A UAI with its check letter. */
function uai(digits: string) {
	return digits + 'ABCDEFGHJKLMNPRSTUVWXYZ'[Number(digits) % 23];
}

function schoolsFile(name: string, rows: Record<string, string>[]) {
	const lines = rows.map((row) =>
		SCHOOL_COLUMNS.map((c) => row[c] ?? (c === 'source_id' ? 'geoloc-colleges' : '')).join(',')
	);
	const file = join(dir, name);
	writeFileSync(file, [SCHOOL_COLUMNS.join(','), ...lines].join('\n') + '\n');
	return file;
}

const college = (fields: Record<string, string>) => ({ categorie: 'college', ...fields });

async function structureByUai(code: string) {
	const [row] = await sql<
		{
			id: string;
			name: string;
			commune_code: string;
			location_precision: string;
			location_note: string | null;
			address_street: string | null;
			inside: boolean;
		}[]
	>`
		select s.id, s.name, s.commune_code, s.location_precision, s.location_note, s.address_street,
			ST_Covers(c.geom, s.geom) as inside
		from structures s
		join structure_identifiers i on i.structure_id = s.id and i.scheme = 'uai' and i.value = ${code}
		join territories c on c.kind = 'commune' and c.insee_code = s.commune_code`;
	return row;
}

beforeAll(async () => {
	sql = await freshDatabase();
	await importReferenceData(sql);
	await importTerritoryData(sql);
}, 180_000);

describe('rejected rows', () => {
	it('lists every unusable row with a French reason, in the report and in import_runs', async () => {
		const good = uai('0259001');
		const file = schoolsFile('rejects.csv', [
			college({ uai: '12345', nom: 'COLLEGE A', code_commune: '25056' }),
			college({ uai: '0259002A', nom: 'COLLEGE B', code_commune: '25056' }),
			college({
				uai: uai('0259003'),
				nom: 'COLLEGE PARIS',
				code_commune: '25056',
				longitude: '2.35',
				latitude: '48.85'
			}),
			college({ uai: uai('0259004'), nom: 'COLLEGE NULLE PART', code_commune: '99999' }),
			college({
				uai: uai('0259005'),
				nom: 'COLLEGE ILLISIBLE',
				code_commune: '25056',
				longitude: 'abc',
				latitude: '47'
			}),
			college({
				uai: good,
				nom: 'COLLEGE BON',
				code_commune: '25056',
				longitude: '6.02',
				latitude: '47.24'
			}),
			college({ uai: good, nom: 'COLLEGE BON BIS', code_commune: '25056' }),
			college({
				uai: uai('0259006'),
				nom: 'COLLEGE INCONNU',
				categorie: 'creche',
				code_commune: '25056'
			})
		]);
		const report = await importDataset(sql, 'schools', { file });
		expect(report.inserted).toBe(1);
		expect(report.rejects.map((r) => [r.line, r.message])).toEqual([
			[2, 'UAI invalide (« 12345 ») : 7 chiffres et une lettre attendus'],
			[
				3,
				expect.stringMatching(
					/^UAI invalide \(« 0259002A »\) : la lettre de contrôle devrait être [A-Z]$/
				)
			],
			[
				4,
				expect.stringMatching(
					/^Coordonnées hors de la région Bourgogne-Franche-Comté \(longitude 2.35, latitude 48.85/
				)
			],
			[
				5,
				'Ni coordonnées ni commune reconnue (code commune « 99999 » inconnu) : impossible de placer la structure'
			],
			[6, expect.stringMatching(/^Coordonnées illisibles/)],
			[8, 'Doublon : même identifiant que la ligne 7 du fichier'],
			[9, 'Catégorie inconnue (« creche »)']
		]);
		const [run] = await sql<{ rejected: number; rejects: { message: string }[] }[]>`
			select rejected, rejects from import_runs order by id desc limit 1`;
		expect(run!.rejected).toBe(7);
		expect(run!.rejects[0]!.message).toMatch(/^UAI invalide/);
	});
});

describe('placement', () => {
	it('places a row without coordinates at its commune, approximate and inside it', async () => {
		const code = uai('0259010');
		await importDataset(sql, 'schools', {
			file: schoolsFile('no-point.csv', [
				college({ uai: code, nom: 'LYCEE SANS POINT', categorie: 'lycee', code_commune: '25056' })
			])
		});
		const s = await structureByUai(code);
		expect(s).toMatchObject({
			commune_code: '25056',
			location_precision: 'approximate',
			inside: true
		});
		expect(s!.location_note).toMatch(/centre de sa commune \(Besançon\)/);
	});

	it('derives the commune from the point when the source lacks it, and resolves former codes', async () => {
		const [merged] = await sql<{ insee_code: string; former: string }[]>`
			select insee_code, former_codes[1] as former from territories
			where kind = 'commune' and cardinality(former_codes) > 0 and former_codes[1] <> insee_code
			order by insee_code limit 1`;
		const inDijon = uai('0219011');
		const formerCode = uai('0219012');
		await importDataset(sql, 'schools', {
			file: schoolsFile('derive.csv', [
				college({
					uai: inDijon,
					nom: 'COLLEGE SANS COMMUNE',
					longitude: '5.0415',
					latitude: '47.3220'
				}),
				college({ uai: formerCode, nom: 'COLLEGE ANCIEN CODE', code_commune: merged!.former })
			])
		});
		expect(await structureByUai(inDijon)).toMatchObject({
			commune_code: '21231',
			location_precision: 'exact',
			inside: true
		});
		expect((await structureByUai(formerCode))?.commune_code).toBe(merged!.insee_code);
	});

	it('reports a point far from its declared commune and places the row at that commune', async () => {
		const code = uai('0259013');
		// Declared in Besançon, published in Dijon.
		const report = await importDataset(sql, 'schools', {
			file: schoolsFile('far.csv', [
				college({
					uai: code,
					nom: 'COLLEGE DEPLACE',
					code_commune: '25056',
					longitude: '5.0415',
					latitude: '47.3220'
				})
			])
		});
		expect(report.warnings.map((w) => w.message)).toEqual([
			expect.stringMatching(
				/^Coordonnées incohérentes avec la commune : point publié à Dijon \(21231\)/
			)
		]);
		expect(await structureByUai(code)).toMatchObject({
			commune_code: '25056',
			location_precision: 'approximate',
			inside: true
		});
	});
});

describe('re-imports', () => {
	it('updates what the source changed and keeps what a moderator or a partner changed', async () => {
		const code = uai('0259020');
		const row = {
			uai: code,
			nom: 'COLLEGE VICTOR HUGO',
			code_commune: '25056',
			longitude: '6.02',
			latitude: '47.24',
			adresse: '1 rue A'
		};
		const before = await importDataset(sql, 'schools', {
			file: schoolsFile('v1.csv', [college(row)])
		});
		expect(before.inserted).toBe(1);
		const s = (await structureByUai(code))!;
		expect(s.name).toBe('Collège Victor Hugo');
		await sql`update structures set name = 'Collège Victor-Hugo (site principal)' where id = ${s.id}`;
		// A partner declares that the collège leads programme 10, which the roadmap also gives it.
		await sql`update structure_programmes set role = 'porteur', source = 'partner'
			where structure_id = ${s.id} and programme_number = 10`;

		const changed = schoolsFile('v2.csv', [
			college({ ...row, nom: 'COLLEGE VICTOR HUGO BIS', adresse: '2 rue B' })
		]);
		const after = await importDataset(sql, 'schools', { file: changed });
		expect([after.inserted, after.updated, after.unchanged]).toEqual([0, 1, 0]);
		expect(after.warnings.map((w) => w.message)).toEqual([
			expect.stringMatching(/^Valeur modifiée localement conservée \(name\)/)
		]);
		expect(await structureByUai(code)).toMatchObject({
			name: 'Collège Victor-Hugo (site principal)',
			address_street: '2 rue B'
		});
		const links = await sql`select programme_number, role from structure_programmes
			where structure_id = ${s.id} order by programme_number`;
		expect(links).toEqual([
			{ programme_number: 7, role: 'feuille-de-route' },
			{ programme_number: 10, role: 'porteur' },
			{ programme_number: 17, role: 'feuille-de-route' }
		]);

		const again = await importDataset(sql, 'schools', { file: changed });
		expect([again.inserted, again.updated, again.unchanged]).toEqual([0, 0, 1]);
	});

	it('writes nothing when a file cannot be read as a whole', async () => {
		const file = join(dir, 'broken.csv');
		writeFileSync(file, 'uai,nom\n0250096U,ECOLE\n');
		const [before] =
			await sql`select count(*)::int as n, (select count(*)::int from import_runs) as runs from structures`;
		await expect(importDataset(sql, 'schools', { file })).rejects.toThrow(ImportFileError);
		await expect(importDataset(sql, 'schools', { file })).rejects.toThrow(
			/Colonnes manquantes .* categorie/
		);
		const [after] =
			await sql`select count(*)::int as n, (select count(*)::int from import_runs) as runs from structures`;
		expect(after).toEqual(before);
	});
});

describe('Annuaire de l’éducation layout', () => {
	function annuaireFile(rows: Record<string, string>[]) {
		const file = join(dir, 'annuaire.csv');
		const lines = rows.map((row) => ANNUAIRE_COLUMNS.map((c) => row[c] ?? '').join(';'));
		writeFileSync(file, [ANNUAIRE_COLUMNS.join(';'), ...lines].join('\n') + '\n');
		return file;
	}
	const base = (fields: Record<string, string>) => ({
		Type_etablissement: 'Collège',
		Statut_public_prive: 'Public',
		Code_commune: '21231',
		Code_region: '27',
		latitude: '47.3220',
		longitude: '5.0415',
		etat: 'OUVERT',
		date_maj_ligne: '27/05/2026',
		SIREN_SIRET: '1,97E+13',
		...fields
	});

	it('imports the région, counts the other régions, rejects types out of scope', async () => {
		const inRegion = uai('0219030');
		const report = await importDataset(sql, 'annuaire', {
			file: annuaireFile([
				base({
					Identifiant_de_l_etablissement: inRegion,
					Nom_etablissement: 'COLLEGE DU PARC',
					Telephone: '380000000',
					Mail: `ce.${inRegion}@ac-dijon.fr`,
					Voie_generale: '1'
				}),
				base({
					Identifiant_de_l_etablissement: uai('0759031'),
					Nom_etablissement: 'COLLEGE DE PARIS',
					Code_region: '11'
				}),
				base({
					Identifiant_de_l_etablissement: uai('0219032'),
					Nom_etablissement: 'CIO DE DIJON',
					Type_etablissement: 'Information et orientation'
				}),
				base({
					Identifiant_de_l_etablissement: uai('0219033'),
					Nom_etablissement: 'LYCEE FERME',
					Type_etablissement: 'Lycée',
					etat: 'FERME'
				})
			])
		});
		expect(report.read).toBe(4);
		expect(report.inserted).toBe(2);
		expect(report.skipped).toEqual({
			'Hors région Bourgogne-Franche-Comté (Code_region différent de 27)': 1
		});
		expect(report.rejects.map((r) => r.message)).toEqual([
			'Type d’établissement hors du périmètre (« Information et orientation ») : centre d’information et d’orientation, sans élèves'
		]);
		expect(report.warnings[0]!.message).toMatch(/^SIREN_SIRET inutilisable sur 2 ligne\(s\)/);
		const rows = await sql<
			{ name: string; status: string; phone: string; email: string; category: string }[]
		>`
			select s.name, s.status, s.phone, s.email, s.category from structures s
			join structure_identifiers i on i.structure_id = s.id
			where i.scheme = 'uai' and i.value in (${inRegion}, ${uai('0219033')}) order by s.name`;
		expect(rows).toEqual([
			{
				name: 'Collège du Parc',
				status: 'published',
				phone: '03 80 00 00 00',
				email: `ce.${inRegion}@ac-dijon.fr`,
				category: 'college'
			},
			{ name: 'Lycée Ferme', status: 'closed', phone: null, email: null, category: 'lycee' }
		]);
		const [siret] =
			await sql`select count(*)::int as n from structure_identifiers where scheme = 'siret'`;
		expect(siret!.n).toBe(0);
	});
});
