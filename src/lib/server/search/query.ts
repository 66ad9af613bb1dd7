import { z } from 'zod';
import { flagSchema, integerSchema } from '../../domain/filter-schemas';
import {
	parseQuery,
	filtersFrom,
	structureFilterParams,
	type ParsedParams,
	type StructureFilters
} from '../../domain/structure-filters';
import { prepareQuery } from './analyze';
import type { SearchQuery } from './types';

export const DEFAULT_SEARCH_LIMIT = 20;
export const MAX_SEARCH_LIMIT = 100;
/** Deep pages are for crawlers, not people; the map shows the rest. */
export const MAX_SEARCH_OFFSET = 10_000;

const NEAR_HELP = 'attendu near=<longitude>,<latitude> en degrés, par exemple near=5.04,47.32';

const nearSchema = z.string().transform((raw, ctx): SearchQuery['near'] => {
	const parts = raw.split(',').map((p) => (p.trim() === '' ? NaN : Number(p)));
	const [lon, lat] = parts as [number, number];
	const fail = (message: string) => {
		ctx.issues.push({ code: 'custom', message, input: raw });
		return z.NEVER;
	};
	if (parts.length !== 2 || !parts.every(Number.isFinite))
		return fail(`Paramètre « near » invalide : ${NEAR_HELP}.`);
	if (lon < -180 || lon > 180 || lat < -90 || lat > 90)
		return fail(
			'Paramètre « near » invalide : la longitude va de −180 à 180 et la latitude de −90 à 90.'
		);
	return { lon, lat };
});

/**
 * The parameters of `GET /api/v1/search`: the shared structure filters plus `near`, `limit`,
 * `offset` and `markers`. They validate the query and document it in the OpenAPI document.
 */
export const searchParams = structureFilterParams.extend({
	near: nearSchema.optional().meta({
		description: 'longitude,latitude : classe les résultats par distance.',
		example: '5.04,47.32'
	}),
	limit: integerSchema('limit', 1, MAX_SEARCH_LIMIT)
		.optional()
		.meta({
			description: `Résultats par page, de 1 à ${MAX_SEARCH_LIMIT} (${DEFAULT_SEARCH_LIMIT} par défaut).`,
			example: '5'
		}),
	offset: integerSchema('offset', 0, MAX_SEARCH_OFFSET)
		.optional()
		.meta({
			description: `Résultats à sauter, de 0 à ${MAX_SEARCH_OFFSET}.`,
			example: '20'
		}),
	markers: flagSchema('markers').optional().meta({
		description: '1 pour ajouter les points de tous les résultats (carte).',
		example: '1'
	})
});

/** Every parameter `GET /api/v1/search` reads. */
export const SEARCH_PARAMETERS = Object.keys(searchParams.shape);

/**
 * Reads a search from query parameters. The API refuses a parameter it does not read
 * (`unknown: 'refuse'`); the search page ignores its own (`vue`, `map`…).
 */
export function parseSearchQuery(
	params: URLSearchParams,
	{ unknown = 'ignore' }: { unknown?: 'refuse' | 'ignore' } = {}
): ParsedParams<SearchQuery> {
	const read = parseQuery(params, searchParams, { unknown });
	if (!read.ok) return read;
	return {
		ok: true,
		value: searchQuery(filtersFrom(read.value), {
			near: read.value.near,
			limit: read.value.limit ?? DEFAULT_SEARCH_LIMIT,
			offset: read.value.offset ?? 0,
			markers: read.value.markers ?? false
		})
	};
}

export function searchQuery(
	filters: StructureFilters,
	options: { near?: SearchQuery['near']; limit?: number; offset?: number; markers?: boolean } = {}
): SearchQuery {
	const { q, ...rest } = filters;
	return {
		q: prepareQuery(q ?? ''),
		filters: rest,
		...(options.near ? { near: options.near } : {}),
		limit: options.limit ?? DEFAULT_SEARCH_LIMIT,
		offset: options.offset ?? 0,
		...(options.markers ? { markers: true } : {})
	};
}
