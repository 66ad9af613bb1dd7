import { describe, expect, it } from 'vitest';
import { fold } from '../../src/lib/domain/fold';

const ACCENTED = 'àâäéèêëîïôöùûüÿç';
const PLAIN = 'aaaeeeeiioouuuyc';

describe('fold: the one accent fold', () => {
	it('takes every French accent and the cedilla off, in lower and upper case', () => {
		expect(fold(ACCENTED)).toBe(PLAIN);
		expect(fold(ACCENTED.toUpperCase())).toBe(PLAIN);
		for (let i = 0; i < ACCENTED.length; i++) {
			const word = `l${ACCENTED[i]}x`;
			expect(fold(word)).toBe(`l${PLAIN[i]}x`);
			// Composed and decomposed spellings fold alike.
			expect(fold(word.normalize('NFD'))).toBe(fold(word.normalize('NFC')));
		}
		expect(fold('Lycée LYCÉE lycee')).toBe('lycee lycee lycee');
		expect(fold('Saône-et-Loire, Besançon, Épinal')).toBe('saone-et-loire, besancon, epinal');
	});

	it('spells ligatures out: œ, Œ, æ, Æ', () => {
		expect(fold('Sacré-Cœur')).toBe('sacre-coeur');
		expect(fold('ŒUVRE')).toBe('oeuvre');
		expect(fold('Œuvre')).toBe(fold('oeuvre'));
		expect(fold('Lætitia, Æsope')).toBe('laetitia, aesope');
	});

	it('keeps apostrophes, hyphens, digits and spaces for the caller to split on', () => {
		expect(fold('L’Isle-sur-le-Doubs')).toBe('l’isle-sur-le-doubs');
		expect(fold("Collège d'Arc 21")).toBe("college d'arc 21");
		expect(fold('  deux  espaces ')).toBe('  deux  espaces ');
	});

	it('is idempotent and leaves plain lower-case ASCII unchanged', () => {
		for (const text of ['école élémentaire', 'Cœur', 'abc-123', "aujourd'hui", 'ÀÉÎÕÜ'])
			expect(fold(fold(text))).toBe(fold(text));
		const ascii = "abcdefghijklmnopqrstuvwxyz 0123456789 -'.,";
		expect(fold(ascii)).toBe(ascii);
	});
});
