import { z } from 'zod';
import type { ParsedParams } from '../../domain/structure-filters';
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

/** `?q=&limit=` of GET /api/v1/geocode. */
export function parseGeocodeParams(
	params: URLSearchParams
): ParsedParams<{ q: string; limit: number }> {
	const q = querySchema.safeParse(params.get('q') ?? undefined);
	if (!q.success) return { ok: false, message: q.error.issues[0]!.message, parameter: 'q' };
	const rawLimit = params.get('limit');
	if (rawLimit === null || rawLimit.trim() === '')
		return { ok: true, value: { q: q.data, limit: 5 } };
	const limit = limitSchema.safeParse(rawLimit.trim());
	if (!limit.success) {
		return { ok: false, message: limit.error.issues[0]!.message, parameter: 'limit' };
	}
	return { ok: true, value: { q: q.data, limit: limit.data } };
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

/** `?lon=&lat=` of GET /api/v1/reverse. */
export function parseReverseParams(
	params: URLSearchParams
): ParsedParams<{ lon: number; lat: number }> {
	const lon = lonSchema.safeParse(params.get('lon') ?? undefined);
	if (!lon.success) return { ok: false, message: lon.error.issues[0]!.message, parameter: 'lon' };
	const lat = latSchema.safeParse(params.get('lat') ?? undefined);
	if (!lat.success) return { ok: false, message: lat.error.issues[0]!.message, parameter: 'lat' };
	return { ok: true, value: { lon: lon.data, lat: lat.data } };
}

export const OUTSIDE_REGION_MESSAGE =
	'Ce point est hors de la région Bourgogne-Franche-Comté : placez le repère sur une commune de la région.';
