import { describe, expect, it } from 'vitest';
import {
	accentsFromNames,
	readableLabel,
	readableName,
	SCHOOL_TYPE_WORDS
} from '../../src/lib/server/import/names';
import { baseSlug, disambiguatedSlug } from '../../src/lib/server/import/slug';

const school = (raw: string, commune?: string) =>
	readableName(raw, { typeWords: SCHOOL_TYPE_WORDS, commune });

describe('readable names', () => {
	it('writes school type words in sentence case, proper names capitalised, with accents', () => {
		expect(school('ECOLE ELEMENTAIRE PUBLIQUE ST EXUPERY')).toBe(
			'École élémentaire publique Saint Exupéry'
		);
		expect(school('LYCEE GENERAL ET TECHNOLOGIQUE CAMILLE CLAUDEL')).toBe(
			'Lycée général et technologique Camille Claudel'
		);
		expect(school('ECOLE PRIMAIRE PUBLIQUE')).toBe('École primaire publique');
	});

	it('capitalises an article that starts a proper name, not one inside it', () => {
		expect(school('ECOLE MATERNELLE PUBLIQUE LES OISILLONS')).toBe(
			'École maternelle publique Les Oisillons'
		);
		expect(school("ECOLE PRIMAIRE PUBLIQUE DE LA VALLEE DE L'AIN")).toBe(
			"École primaire publique de la Vallée de l'Ain"
		);
	});

	it('restores dropped apostrophes and expands register abbreviations', () => {
		expect(school('LYCEE PROFESSIONNEL JOUFFROY D ABBANS')).toBe(
			"Lycée professionnel Jouffroy d'Abbans"
		);
		expect(school('ECOLE ELEM PUBLIQUE ZUP GPE SCOL ROBERT PLOYE')).toBe(
			'École élémentaire publique ZUP groupe scolaire Robert Ploye'
		);
	});

	it('keeps acronyms, initials and numbers', () => {
		expect(school('ECOLE PRIMAIRE PUBLIQUE R.P.I.')).toBe('École primaire publique R.P.I.');
		expect(school('ECOLE PRIMAIRE PUBLIQUE A. FRANK')).toBe('École primaire publique A. Frank');
		expect(school('ECOLE PRIVEE JEAN XXIII')).toBe('École privée Jean XXIII');
		expect(school('ECOLE MATERNELLE DU MIDI')).toBe('École maternelle du Midi');
		expect(readableName('LIPIDES NUTRITION CANCER - INSERM U866')).toBe(
			'Lipides Nutrition Cancer - INSERM U866'
		);
	});

	it('spells the commune as the commune list does', () => {
		expect(school('ECOLE PRIMAIRE PUBLIQUE LONS LE SAUNIER', 'Lons-le-Saunier')).toBe(
			'École primaire publique Lons-le-Saunier'
		);
	});

	it('leaves mixed-case names as published, apart from the accent of "Ecole"', () => {
		expect(readableName("Collège privé Jeanne d'Arc")).toBe("Collège privé Jeanne d'Arc");
		expect(readableName('Ecole primaire')).toBe('École primaire');
		expect(readableName('FCLAB (Fuel Cell LAB): Vers des Systèmes')).toBe(
			'FCLAB (Fuel Cell LAB): Vers des Systèmes'
		);
	});

	it('writes register labels in sentence case', () => {
		expect(readableLabel('ECOLE ELEMENTAIRE D APPLICATION')).toBe(
			"École élémentaire d'application"
		);
	});

	it('takes accents from place names only when they are unambiguous', () => {
		const accents = accentsFromNames(['Besançon', 'Villers-lès-Luxeuil', 'Les Fins']);
		expect(accents.get('besancon')).toBe('besançon');
		expect(accents.has('les')).toBe(false);
		expect(readableName('CIC - BESANCON', { accents })).toBe('CIC - Besançon');
	});
});

describe('slugs', () => {
	it('adds the commune unless the name already says it', () => {
		expect(baseSlug('Collège Victor Hugo', 'Besançon')).toBe('college-victor-hugo-besancon');
		expect(baseSlug('Université de Franche-Comté Besançon', 'Besançon')).toBe(
			'universite-de-franche-comte-besancon'
		);
		expect(baseSlug("Lycée d'Arbois", null)).toBe('lycee-d-arbois');
	});

	it('cuts long names at a word boundary and keeps the commune', () => {
		const slug = baseSlug(
			'Lycée professionnel Denis Diderot lycée des métiers de l’électricité des technologies numériques et de la productique',
			'Bavilliers'
		);
		expect(slug.length).toBeLessThanOrEqual(80);
		expect(slug).toMatch(/^lycee-professionnel-denis-diderot-[a-z-]+[a-z]-bavilliers$/);
	});

	it('disambiguates with the identifier', () => {
		expect(disambiguatedSlug('ecole-primaire-publique-abbevillers', '0250096U')).toBe(
			'ecole-primaire-publique-abbevillers-0250096u'
		);
	});
});
