import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as fr from '@zxcvbn-ts/language-fr';

/**
 * zxcvbn's score runs from 0 to 4; 3 means about 10^8 guesses or more (« safely unguessable »
 * for an attacker who tries passwords online, and slowed down by Argon2id offline). Below that,
 * the password is refused: leaked passwords, keyboard walks (azerty and qwerty), French words
 * with a number, names, dates, l33t variants.
 */
export const MIN_SCORE = 3;

/**
 * The estimator's work grows fast with length: only the first 64 characters are estimated, which
 * bounds one check to a fraction of a second (a longer password is judged on its beginning,
 * which errs on the safe side). Four l33t substitutions catch `p4ssw0rd` at a tenth of the cost
 * of the default.
 */
const OPTIONS = { maxLength: 64, l33tMaxSubstitutions: 4 };

/** Words of this site and region: a password built on them is as guessable as a name. */
const SITE_WORDS = [
	'cartonum',
	'bourgogne',
	'franche',
	'comte',
	'franchecomte',
	'bourgognefranchecomte',
	'dijon',
	'besancon',
	'academie',
	'rectorat',
	'region',
	'education',
	'numerique',
	'partenaire',
	'moderation'
];

let estimator: ZxcvbnFactory | undefined;

/** Built on first use: the dictionaries take a tenth of a second to load. */
function zxcvbn(): ZxcvbnFactory {
	estimator ??= new ZxcvbnFactory({
		dictionary: { ...common.dictionary, ...fr.dictionary },
		graphs: common.adjacencyGraphs,
		translations: fr.translations,
		...OPTIONS
	});
	return estimator;
}

/** The person's own words (address, name) in pieces: `marie.dupont@ac-dijon.fr` gives marie, dupont, ac, dijon… */
export function personalWords(inputs: readonly (string | undefined | null)[]): string[] {
	const words = new Set<string>();
	for (const input of inputs) {
		const text = input?.trim().toLowerCase();
		if (!text) continue;
		words.add(text);
		const local = text.split('@')[0]!;
		words.add(local);
		for (const piece of text.split(/[^\p{L}\p{N}]+/u)) if (piece.length >= 3) words.add(piece);
	}
	return [...words];
}

const sentence = (text: string) => {
	const trimmed = text.trim();
	return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
};

/**
 * Why the password is too easy to guess, in French (zxcvbn's own feedback, translated by its
 * French package), or null when its score is at least MIN_SCORE.
 */
export function strengthProblem(
	password: string,
	inputs: readonly (string | undefined | null)[] = []
): string | null {
	const result = zxcvbn().check(password, [...SITE_WORDS, ...personalWords(inputs)]);
	if (result.score >= MIN_SCORE) return null;
	const { warning, suggestions } = result.feedback;
	const advice = [
		...(warning ? [sentence(warning)] : []),
		...suggestions.map(sentence),
		'Une phrase de quatre ou cinq mots sans rapport entre eux est facile à retenir et difficile à deviner.'
	];
	return `Ce mot de passe est trop facile à deviner. ${[...new Set(advice)].join(' ')}`;
}
