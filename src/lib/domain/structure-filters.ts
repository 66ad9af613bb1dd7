import { z } from 'zod';
import { hasControlCharacter } from './control-characters';
import { CATEGORY_CODES, type CategoryCode } from './categories';
import {
	LEVELS,
	PATHWAYS,
	PRIORITIES,
	SECTORS,
	type Level,
	type Pathway,
	type Priority,
	type Sector
} from './school-facts';
import { FRESHNESS_FILTERS, type FreshnessFilter } from './freshness';
import { formatTerritory, parseTerritory, type TerritoryRef } from './territory-code';

/**
 * The filters shared by the API, the map and the list. The query parameter names are the
 * same in the API and in the UI URLs, so a link reproduces what it shows.
 */
export interface StructureFilters {
	categories: CategoryCode[];
	programmes: number[];
	territory?: TerritoryRef;
	bbox?: BBox;
	identifier?: { scheme: string; value: string };
	q?: string;
	/** School facts (`sector=`, `level=`, `pathway=`, `priority=`): any of the values. */
	sectors?: Sector[];
	levels?: Level[];
	pathways?: Pathway[];
	priorities?: Priority[];
	/** `stale`: only the fiches « à vérifier » (not confirmed within the freshness threshold). */
	freshness?: FreshnessFilter;
}

/** The query parameters the structure filters read. */
export const FILTER_PARAMETERS = [
	'category',
	'programme',
	'territory',
	'bbox',
	'identifier',
	'q',
	'sector',
	'level',
	'pathway',
	'priority',
	'freshness'
] as const;

/** [west, south, east, north] in degrees (WGS 84). */
export type BBox = [number, number, number, number];

export interface ListOptions {
	limit: number;
	cursor?: Cursor;
}

/**
 * The position after which the next page starts, in the list's order: the structure's sort key
 * (category rank, commune, name; see migration 024) then its id.
 */
export interface Cursor {
	key: string;
	id: string;
}

/** A sort key: two digits of rank, 0 or 1 (commune known or not), then text around one U+0001. */
function isSortKey(key: string): boolean {
	const parts = key.split('\u0001');
	return (
		parts.length === 2 && /^\d{2}[01]/.test(key) && parts.every((p) => !hasControlCharacter(p))
	);
}

/** A failure names the parameter, so the API can answer `{ error: { message, parameter } }`. */
export type ParsedParams<T> =
	{ ok: true; value: T } | { ok: false; message: string; parameter: string };

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 500;
/**
 * Programme numbers follow the schema's range. A well-formed number that is not one of the
 * roadmap's programmes is accepted and simply matches nothing, like an unknown territory.
 */
const MAX_PROGRAMME = 99;
const MAX_QUERY_LENGTH = 200;

export const emptyFilters = (): StructureFilters => ({ categories: [], programmes: [] });

/** Values of a parameter, repeated or comma-separated, blanks dropped (empty form fields). */
function listValues(params: URLSearchParams, name: string): string[] {
	return params
		.getAll(name)
		.flatMap((v) => v.split(','))
		.map((v) => v.trim())
		.filter(Boolean);
}

/** The single value of a parameter; blank counts as absent; a repeat is an error. */
function singleValue(params: URLSearchParams, name: string): string | undefined | typeof REPEATED {
	const values = params
		.getAll(name)
		.map((v) => v.trim())
		.filter(Boolean);
	if (values.length > 1) return REPEATED;
	return values[0];
}
const REPEATED = Symbol('repeated');

/*
 * Each parameter's schema validates it and, with its `meta`, documents it: the OpenAPI
 * document of the API (src/lib/server/api/contract) is generated from these same schemas.
 */

const categorySchema = z.enum(CATEGORY_CODES as [CategoryCode, ...CategoryCode[]], {
	error: (issue) =>
		`Paramètre « category » invalide : « ${String(issue.input).slice(0, 40)} » n’est pas une catégorie connue. Valeurs possibles : ${CATEGORY_CODES.join(', ')}.`
});

