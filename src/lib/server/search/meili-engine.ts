import type { SearchParams, SearchResponse } from 'meilisearch';
import type { SearchDocument } from './document';
import { meiliFilter } from './meili-filter';
import { meiliClient, meiliTarget } from './meili';
import { analyze } from './analyze';
import {
	COMMUNE_FACET_SIZE,
	type EngineHit,
	type EngineResult,
	type FacetCounts,
	type SearchMarkers,
	type SearchQuery,
	MAX_MARKERS
} from './types';

const RETRIEVED: (keyof SearchDocument)[] = [
	'id',
	'slug',
	'name',
	'categories',
	'commune_code',
	'commune_name',
	'identifiers',
	'description',
	'location_precision',
	'sector',
	'_geo'
];

const FACETS = ['categories', 'programmes', 'departement_code', 'commune_code'];

type Hit = Pick<SearchDocument, (typeof RETRIEVED)[number]> & { _geoDistance?: number };

/**
 * The Meilisearch engine. Every word must match (`all`); when nothing does, Meilisearch drops
 * the last words (`last`), as the Postgres engine does. Exact totals come from page mode.
 */
export async function search(query: SearchQuery): Promise<EngineResult> {
	const target = meiliTarget();
	if (!target) throw new Error('Meilisearch is not configured');
	const index = meiliClient('query').index<Hit>(target.index);

	// Page mode gives exact totals; an offset that is not a multiple of the limit reads the
	// pages up to it (rare: the UI pages by whole pages).
	const aligned = query.offset % query.limit === 0;
	const hitsPerPage = aligned ? query.limit : query.offset + query.limit;
	const page = aligned ? query.offset / query.limit + 1 : 1;
	const sort = query.near
		? [`_geoPoint(${query.near.lat.toFixed(7)}, ${query.near.lon.toFixed(7)}):asc`]
		: query.q.trim()
			? undefined
			: ['name_sort:asc'];
	const params: SearchParams = {
		filter: meiliFilter(query.filters),
		facets: FACETS,
		attributesToRetrieve: RETRIEVED,
		hitsPerPage,
		page,
		sort
	};
	const run = async (matchingStrategy: 'all' | 'last') => {
		if (!query.markers) {
			const response = await index.search(query.q, { ...params, matchingStrategy });
			return { response, markers: undefined };
		}
		// One round trip for the list, the facets and the map, from the same query.
		const { results } = await meiliClient('query').multiSearch({
			queries: [
				{ indexUid: target.index, q: query.q, ...params, matchingStrategy },
				{
					indexUid: target.index,
					q: query.q,
					filter: params.filter,
					sort,
					matchingStrategy,
					attributesToRetrieve: ['id', 'name', 'categories', '_geo'],
					limit: MAX_MARKERS
				}
			]
		});
		return {
			response: results[0] as unknown as SearchResponse<Hit>,
			markers: toMarkers((results[1] as unknown as SearchResponse<Hit>).hits)
		};
	};
	let { response, markers } = await run('all');
	let relaxed = false;
	if (totalOf(response) === 0 && analyze(query.q).length > 1) {
		({ response, markers } = await run('last'));
		relaxed = totalOf(response) > 0;
	}
	const hits = (aligned ? response.hits : response.hits.slice(query.offset)).map((hit) =>
		toHit(hit, !!query.near)
	);
	return {
		hits,
		counts: counts(response),
		total: totalOf(response),
		relaxed,
		...(markers ? { markers } : {})
	};
}

function toMarkers(hits: Pick<Hit, 'id' | 'name' | 'categories' | '_geo'>[]): SearchMarkers {
	return {
		type: 'FeatureCollection',
		features: hits.map((hit) => ({
			type: 'Feature',
			geometry: { type: 'Point', coordinates: [round6(hit._geo.lng), round6(hit._geo.lat)] },
			properties: { id: hit.id, name: hit.name, category: hit.categories[0]! }
		}))
	};
}

function toHit(hit: Hit, withDistance: boolean): EngineHit {
	return {
		id: hit.id,
		slug: hit.slug,
		name: hit.name,
		categories: hit.categories,
		commune: hit.commune_code
			? { code: hit.commune_code, name: hit.commune_name ?? hit.commune_code }
			: null,
		identifiers: hit.identifiers,
		// Six decimals, as the structures API writes GeoJSON.
		geometry: {
			type: 'Point',
			coordinates: [round6(hit._geo.lng), round6(hit._geo.lat)]
		},
		location_precision: hit.location_precision,
		sector: hit.sector === 'public' || hit.sector === 'private' ? hit.sector : null,
		description: hit.description,
		...(withDistance && hit._geoDistance !== undefined
			? { distance_m: Math.round(hit._geoDistance) }
			: {})
	};
}

/** Page mode (hitsPerPage) answers with an exact `totalHits`. */
function totalOf(response: SearchResponse<Hit>): number {
	return (response as { totalHits?: number }).totalHits ?? 0;
}

function round6(value: number): number {
	return Math.round(value * 1e6) / 1e6;
}

function counts(response: SearchResponse<Hit>): FacetCounts {
	const distribution = response.facetDistribution ?? {};
	const map = (name: string) => new Map(Object.entries(distribution[name] ?? {}));
	const communes = [...map('commune_code')]
		.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
		.slice(0, COMMUNE_FACET_SIZE);
	return {
		category: map('categories'),
		programme: map('programmes'),
		departement: map('departement_code'),
		commune: new Map(communes)
	};
}
