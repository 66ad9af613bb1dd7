import { describe, expect, it } from 'vitest';
import { streetFromTyped } from '../../src/lib/domain/typed-address';

describe('streetFromTyped', () => {
	const dole = { communeName: 'Dole', postcode: '39100' };

	it('keeps the number and street typed before the commune', () => {
		expect(streetFromTyped('12 rue des Arènes Dole', dole)).toBe('12 rue des Arènes');
		expect(streetFromTyped('12 rue des Arènes, 39100 Dole', dole)).toBe('12 rue des Arènes');
		expect(streetFromTyped('12 rue des Arènes 39100', dole)).toBe('12 rue des Arènes');
	});

	it('matches the commune without accents, case or hyphens', () => {
		const place = { communeName: 'Lons-le-Saunier', postcode: '39000' };
		expect(streetFromTyped('4 avenue Jean Moulin lons le saunier', place)).toBe(
			'4 avenue Jean Moulin'
		);
		expect(streetFromTyped('3 place de l’Étoile, Besancon', { communeName: 'Besançon' })).toBe(
			'3 place de l’Étoile'
		);
	});

	it('takes out only the last mention of the commune (a street may bear its name)', () => {
		expect(streetFromTyped('5 route de Dole Dole', dole)).toBe('5 route de Dole');
	});

	it('keeps a 5-digit number that is not the postcode', () => {
		expect(streetFromTyped('Zone 21000 Dole', dole)).toBe('Zone 21000');
	});

	it('gives nothing when only the commune was typed', () => {
		expect(streetFromTyped('Dole', dole)).toBe('');
		expect(streetFromTyped('39100 Dole', dole)).toBe('');
		expect(streetFromTyped('  ', dole)).toBe('');
	});
});