const programmeError = (input: unknown) =>
	`Paramètre « programme » invalide : « ${String(input).slice(0, 40)} » n’est pas un numéro de programme de la feuille de route (de 1 à 21, par exemple programme=6).`;

const programmeSchema = z
	.string()
	.regex(/^\d{1,2}$/, { error: (issue) => programmeError(issue.input) })
	.transform(Number)
	.refine((n) => n >= 1 && n <= MAX_PROGRAMME, { error: (issue) => programmeError(issue.input) });

const territorySchema = z.string().transform((text, ctx) => {
	const parsed = parseTerritory(text);
	if (parsed.ok) return parsed.value;
	ctx.issues.push({ code: 'custom', message: parsed.message, input: text });
	return z.NEVER;
});

const BBOX_HELP = 'attendu bbox=ouest,sud,est,nord en degrés, par exemple bbox=4.5,46.9,5.5,47.6';

const bboxSchema = z.string().transform((text, ctx): BBox => {
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

const identifierSchema = z.string().transform((text, ctx) => {
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

const querySchema = z.string().max(MAX_QUERY_LENGTH, {
	error: `Paramètre « q » invalide : le texte recherché ne doit pas dépasser ${MAX_QUERY_LENGTH} caractères.`
});

const freshnessSchema = z.enum(FRESHNESS_FILTERS, {
	error: (issue) =>
		`Paramètre « freshness » invalide : « ${String(issue.input).slice(0, 40)} » n’est pas reconnu. Valeur possible : stale (fiches à vérifier).`
});

const limitSchema = z
	.string()
	.regex(/^\d+$/, {
		error: `Paramètre « limit » invalide : attendu un entier de 1 à ${MAX_LIMIT}.`
	})
	.transform(Number)
	.refine((n) => n >= 1 && n <= MAX_LIMIT, {
		error: `Paramètre « limit » invalide : le nombre de résultats par page est compris entre 1 et ${MAX_LIMIT}.`
	});

const cursorSchema = z.string().transform((text, ctx): Cursor => {
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
function codeSchema<T extends string>(
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

const sectorSchema = codeSchema('sector', 'un secteur connu', SECTORS);
const levelSchema = codeSchema('level', 'un niveau d’école connu', LEVELS);
const pathwaySchema = codeSchema('pathway', 'une voie de lycée connue', PATHWAYS);
const prioritySchema = codeSchema(
	'priority',
	'un réseau d’éducation prioritaire connu',
	PRIORITIES
);

function check<T>(schema: z.ZodType<T>, input: string, parameter: string): ParsedParams<T> {
	const result = schema.safeParse(input);
	if (result.success) return { ok: true, value: result.data };
	return { ok: false, parameter, message: result.error.issues[0]?.message ?? parameter };
}

function checkSingle<T>(
	params: URLSearchParams,
	parameter: string,
	schema: z.ZodType<T>
): ParsedParams<T | undefined> {
	const raw = singleValue(params, parameter);
	if (raw === REPEATED)
		return {
			ok: false,
			parameter,
			message: `Paramètre « ${parameter} » répété : une seule valeur est acceptée.`
		};
	if (raw === undefined) return { ok: true, value: undefined };
	return check(schema, raw, parameter);
}

function checkList<T>(
	params: URLSearchParams,
	parameter: string,
	schema: z.ZodType<T>
): ParsedParams<T[]> {
	const values: T[] = [];
	for (const raw of listValues(params, parameter)) {
		const one = check(schema, raw, parameter);
		if (!one.ok) return one;
		if (!values.includes(one.value)) values.push(one.value);
	}
	return { ok: true, value: values };
}

/**
 * The query parameters of the structure filters, as the API documents them. Lists accept
 * repeated parameters (`category=ecole&category=college`) or comma-separated values.
 */
export const structureFilterParams = z.object({
	category: z
		.array(categorySchema)
		.optional()
		.meta({
			description:
				'Catégories, répétées ou séparées par des virgules ; une structure en a une principale et parfois d’autres.',
			example: ['college', 'lycee']
		}),
	programme: z
		.array(programmeSchema)
		.optional()
		.meta({
			description:
				'Numéros de programmes de la feuille de route (1 à 21), répétés ou séparés par des virgules.',
			example: ['6']
		}),
	territory: territorySchema.optional().meta({
		description:
			'Un territoire : reg:27, aca:besancon, aca:dijon, dep:21, epci:<SIREN>, com:<code INSEE>, ou un cercle radius:<longitude>,<latitude>,<mètres> (200 km au plus).',
		example: 'dep:21'
	}),
	bbox: bboxSchema.optional().meta({
		description: 'Rectangle ouest,sud,est,nord en degrés WGS 84.',
		example: '4.5,46.9,5.5,47.6'
	}),
	identifier: identifierSchema.optional().meta({
		description: 'Un identifiant schéma:valeur (uai, siret, rnsr, paysage, mednum-bfc…).',
		example: 'uai:0210024M'
	}),
	q: querySchema.optional().meta({
		description:
			'Mots du nom, des sigles ou des noms antérieurs (sans tenir compte des accents ni de la casse) ou identifiant exact.',
		example: 'fablab'
	}),
	sector: z
		.array(sectorSchema)
		.optional()
		.meta({
			description: 'Secteur des écoles, collèges et lycées : public ou private.',
			example: ['private']
		}),
	level: z
		.array(levelSchema)
		.optional()
		.meta({
			description:
				'Niveau d’une école : maternelle ou elementaire (une école primaire a les deux).',
			example: ['maternelle']
		}),
	pathway: z
		.array(pathwaySchema)
		.optional()
		.meta({
			description: 'Voie d’un lycée : generale, technologique ou professionnelle.',
			example: ['professionnelle']
		}),
	priority: z
		.array(prioritySchema)
		.optional()
		.meta({
			description: 'Éducation prioritaire : rep ou rep-plus.',
			example: ['rep-plus']
		}),
	freshness: freshnessSchema.optional().meta({
		description:
			'stale : seulement les fiches « à vérifier », non confirmées depuis plus de 12 mois (réglage FRESHNESS_MONTHS).',
		example: 'stale'
	})
});

/** `limit` and `cursor` of the paginated list. */
export const listOptionParams = z.object({
	limit: limitSchema.optional().meta({
		description: `Nombre de structures par page, de 1 à ${MAX_LIMIT} (${DEFAULT_LIMIT} par défaut).`,
		example: '50'
	}),
	cursor: cursorSchema.optional().meta({
		description: 'La valeur next de la page précédente, telle quelle.'
	})
});

/**
 * Reads the structure filters from query parameters. Unknown parameters (the UI's `map`,
 * `vue`…) are ignored; blank values count as absent, so empty form fields filter nothing.
 */
export function parseStructureFilters(params: URLSearchParams): ParsedParams<StructureFilters> {
	const categories = checkList(params, 'category', categorySchema);
	if (!categories.ok) return categories;
	const programmes = checkList(params, 'programme', programmeSchema);
	if (!programmes.ok) return programmes;
	const territory = checkSingle(params, 'territory', territorySchema);
	if (!territory.ok) return territory;
	const bbox = checkSingle(params, 'bbox', bboxSchema);
	if (!bbox.ok) return bbox;
	const identifier = checkSingle(params, 'identifier', identifierSchema);
	if (!identifier.ok) return identifier;
	const q = checkSingle(params, 'q', querySchema);
	if (!q.ok) return q;
	const sectors = checkList(params, 'sector', sectorSchema);
	if (!sectors.ok) return sectors;
	const levels = checkList(params, 'level', levelSchema);
	if (!levels.ok) return levels;
	const pathways = checkList(params, 'pathway', pathwaySchema);
	if (!pathways.ok) return pathways;
	const priorities = checkList(params, 'priority', prioritySchema);
	if (!priorities.ok) return priorities;
	const freshness = checkSingle(params, 'freshness', freshnessSchema);
	if (!freshness.ok) return freshness;

	const filters: StructureFilters = {
		categories: categories.value as CategoryCode[],
		programmes: programmes.value
	};
	if (territory.value) filters.territory = territory.value;
	if (bbox.value) filters.bbox = bbox.value;
	if (identifier.value) filters.identifier = identifier.value;
	if (q.value) filters.q = q.value;
	if (sectors.value.length) filters.sectors = sectors.value;
	if (levels.value.length) filters.levels = levels.value;
	if (pathways.value.length) filters.pathways = pathways.value;
	if (priorities.value.length) filters.priorities = priorities.value;
	if (freshness.value) filters.freshness = freshness.value;
	return { ok: true, value: filters };
}

/**
 * The API refuses a parameter it does not read, so that nobody believes a filter applied
 * (`secteur=prive` instead of `sector=private`). The UI's pages ignore extra parameters.
 */
export function rejectUnknownParameters(
	params: URLSearchParams,
	accepted: readonly string[]
): ParsedParams<true> {
	for (const name of params.keys())
		if (!accepted.includes(name))
			return {
				ok: false,
				parameter: name,
				message: `Paramètre inconnu « ${name.slice(0, 40)} » : il n’est pas pris en compte. Paramètres acceptés : ${accepted.join(', ')}.`
			};
	return { ok: true, value: true };
}

/** Reads `limit` (1–500, default 100) and `cursor` (the `next` of the previous page). */
export function parseListOptions(params: URLSearchParams): ParsedParams<ListOptions> {
	const limit = checkSingle(params, 'limit', limitSchema);
	if (!limit.ok) return limit;
	const cursor = checkSingle(params, 'cursor', cursorSchema);
	if (!cursor.ok) return cursor;
	const options: ListOptions = { limit: limit.value ?? DEFAULT_LIMIT };
	if (cursor.value) options.cursor = cursor.value;
	return { ok: true, value: options };
}

/** The query parameters that `parseStructureFilters` reads back into the same filters. */
export function filtersToSearchParams(filters: StructureFilters): URLSearchParams {
	const params = new URLSearchParams();
	if (filters.categories.length) params.set('category', filters.categories.join(','));
	if (filters.programmes.length) params.set('programme', filters.programmes.join(','));
	if (filters.territory) params.set('territory', formatTerritory(filters.territory));
	if (filters.bbox) params.set('bbox', filters.bbox.join(','));
	if (filters.identifier)
		params.set('identifier', `${filters.identifier.scheme}:${filters.identifier.value}`);
	if (filters.q) params.set('q', filters.q);
	if (filters.sectors?.length) params.set('sector', filters.sectors.join(','));
	if (filters.levels?.length) params.set('level', filters.levels.join(','));
	if (filters.pathways?.length) params.set('pathway', filters.pathways.join(','));
	if (filters.priorities?.length) params.set('priority', filters.priorities.join(','));
	if (filters.freshness) params.set('freshness', filters.freshness);
	return params;
}

/** Cursors are opaque to clients: base64url of JSON [key, id]. */
export function encodeCursor(cursor: Cursor): string {
	const bytes = new TextEncoder().encode(JSON.stringify([cursor.key, cursor.id]));
	let binary = '';
	for (const byte of bytes) binary += String.fromCharCode(byte);
	return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeCursor(text: string): Cursor | null {
	if (!/^[A-Za-z0-9_-]+$/.test(text) || text.length > 2000) return null;
	try {
		const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
		const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
		const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
		if (
			Array.isArray(value) &&
			value.length === 2 &&
			typeof value[0] === 'string' &&
			isSortKey(value[0]) &&
			typeof value[1] === 'string' &&
			/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value[1])
		)
			return { key: value[0], id: value[1] };
	} catch {
		// Falls through: not a cursor this API produced.
	}
	return null;
}
