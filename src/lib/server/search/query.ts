import {
	FILTER_PARAMETERS,
	parseStructureFilters,
	type ParsedParams,
	type StructureFilters
} from '../../domain/structure-filters';
import { prepareQuery } from './analyze';
import type { SearchQuery } from './types';

export const DEFAULT_SEARCH_LIMIT = 20;
export const MAX_SEARCH_LIMIT = 100;
/** Deep pages are for crawlers, not people; the map shows the rest. */
export const MAX_SEARCH_OFFSET = 10_000;

const integerParameter = (
	params: URLSearchParams,
	name: string,
	min: number,
	max: number,
	fallback: number
): ParsedParams<number> => {
	const raw = params.get(name)?.trim();
	if (!raw) return { ok: true, value: fallback };
	const value = Number(raw);
	if (!/^\d+$/.test(raw) || value < min || value > max)
		return {
			ok: false,
			parameter: name,
			message: `Paramètre « ${name} » invalide : attendu un entier de ${min} à ${max}.`
		};
	return { ok: true, value };
};

function parseNear(raw: string | null): ParsedParams<SearchQuery['near']> {
	if (!raw?.trim()) return { ok: true, value: undefined };
	const parts = raw.split(',').map((p) => (p.trim() === '' ? NaN : Number(p)));
	const [lon, lat] = parts as [number, number];
	if (parts.length !== 2 || !parts.every(Number.isFinite))
		return {
			ok: false,
			parameter: 'near',
			message:
				'Paramètre « near » invalide : attendu near=<longitude>,<latitude> en degrés, par exemple near=5.04,47.32.'
		};
	if (lon < -180 || lon > 180 || lat < -90 || lat > 90)
		return {
			ok: false,
			parameter: 'near',
			message:
				'Paramètre « near » invalide : la longitude va de −180 à 180 et la latitude de −90 à 90.'
		};
	return { ok: true, value: { lon, lat } };
}

/**
 * Reads a search from query parameters: the shared structure filters (`q`, `category`,
 * `programme`, `territory`, `bbox`, `identifier`) plus `near`, `limit` and `offset`.
 */
/** Every parameter `GET /api/v1/search` reads. */
export const SEARCH_PARAMETERS = [
	...FILTER_PARAMETERS,
	'near',
	'limit',
	'offset',
	'markers'
] as const;

export function parseSearchQuery(params: URLSearchParams): ParsedParams<SearchQuery> {
	const filters = parseStructureFilters(params);
	if (!filters.ok) return filters;
	const near = parseNear(params.get('near'));
	if (!near.ok) return near;
	const limit = integerParameter(params, 'limit', 1, MAX_SEARCH_LIMIT, DEFAULT_SEARCH_LIMIT);
	if (!limit.ok) return limit;
	const offset = integerParameter(params, 'offset', 0, MAX_SEARCH_OFFSET, 0);
	if (!offset.ok) return offset;
	const markers = parseFlag(params, 'markers');
	if (!markers.ok) return markers;
	return {
		ok: true,
		value: searchQuery(filters.value, {
			near: near.value,
			limit: limit.value,
			offset: offset.value,
			markers: markers.value
		})
	};
}

function parseFlag(params: URLSearchParams, name: string): ParsedParams<boolean> {
	const raw = params.get(name)?.trim().toLowerCase() ?? '';
	if (raw === '' || raw === '0' || raw === 'false') return { ok: true, value: false };
	if (raw === '1' || raw === 'true') return { ok: true, value: true };
	return {
		ok: false,
		parameter: name,
		message: `Paramètre « ${name} » invalide : attendu ${name}=1 (ou true) pour l’activer.`
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
