import { describe, expect, it } from 'vitest';
import {
	bestStreetLabel,
	namesStreet,
	parseAddressQuery,
	streetLabel
} from '../../src/lib/server/geocoding/query';

describe('parseAddressQuery', () => {
	it('splits street, commune, postcode and house number', () => {
		expect(parseAddressQuery('12 bis rue de la Liberté, 21000 Dijon')).toEqual({
			text: '12 bis rue de la Liberté, Dijon',
			place: 'Dijon',
			streetText: '12 bis rue de la Liberté',
			code: '21000',
			houseNumber: '12 bis',
			houseNumberValue: 12
		});
	});

	it('drops CEDEX and postal boxes, keeping the last 5-digit code', () => {
		const query = parseAddressQuery(
			'Pôle AAFE - 11 Esplanade Erasme - BP 26513 21065 DIJON CEDEX 9'
		);
		expect(query.code).toBe('21065');
		expect(query.place).toBe('Pôle AAFE - 11 Esplanade Erasme - DIJON');
		expect(query.text).not.toMatch(/cedex|26513/i);
	});

	it('reads a lone postcode or INSEE code, and a lone commune name', () => {
		expect(parseAddressQuery('25000')).toMatchObject({ place: '', code: '25000' });
		expect(parseAddressQuery('  Chalon  sur Saône ')).toMatchObject({
			place: 'Chalon sur Saône',
			streetText: 'Chalon sur Saône'
		});
		expect(parseAddressQuery('Besançon').code).toBeUndefined();
	});

	it('does not take a year or a long number for a postcode', () => {
		expect(parseAddressQuery('rue du 8 Mai 1945, Dole').code).toBeUndefined();
		expect(parseAddressQuery('Tél. 0380123456').code).toBeUndefined();
	});

	it('caps the length and removes control characters', () => {
		const query = parseAddressQuery('a\u0000b'.padEnd(5000, 'x'));
		expect(query.text.length).toBeLessThanOrEqual(200);
		expect(query.text).not.toContain('\u0000');
	});
});

describe('streetLabel', () => {
	it('keeps the street, without number, postal box or capitals', () => {
		expect(streetLabel('1 route DE ST LOUP DE LA SALLE')).toBe('route de St Loup de la Salle');
		expect(streetLabel('23 ter rue du Collège BP 18')).toBe('rue du Collège');
		expect(streetLabel('Pôle AAFE - 11 Esplanade Erasme - BP 26513')).toBe('esplanade Erasme');
		expect(streetLabel('UFR SLHS30, rue Megevand')).toBe('rue Megevand');
		expect(streetLabel("12 rue JEANNE D'ARC")).toBe("rue Jeanne d'Arc");
		expect(streetLabel('9 GRANDE RUE')).toBe('Grande Rue');
	});

	it('is null when the address names no street', () => {
		expect(streetLabel('Pôle Multimédia')).toBeNull();
		expect(streetLabel('Le Grand Bourg')).toBeNull();
		expect(streetLabel('Rue')).toBeNull();
	});

	it('prefers the spelling written with care among several', () => {
		expect(bestStreetLabel(['3 RUE DE LA PREFECTURE', '8 rue de la Préfecture'])).toBe(
			'rue de la Préfecture'
		);
		expect(bestStreetLabel(['Village'])).toBeNull();
	});
});

describe('namesStreet', () => {
	it('recognises street types and their abbreviations', () => {
		expect(namesStreet('12 av. Carnot')).toBe(true);
		expect(namesStreet('Grande Rue')).toBe(true);
		expect(namesStreet('Chalon sur Saône')).toBe(false);
		expect(namesStreet('Le Grand Bourg')).toBe(false);
	});
});
