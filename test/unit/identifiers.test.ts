import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
	checkLetter,
	normalizeIdentifier,
	validateIdentifier,
	validateRnsr,
	validateSiren,
	validateSiret,
	validateUai
} from '../../src/lib/domain/identifiers';

function column(file: string, name: string, delimiter = ','): string[] {
	const rows = parse(readFileSync(file, 'utf8'), { columns: true, delimiter }) as Record<
		string,
		string
	>[];
	return rows.flatMap((row) => (row[name] ? row[name].split(';') : [])).filter(Boolean);
}

const realUais = [
	...column('db/data/schools/etablissements-scolaires-bfc.csv', 'uai'),
	...column(
		'db/data/schools/annuaire-education-extrait-bfc.csv',
		'Identifiant_de_l_etablissement',
		';'
	),
	...column('db/data/higher-education/etablissements-enseignement-superieur-bfc.csv', 'uai'),
	...column('db/data/higher-education/structures-recherche-bfc.csv', 'uai_tutelles')
];
const realRnsr = column('db/data/higher-education/structures-recherche-bfc.csv', 'numero_rnsr');
const realSirets = column(
	'db/data/higher-education/etablissements-enseignement-superieur-bfc.csv',
	'siret'
);

describe('UAI', () => {
	it('accepts every real UAI of the regional data', () => {
		expect(realUais.length).toBeGreaterThan(1400);
		const rejected = realUais.filter((uai) => !validateUai(uai).ok);
		expect(rejected).toEqual([]);
	});

	it('normalizes spaces and lower case', () => {
		expect(validateUai(' 0251215k ')).toEqual({ ok: true, value: '0251215K' });
	});

	it('rejects a wrong check letter, a mistyped digit and a bad format, in French', () => {
		const wrongLetter = validateUai('0251215L');
		expect(wrongLetter.ok).toBe(false);
		if (!wrongLetter.ok) expect(wrongLetter.message).toContain('lettre ne correspond pas');
		expect(validateUai('0251216K').ok).toBe(false);
		const format = validateUai('025121K');
		expect(format.ok).toBe(false);
		if (!format.ok) expect(format.message).toContain('7 chiffres suivis d’une lettre');
		expect(validateUai('').ok).toBe(false);
		expect(validateUai('<script>alert(1)</script>').ok).toBe(false);
	});

	it('computes the letter from the number modulo 23 without I, O and Q', () => {
		expect(checkLetter('0000000')).toBe('A');
		expect(checkLetter('0000008')).toBe('J');
		expect(checkLetter('0000022')).toBe('Z');
		expect(checkLetter('0000023')).toBe('A');
	});
});

describe('RNSR', () => {
	it('accepts every real RNSR number of the regional data', () => {
		expect(realRnsr.length).toBe(77);
		expect(realRnsr.filter((n) => !validateRnsr(n).ok)).toEqual([]);
	});

	it('rejects a wrong letter and a bad format', () => {
		expect(validateRnsr('199511717N').ok).toBe(false);
		expect(validateRnsr('19951171M').ok).toBe(false);
	});
});

describe('SIRET and SIREN', () => {
	it('accepts the real SIRETs of the regional data and their SIRENs', () => {
		expect(realSirets.length).toBe(8);
		for (const siret of realSirets) {
			expect(validateSiret(siret)).toEqual({ ok: true, value: siret });
			expect(validateSiren(siret.slice(0, 9)).ok).toBe(true);
		}
	});

	it('accepts spaces, dots and dashes as typed', () => {
		expect(validateSiret('192 512 150 00363')).toEqual({ ok: true, value: '19251215000363' });
		expect(validateSiren('192.512.150')).toEqual({ ok: true, value: '192512150' });
	});

	it('rejects a mistyped digit with a French message', () => {
		const result = validateSiret('19251215000364');
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.message).toContain('clé de contrôle');
		expect(validateSiren('192512151').ok).toBe(false);
		expect(validateSiret('1925121500036').ok).toBe(false);
		expect(validateSiret('1925121500036A').ok).toBe(false);
	});

	it('applies the La Poste exception: digits adding up to a multiple of 5', () => {
		// La Poste's head office follows Luhn; its establishments follow the digit-sum rule.
		expect(validateSiret('35600000000048').ok).toBe(true);
		expect(validateSiret('35600000049837').ok).toBe(true); // sum 45, fails Luhn
		expect(validateSiret('35600000049838').ok).toBe(false); // sum 46, fails Luhn
		// The exception belongs to La Poste only.
		expect(validateSiret('35700000049836').ok).toBe(false); // sum 45, fails Luhn, not La Poste
	});
});

describe('validateIdentifier', () => {
	it('dispatches known schemes and only trims dataset ids', () => {
		expect(validateIdentifier('uai', '0251215L').ok).toBe(false);
		expect(validateIdentifier('mednum-bfc', ' mednumBFC_TL_1_ ')).toEqual({
			ok: true,
			value: 'mednumBFC_TL_1_'
		});
		expect(validateIdentifier('mednum-bfc', 'x'.repeat(101)).ok).toBe(false);
		expect(normalizeIdentifier('siret', '192 512 150 00363')).toBe('19251215000363');
	});
});
