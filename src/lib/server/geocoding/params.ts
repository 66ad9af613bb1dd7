import { z } from 'zod';
import { parseQuery, type ParsedParams } from '../../domain/query-params';
import { MAX_QUERY_LENGTH } from './query';

/** Autocomplete asks for a few suggestions: more would only cost the national API. */
export const MAX_API_LIMIT = 10;
export const MIN_QUERY_LENGTH = 2;

const querySchema = z
	.string({
		error: 'Paramètre « q » manquant : indiquez une adresse, une commune ou un code postal.'
	})
	.trim()
	.min(MIN_QUERY_LENGTH, {
		error: `Paramètre « q » trop court : saisissez au moins ${MIN_QUERY_LENGTH} caractères.`
	})
	.max(MAX_QUERY_LENGTH, {
		error: `Paramètre « q » trop long : ${MAX_QUERY_LENGTH} caractères au plus.`
	});

const limitError = `Paramètre « limit » invalide : un nombre entier de 1 à ${MAX_API_LIMIT}.`;
const limitSchema = z
	.string()
	.regex(/^\d{1,3}$/, { error: limitError })
	.transform(Number)
	.refine((n) => n >= 1 && n <= MAX_API_LIMIT, { error: limitError });

/** The parameters of GET /api/v1/geocode, as the API's OpenAPI document shows them. */
export const geocodeParams = z.object({
	q: querySchema.meta({
		description: 'Adresse, commune ou code postal de la région, au moins 2 caractères.',
		example: '12 rue de la Liberté Dijon'
	}),
	limit: limitSchema.optional().meta({
		description: `Nombre de candidats, de 1 à ${MAX_API_LIMIT} (5 par défaut).`,
		example: '3'
	})
});

/** `?q=&limit=` of GET /api/v1/geocode; any other parameter is refused. */
export function parseGeocodeParams(
	params: URLSearchParams
): ParsedParams<{ q: string; limit: number }> {
	const read = parseQuery(params, geocodeParams);
	if (!read.ok) return read;
	return { ok: true, value: { q: read.value.q, limit: read.value.limit ?? 5 } };
}

const coordinate = (name: 'lon' | 'lat', max: number) => {
	const what = name === 'lon' ? 'la longitude' : 'la latitude';
	const example = name === 'lon' ? 'lon=5.0415' : 'lat=47.3220';
	return z
		.string({
			error: `Paramètre « ${name} » manquant : indiquez ${what} en degrés WGS 84, par exemple ${example}.`
		})
		.trim()
		.regex(/^-?\d{1,3}(\.\d{1,15})?$/, {
			error: `Paramètre « ${name} » invalide : ${what} s’écrit en degrés décimaux WGS 84, par exemple ${example}.`
		})
		.transform(Number)
		.refine((n) => Math.abs(n) <= max, {
			error: `Paramètre « ${name} » hors limites : ${what} est comprise entre −${max} et ${max} degrés.`
		});
};

const lonSchema = coordinate('lon', 180);
const latSchema = coordinate('lat', 90);

/** The parameters of GET /api/v1/reverse. */
export const reverseParams = z.object({
	lon: lonSchema.meta({ description: 'Longitude en degrés WGS 84.', example: '5.0415' }),
	lat: latSchema.meta({ description: 'Latitude en degrés WGS 84.', example: '47.3220' })
});

/** `?lon=&lat=` of GET /api/v1/reverse; any other parameter is refused. */
export function parseReverseParams(
	params: URLSearchParams
): ParsedParams<{ lon: number; lat: number }> {
	return parseQuery(params, reverseParams);
}

export const OUTSIDE_REGION_MESSAGE =
	'Ce point est hors de la région Bourgogne-Franche-Comté : placez le repère sur une commune de la région.';
