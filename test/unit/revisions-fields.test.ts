import { describe, expect, it } from 'vitest';
import {
	cleanLine,
	cleanText,
	isPhoneNumber,
	normalizeWebsite
} from '../../src/lib/domain/revisions';

/** Field rules of a revision's form (lib/domain/revisions/fields.ts): text cleaning, websites, phones. */
describe('text cleaning', () => {
	it('removes control and invisible characters (NUL breaks PostgreSQL), keeps the text', () => {
		expect(cleanLine('  École\u0000 des\u200b  Tilleuls\n ')).toBe('École des Tilleuls');
		expect(cleanText('Ligne 1\r\nLigne 2\n\n\n\nLigne 3\u0007 ')).toBe(
			'Ligne 1\nLigne 2\n\nLigne 3'
		);
		expect(cleanLine('\u202eevil')).toBe('evil');
	});
});

describe('websites', () => {
	it('accept http and https only', () => {
		expect(normalizeWebsite('https://www.exemple.fr')).toEqual({
			ok: true,
			value: 'https://www.exemple.fr/'
		});
		expect(normalizeWebsite('http://exemple.fr/page?x=1')).toEqual({
			ok: true,
			value: 'http://exemple.fr/page?x=1'
		});
		expect(normalizeWebsite('www.exemple.fr')).toEqual({
			ok: true,
			value: 'https://www.exemple.fr/'
		});
		expect(normalizeWebsite('   ')).toEqual({ ok: true, value: null });
		for (const hostile of [
			'javascript:alert(1)',
			'JaVaScRiPt:alert(1)',
			'data:text/html;base64,PHNjcmlwdD4=',
			'vbscript:msgbox',
			'file:///etc/passwd',
			'ftp://exemple.fr'
		])
			expect(normalizeWebsite(hostile), hostile).toMatchObject({
				ok: false,
				errors: { website: expect.stringContaining('http:// ou https://') }
			});
		for (const invalid of [
			'https://user:pass@exemple.fr',
			'https://localhost',
			'http://',
			'https://exemple'
		])
			expect(normalizeWebsite(invalid).ok, invalid).toBe(false);
		expect(normalizeWebsite(`https://exemple.fr/${'a'.repeat(600)}`)).toMatchObject({
			ok: false,
			errors: { website: 'L’adresse du site ne peut dépasser 500 caractères.' }
		});
	});
});

describe('phones', () => {
	it('accept French and international numbers as people write them', () => {
		for (const valid of [
			'03 80 12 34 56',
			'0380123456',
			'03.80.12.34.56',
			'+33 3 80 12 34 56',
			'+41 22 123 45 67'
		])
			expect(isPhoneNumber(valid), valid).toBe(true);
		for (const invalid of ['12', '03 80 12 34', '=1+2', 'appelez-nous', '+1 2'])
			expect(isPhoneNumber(invalid), invalid).toBe(false);
	});
});
