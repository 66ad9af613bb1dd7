import { describe, expect, it } from 'vitest';
import {
	coordinates,
	emails,
	isoDate,
	phone,
	uaiProblem,
	website
} from '../../src/lib/server/import/text';

describe('source value normalisers', () => {
	it('checks the UAI format and its check letter', () => {
		expect(uaiProblem('0250096U')).toBeNull();
		expect(uaiProblem('0700585F')).toBeNull();
		expect(uaiProblem('0250096A')).toMatch(/lettre de contrôle devrait être U/);
		expect(uaiProblem('025009U')).toMatch(/7 chiffres et une lettre/);
		expect(uaiProblem(null)).toBe('UAI absent');
	});

	it('gives French phone numbers back their leading zero and groups the digits', () => {
		expect(phone('384958096')).toBe('03 84 95 80 96');
		expect(phone('+33 3 80 48 84 14')).toBe('03 80 48 84 14');
		expect(phone('03.81.87.84.27')).toBe('03 81 87 84 27');
		expect(phone('poste 12')).toBe('poste 12');
		expect(phone('')).toBeNull();
	});

	it('keeps the first valid e-mail address and the others apart', () => {
		expect(emails('a@b.fr | c@d.fr')).toEqual({ first: 'a@b.fr', others: ['c@d.fr'] });
		expect(emails('pas une adresse')).toEqual({ first: null, others: [] });
	});

	it('adds a scheme to web addresses and drops what cannot be one', () => {
		expect(website('www.example.fr')).toBe('https://www.example.fr');
		expect(website('http://example.fr/a b')).toBeNull();
		expect(website('néant')).toBeNull();
	});

	it('reads ISO and French dates', () => {
		expect(isoDate('27/05/2026')).toBe('2026-05-27');
		expect(isoDate('2021-03-02')).toBe('2021-03-02');
		expect(isoDate('1971')).toBeNull();
	});

	it('reads coordinates with a decimal comma and rejects unreadable ones', () => {
		expect(coordinates('6,02', '47,24')).toEqual({ kind: 'ok', lon: 6.02, lat: 47.24 });
		expect(coordinates('', '')).toEqual({ kind: 'none' });
		expect(coordinates('abc', '47').kind).toBe('unreadable');
		expect(coordinates('6', '').kind).toBe('unreadable');
	});
});
