import type { Parsed } from './territory-code';

/**
 * Official identifiers of structures, checked before anything is stored:
 * - UAI (education establishments): 7 digits and a check letter;
 * - SIREN (9 digits) and SIRET (SIREN + 5-digit NIC), both with a Luhn check digit,
 *   except the establishments of La Poste, whose SIRETs only have a digit sum divisible by 5;
 * - RNSR (research structures): a 4-digit year, 5 digits and a check letter.
 *
 * The UAI and RNSR letter is the remainder of the number modulo 23, read in an alphabet
 * without I, O and Q. Every UAI and RNSR number in db/data (1,471 UAIs, 77 RNSR numbers)
 * satisfies it, which the unit tests check on the files themselves.
 */

export const IDENTIFIER_SCHEMES = ['uai', 'siret', 'siren', 'rnsr'] as const;
export type IdentifierScheme = (typeof IDENTIFIER_SCHEMES)[number];

const CHECK_ALPHABET = 'ABCDEFGHJKLMNPRSTUVWXYZ';
const LA_POSTE_SIREN = '356000000';

/** Removes spaces, dots and dashes people type or paste, and upper-cases letters. */
function compact(input: string): string {
	return input.replace(/[\s.\u00a0\u202f-]+/g, '').toUpperCase();
}

function shown(input: string): string {
	const text = input.trim();
	return text.length > 30 ? `${text.slice(0, 30)}…` : text;
}

/** The check letter of the digits of a UAI (7) or an RNSR number (9). */
export function checkLetter(digits: string): string {
	let remainder = 0;
	for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 23;
	return CHECK_ALPHABET[remainder]!;
}

/** True when the last digit is the Luhn check digit of the others. */
export function luhnValid(digits: string): boolean {
	let sum = 0;
	for (let i = 0; i < digits.length; i++) {
		let digit = Number(digits[digits.length - 1 - i]);
		if (i % 2 === 1) {
			digit *= 2;
			if (digit > 9) digit -= 9;
		}
		sum += digit;
	}
	return sum % 10 === 0;
}

export const normalizeUai = compact;
export const normalizeRnsr = compact;
export const normalizeSiret = compact;
export const normalizeSiren = compact;

export function validateUai(input: string): Parsed<string> {
	const value = normalizeUai(input);
	if (!value) {
		return {
			ok: false,
			message: 'Saisissez le code UAI : 7 chiffres suivis d’une lettre, par exemple 0251215K.'
		};
	}
	if (!/^\d{7}[A-Z]$/.test(value)) {
		return {
			ok: false,
			message: `Le code UAI « ${shown(input)} » doit comporter 7 chiffres suivis d’une lettre, par exemple 0251215K.`
		};
	}
	if (checkLetter(value.slice(0, 7)) !== value[7]) {
		return {
			ok: false,
			message: `Le code UAI « ${value} » n’existe pas : sa lettre ne correspond pas à ses chiffres. Vérifiez-le sur la fiche de l’établissement.`
		};
	}
	return { ok: true, value };
}

export function validateSiren(input: string): Parsed<string> {
	const value = normalizeSiren(input);
	if (!value) return { ok: false, message: 'Saisissez le numéro SIREN (9 chiffres).' };
	if (!/^\d{9}$/.test(value)) {
		return {
			ok: false,
			message: `Le numéro SIREN « ${shown(input)} » doit comporter 9 chiffres, par exemple 192 512 150.`
		};
	}
	if (!luhnValid(value)) {
		return {
			ok: false,
			message: `Le numéro SIREN « ${value} » n’est pas valide : son dernier chiffre (clé de contrôle) ne correspond pas. Vérifiez-le sur l’avis de situation SIRENE.`
		};
	}
	return { ok: true, value };
}

export function validateSiret(input: string): Parsed<string> {
	const value = normalizeSiret(input);
	if (!value) return { ok: false, message: 'Saisissez le numéro SIRET (14 chiffres).' };
	if (!/^\d{14}$/.test(value)) {
		return {
			ok: false,
			message: `Le numéro SIRET « ${shown(input)} » doit comporter 14 chiffres (SIREN puis numéro d’établissement), par exemple 192 512 150 00363.`
		};
	}
	if (!luhnValid(value) && !isLaPosteSiret(value)) {
		return {
			ok: false,
			message: `Le numéro SIRET « ${value} » n’est pas valide : sa clé de contrôle ne correspond pas. Vérifiez-le sur l’avis de situation SIRENE.`
		};
	}
	return { ok: true, value };
}

/** INSEE's exception: La Poste's establishments are numbered so that their digits add up to a multiple of 5. */
function isLaPosteSiret(value: string): boolean {
	if (!value.startsWith(LA_POSTE_SIREN)) return false;
	let sum = 0;
	for (const digit of value) sum += Number(digit);
	return sum % 5 === 0;
}

export function validateRnsr(input: string): Parsed<string> {
	const value = normalizeRnsr(input);
	if (!value) {
		return { ok: false, message: 'Saisissez le numéro RNSR : 9 chiffres suivis d’une lettre.' };
	}
	if (!/^(19|20)\d{7}[A-Z]$/.test(value)) {
		return {
			ok: false,
			message: `Le numéro RNSR « ${shown(input)} » doit comporter 9 chiffres (dont l’année de création) suivis d’une lettre, par exemple 199511717M.`
		};
	}
	if (checkLetter(value.slice(0, 9)) !== value[9]) {
		return {
			ok: false,
			message: `Le numéro RNSR « ${value} » n’existe pas : sa lettre ne correspond pas à ses chiffres. Vérifiez-le dans le répertoire national des structures de recherche.`
		};
	}
	return { ok: true, value };
}

const VALIDATORS: Record<IdentifierScheme, (input: string) => Parsed<string>> = {
	uai: validateUai,
	siret: validateSiret,
	siren: validateSiren,
	rnsr: validateRnsr
};

export function isIdentifierScheme(scheme: string): scheme is IdentifierScheme {
	return (IDENTIFIER_SCHEMES as readonly string[]).includes(scheme);
}

/** Validates a value of a known scheme; other schemes (dataset ids) are only trimmed. */
export function validateIdentifier(scheme: string, input: string): Parsed<string> {
	if (isIdentifierScheme(scheme)) return VALIDATORS[scheme](input);
	const value = input.trim();
	if (!value || value.length > 100) {
		return { ok: false, message: 'L’identifiant doit comporter entre 1 et 100 caractères.' };
	}
	return { ok: true, value };
}

/** The form in which identifiers are stored and compared (what `validate…` returns when valid). */
export function normalizeIdentifier(scheme: string, input: string): string {
	return isIdentifierScheme(scheme) ? compact(input) : input.trim();
}
