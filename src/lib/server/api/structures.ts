import type { Feature, FeatureCollection, Point } from 'geojson';
import { z } from 'zod';
import { flagSchema } from '../../domain/filter-schemas';
import {
	DEFAULT_LIMIT,
	filtersFrom,
	listOptionParams,
	parseQuery,
	structureFilterParams,
	type ListOptions
} from '../../domain/structure-filters';
import * as structures from '../structures';
import { MAX_AGE, badRequest, geojson, geojsonText, json } from './responses';

type Format = 'json' | 'geojson' | 'light';

const FORMATS = ['json', 'geojson', 'light'] as const;

const formatSchema = z.enum(FORMATS, {
	error: (issue) =>
		`Paramètre « format » invalide (« ${String(issue.input).slice(0, 40)} ») : valeurs possibles json, geojson ou light.`
});

/**
 * Every parameter `GET /api/v1/structures` (and its `.geojson` twin) reads, any other being
 * refused: the filters, the page (`limit`, `cursor`) and the format. The same object documents
 * them in the OpenAPI document.
 */
export const structuresParams = structureFilterParams.extend(listOptionParams.shape).extend({
	format: formatSchema.optional().meta({
		description:
			'json (par défaut) ; geojson : la même page en FeatureCollection ; light : toutes les structures filtrées, sans pagination, avec id, name et category (carte).',
		example: 'geojson'
	}),
	light: flagSchema('light')
		.optional()
		.meta({ description: '1 : comme format=light.', example: '1' })
});

/**
 * `GET /api/v1/structures` and its `.geojson` twin. `format=light` (or `light=1`) gives the
 * map's light FeatureCollection of every matching structure; otherwise one page of items, as
 * JSON `{ items, next, total }` or as GeoJSON features carrying the same properties.
 */
export async function structuresResponse(url: URL, defaultFormat: Format): Promise<Response> {
	const params = url.searchParams;
	const read = parseQuery(params, structuresParams);
	if (!read.ok) return badRequest(read);
	const format: Format = read.value.light ? 'light' : (read.value.format ?? defaultFormat);
	const filters = filtersFrom(read.value);
	const headers: Record<string, string> = { Vary: 'Accept' };

	if (format === 'light')
		return geojsonText(await structures.featuresJson(filters), {
			maxAge: MAX_AGE.structures,
			headers
		});

	const options: ListOptions = { limit: read.value.limit ?? DEFAULT_LIMIT };
	if (read.value.cursor) options.cursor = read.value.cursor;
	const page = await structures.list(filters, options);
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
