import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { frenchDates, readableText } from '../../src/lib/components/attribute-values';
import { describeAttributes } from '../../src/lib/components/attributes';
import { classifier, readClassificationRules } from '../../src/lib/server/import/classification';
import { accentsFromNames } from '../../src/lib/server/import/names';
import type { ParseContext } from '../../src/lib/server/import/run';
import { annuaire } from '../../src/lib/server/import/sources/annuaire';
import { higherEducation } from '../../src/lib/server/import/sources/higher-education';
import { lmn } from '../../src/lib/server/import/sources/lmn';
import { mednum } from '../../src/lib/server/import/sources/mednum';
import { research } from '../../src/lib/server/import/sources/research';
import { schools } from '../../src/lib/server/import/sources/schools';

const DATA = 'db/data';

/** The attributes every shipped source file gives its structures, as the importers build them. */
function realAttributes(): Record<string, unknown>[] {
	const context: ParseContext = {
		communes: { get: () => null, names: () => [] },
		accents: accentsFromNames([]),
		classify: classifier(readClassificationRules(DATA))
	};
	return [schools, annuaire, higherEducation, research, lmn, mednum].flatMap((importer) =>
		importer.parse(join(DATA, importer.defaultFile), context).records.map((r) => r.attributes)
	);
}

/** Acronyms by nature: a sigle or a label is written in capitals. */
const ACRONYM_KEYS = new Set(['sigle', 'nom_court', 'labels', 'labels_nationaux', 'autres_labels']);

const ISO_DATE = /\d{4}-\d{2}-\d{2}|^\d{4}-(0[1-9]|1[0-2])$/;
/**
 * A word of four capitals or more (« OUVERT », « MINISTERE »), outside acronym keys and
 * outside parentheses, where an acronym explains the words before it (« … (LEGT) »).
 */
const CAPITALS = /\b\p{Lu}{4,}\b/u;
const capitals = (text: string) => CAPITALS.test(text.replace(/\([^)]*\)/g, ''));
/** A code of the classification (« point-acces ») shown as is. */
const SLUG = /^[a-z]+(-[a-z]+)+$/;

describe('structure attributes from the real data files', () => {
	const all = realAttributes();
	const rows = all.flatMap((attributes) => describeAttributes(attributes, null));

	it('reads enough of the files to mean something', () => {
		expect(all.length).toBeGreaterThan(1000);
		const keys = new Set(all.flatMap((a) => Object.keys(a)));
		for (const key of ['date_ouverture', 'etat', 'ministere_tutelle', 'date_creation'])
			expect(keys.has(key), key).toBe(true);
	});

	it('leaves no ISO date, no source capitals and no raw code on a structure page', () => {
		const bad = rows.filter(
			(row) =>
				ISO_DATE.test(row.value.text) ||
				SLUG.test(row.value.text) ||
				(!ACRONYM_KEYS.has(row.key) && capitals(row.value.text))
		);
		expect([...new Set(bad.map((r) => `${r.key}: ${r.value.text}`))]).toEqual([]);
	});

	it('hides identifiers and codes a reader cannot use', () => {
		const hidden = ['pial', 'uai_tutelles', 'nature_uai', 'code_nature', 'nom_source', 'code_typo'];
		expect(rows.filter((r) => hidden.includes(r.key)).map((r) => r.key)).toEqual([]);
		expect(rows.filter((r) => /^[A-Za-z0-9_]+$/.test(r.label) && r.label.includes('_'))).toEqual(
			[]
		);
	});

	it('writes every opening date of the files in French words', () => {
		const dates = all.flatMap((a) =>
			typeof a.date_ouverture === 'string' ? [a.date_ouverture] : []
		);
		expect(dates.length).toBeGreaterThan(0);
		for (const date of dates) {
			const [year, month, day] = date.split('-').map(Number);
			expect(frenchDates(date)).toMatch(
				new RegExp(`^(${day === 1 ? '1er' : day}) \\p{L}+ ${year}$`, 'u')
			);
			expect(month).toBeGreaterThan(0);
		}
	});
});

describe('readable attribute values', () => {
	it('formats dates, translates codes and flags', () => {
		expect(frenchDates('1965-08-18')).toBe('18 août 1965');
		expect(frenchDates('1965-09-01')).toBe('1er septembre 1965');
		expect(frenchDates('1986-09')).toBe('septembre 1986');
		expect(frenchDates('1971')).toBe('1971');
		expect(readableText('etat', 'OUVERT')).toBe('Ouvert');
		expect(readableText('etat', 'A FERMER')).toBe('À fermer');
		expect(readableText('ministere_tutelle', "MINISTERE DE L'EDUCATION NATIONALE")).toBe(
			'Ministère de l’Éducation nationale'
		);
		expect(readableText('restauration', '1')).toBe('Oui');
		expect(readableText('restauration', '0')).toBe('Non');
		expect(readableText('type_lieu', 'point-acces')).toBe('Point d’accès au numérique');
		expect(readableText('annee_reference', '2024 (snapshot committed 2024-11-20)')).toBe('2024');
		expect(readableText('commune_source', 'LONS LE SAUNIER')).toBe('Lons le Saunier');
	});
});
