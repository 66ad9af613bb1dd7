import type { Feature, FeatureCollection, Point } from 'geojson';
import {
	FILTER_PARAMETERS,
	parseListOptions,
	parseStructureFilters,
	rejectUnknownParameters
} from '../../domain/structure-filters';
import * as structures from '../structures';
import { MAX_AGE, badRequest, geojson, geojsonText, json } from './responses';

type Format = 'json' | 'geojson' | 'light';

const FORMATS: Format[] = ['json', 'geojson', 'light'];

/** Every parameter `GET /api/v1/structures` reads; any other is refused. */
export const STRUCTURES_PARAMETERS = [
	...FILTER_PARAMETERS,
	'limit',
	'cursor',
	'format',
	'light'
] as const;

/**
 * `GET /api/v1/structures` and its `.geojson` twin. `format=light` (or `light=1`) gives the
 * map's light FeatureCollection of every matching structure; otherwise one page of items, as
 * JSON `{ items, next, total }` or as GeoJSON features carrying the same properties.
 */
export async function structuresResponse(url: URL, defaultFormat: Format): Promise<Response> {
	const params = url.searchParams;
	const known = rejectUnknownParameters(params, STRUCTURES_PARAMETERS);
	if (!known.ok) return badRequest(known);
	const format = readFormat(params, defaultFormat);
	if (typeof format !== 'string') return badRequest(format);
	const filters = parseStructureFilters(params);
	if (!filters.ok) return badRequest(filters);
	const headers: Record<string, string> = { Vary: 'Accept' };

	if (format === 'light')
		return geojsonText(await structures.featuresJson(filters.value), {
			maxAge: MAX_AGE.structures,
			headers
		});

	const options = parseListOptions(params);
	if (!options.ok) return badRequest(options);
	const page = await structures.list(filters.value, options.value);
	if (page.next) {
		const next = new URL(url);
		next.searchParams.set('cursor', page.next);
		headers.Link = `<${next.href}>; rel="next"`;
	}
	if (format === 'json') return json(page, { maxAge: MAX_AGE.structures, headers });
	const collection: FeatureCollection<Point> & Omit<structures.StructurePage, 'items'> = {
		type: 'FeatureCollection',
		features: page.items.map(({ geometry, ...properties }): Feature<Point> => ({
			type: 'Feature',
			id: properties.id,
			geometry,
			properties
		})),
		next: page.next,
		total: page.total
	};
	return geojson(collection, { maxAge: MAX_AGE.structures, headers });
}

function readFormat(
	params: URLSearchParams,
	defaultFormat: Format
): Format | { message: string; parameter: string } {
	if (params.get('light') === '1' || params.get('light') === 'true') return 'light';
	const value = params.get('format')?.trim();
	if (!value) return defaultFormat;
	if ((FORMATS as string[]).includes(value)) return value as Format;
	return {
		parameter: 'format',
		message: `Paramètre « format » invalide (« ${value.slice(0, 40)} ») : valeurs possibles json, geojson ou light.`
	};
}
