import { z } from 'zod';
import { CATEGORY_CODES, type CategoryCode } from './categories';
import { decodeCursor, type Cursor } from './cursor';
import { FRESHNESS_FILTERS } from './freshness';
import { LEVELS, PATHWAYS, PRIORITIES, SECTORS } from './school-facts';
import { parseTerritory } from './territory-code';

/** [west, south, east, north] in degrees (WGS 84). */
export type BBox = [number, number, number, number];

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 500;
/**
 * Programme numbers follow the schema's range. A well-formed number that is not one of the
 * roadmap's programmes is accepted and simply matches nothing, like an unknown territory.
 */
const MAX_PROGRAMME = 99;
const MAX_QUERY_LENGTH = 200;

/*
 * Each parameter's schema validates it and, with its `meta`, documents it: the OpenAPI
 * document of the API (src/lib/server/api/contract) is generated from these same schemas.
 */

export const categorySchema = z.enum(CATEGORY_CODES as [CategoryCode, ...CategoryCode[]], {
	error: (issue) =>
		`Paramètre « category » invalide : « ${String(issue.input).slice(0, 40)} » n’est pas une catégorie connue. Valeurs possibles : ${CATEGORY_CODES.join(', ')}.`
});

const programmeError = (input: unknown) =>
	`Paramètre « programme » invalide : « ${String(input).slice(0, 40)} » n’est pas un numéro de programme de la feuille de route (de 1 à 21, par exemple programme=6).`;

export const programmeSchema = z
	.string()
	.regex(/^\d{1,2}$/, { error: (issue) => programmeError(issue.input) })
	.transform(Number)
	.refine((n) => n >= 1 && n <= MAX_PROGRAMME, { error: (issue) => programmeError(issue.input) });

export const territorySchema = z.string().transform((text, ctx) => {
	const parsed = parseTerritory(text);
	if (parsed.ok) return parsed.value;
	ctx.issues.push({ code: 'custom', message: parsed.message, input: text });
	return z.NEVER;
});

const BBOX_HELP = 'attendu bbox=ouest,sud,est,nord en degrés, par exemple bbox=4.5,46.9,5.5,47.6';

export const bboxSchema = z.string().transform((text, ctx): BBox => {
	const parts = text.split(',').map((p) => p.trim());
	const numbers = parts.map((p) => (p === '' ? NaN : Number(p)));
	const fail = (why: string) => {
		ctx.issues.push({
			code: 'custom',
			message: `Paramètre « bbox » invalide : ${why} (${BBOX_HELP}).`,
			input: text
		});
		return z.NEVER;
	};
	if (numbers.length !== 4 || numbers.some((n) => !Number.isFinite(n)))
		return fail('quatre nombres séparés par des virgules sont nécessaires');
	const [west, south, east, north] = numbers as BBox;
	if ([west, east].some((x) => x < -180 || x > 180))
		return fail('les longitudes doivent être comprises entre −180 et 180');
	if ([south, north].some((y) => y < -90 || y > 90))
		return fail('les latitudes doivent être comprises entre −90 et 90');
	if (west >= east) return fail('l’ouest doit être inférieur à l’est');
	if (south >= north) return fail('le sud doit être inférieur au nord');
	return [west, south, east, north];
});

export const identifierSchema = z.string().transform((text, ctx) => {
	const colon = text.indexOf(':');
	const scheme = colon > 0 ? text.slice(0, colon).trim().toLowerCase() : '';
	const value = colon > 0 ? text.slice(colon + 1).trim() : '';
	if (!/^[a-z][a-z0-9-]*$/.test(scheme) || value.length < 1 || value.length > 100) {
		ctx.issues.push({
			code: 'custom',
			message: `Paramètre « identifier » invalide (« ${text.slice(0, 60)} ») : attendu schéma:valeur, par exemple identifier=uai:0211234A ou identifier=siret:12345678900011.`,
			input: text
		});
		return z.NEVER;
	}
	// UAI codes are upper case by definition; people type them in lower case.
	return { scheme, value: scheme === 'uai' ? value.toUpperCase() : value };
});

export const querySchema = z.string().max(MAX_QUERY_LENGTH, {
	error: `Paramètre « q » invalide : le texte recherché ne doit pas dépasser ${MAX_QUERY_LENGTH} caractères.`
});

export const freshnessSchema = z.enum(FRESHNESS_FILTERS, {
	error: (issue) =>
		`Paramètre « freshness » invalide : « ${String(issue.input).slice(0, 40)} » n’est pas reconnu. Valeur possible : stale (fiches à vérifier).`
});

export const limitSchema = z
	.string()
	.regex(/^\d+$/, {
		error: `Paramètre « limit » invalide : attendu un entier de 1 à ${MAX_LIMIT}.`
	})
	.transform(Number)
	.refine((n) => n >= 1 && n <= MAX_LIMIT, {
		error: `Paramètre « limit » invalide : le nombre de résultats par page est compris entre 1 et ${MAX_LIMIT}.`
	});

export const cursorSchema = z.string().transform((text, ctx): Cursor => {
	const cursor = decodeCursor(text);
	if (cursor) return cursor;
	ctx.issues.push({
		code: 'custom',
		message:
			'Paramètre « cursor » invalide : reprenez la valeur « next » renvoyée par la page précédente, sans la modifier.',
		input: text
	});
	return z.NEVER;
});

/** A closed list of codes: the message names the parameter and every accepted value. */
export function codeSchema<T extends string>(
	parameter: string,
	what: string,
	values: readonly { code: T }[]
): z.ZodType<T> {
	const codes = values.map((v) => v.code);
	// An enum, so that the OpenAPI document lists the accepted values.
	return z.enum(codes as [T, ...T[]], {
		error: (issue) =>
			`Paramètre « ${parameter} » invalide : « ${String(issue.input).slice(0, 40)} » n’est pas ${what}. Valeurs possibles : ${codes.join(', ')}.`
	}) as unknown as z.ZodType<T>;
}

export const sectorSchema = codeSchema('sector', 'un secteur connu', SECTORS);
export const levelSchema = codeSchema('level', 'un niveau d’école connu', LEVELS);
export const pathwaySchema = codeSchema('pathway', 'une voie de lycée connue', PATHWAYS);
export const prioritySchema = codeSchema(
	'priority',
	'un réseau d’éducation prioritaire connu',
	PRIORITIES
);

/** An integer between two bounds, as a query parameter. */
export function integerSchema(parameter: string, min: number, max: number) {
	const error = `Paramètre « ${parameter} » invalide : attendu un entier de ${min} à ${max}.`;
	return z
		.string()
		.regex(/^\d+$/, { error })
		.transform(Number)
		.refine((n) => n >= min && n <= max, { error });
}

/** An on/off switch: `1` or `true` turns it on (`0`, `false` or absent leave it off). */
export function flagSchema(parameter: string) {
	return z
		.enum(['1', 'true', '0', 'false'], {
			error: `Paramètre « ${parameter} » invalide : attendu ${parameter}=1 (ou true) pour l’activer.`
		})
		.transform((value) => value === '1' || value === 'true');
}
