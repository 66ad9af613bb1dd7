import type { SearchResponse } from 'meilisearch';
import type { SearchDocument } from './document';
import { meiliFilter, quote } from './meili-filter';
import { meiliClient, meiliTarget } from './meili';
import type { Searcher } from './relax';
import type { UnderstoodGroup } from './understand';
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
 * The Meilisearch engine. Every word must match (`all`). A recognised place or category
 * splits the search into segments, searched together in one multi-search and concatenated in
 * the order of the Postgres engine: in the place and of the categories, in the place, of the
 * categories, then the rest. In the place its words need not match; outside, they must (a
 * structure named after the place).
 * Exact totals come from page mode; the segments are disjoint, so totals and facets add up.
 * Relaxation is decided by the facade (relax.ts).
 */
export async function prepare(query: SearchQuery): Promise<Searcher> {
	const target = meiliTarget();
	if (!target) throw new Error('Meilisearch is not configured');
	return {
		run: (groups) => run(query, target.index, groups),
		counts: async (sets) => {
			if (!sets.length) return [];
			const base = meiliFilter(query.filters);
			const parts = sets.map((set) => partsOf(set, !!query.near));
			const { results } = await meiliClient('query').multiSearch({
				queries: parts.flat().map((part) => ({
					indexUid: target.index,
					q: part.q,
					filter: [...base, ...part.filter],
					matchingStrategy: 'all' as const,
					hitsPerPage: 0,
					page: 1
				}))
			});
			const totals = results.map((r) => totalOf(r as unknown as SearchResponse<Hit>));
			let next = 0;
			return parts.map((of) => of.reduce((sum) => sum + totals[next++]!, 0));
		}
	};
}

/** One part with every word, or the segments when a place or category was recognised. */
function partsOf(groups: UnderstoodGroup[], near: boolean): Segment[] {
	return near || !groups.some((g) => g.role !== 'text')
		? [{ q: groups.map((g) => g.words.join(' ')).join(' '), filter: [] }]
		: segments(groups);
}

interface Segment {
	q: string;
	filter: string[];
}

/** The filter of a place or category group: the structures it names without its words. */
function inSet(group: UnderstoodGroup): string {
	if (group.role === 'place')
		return group.place.departement
			? `departement_code = ${quote(group.place.departement)}`
			: `commune_code IN [${group.place.communes.map(quote).join(', ')}]`;
	if (group.role === 'category') return `categories IN [${group.categories.map(quote).join(', ')}]`;
	throw new Error('A text group has no set');
}

/** The segments of a search, best first (see `prepare`). */
function segments(groups: UnderstoodGroup[]): Segment[] {
	const place = groups.find((g) => g.role === 'place');
	const categories = groups.filter((g) => g.role === 'category');
	const category: UnderstoodGroup | undefined = categories.length
		? {
				words: categories.flatMap((g) => g.words),
				alternatives: [],
				prefix: false,
				synonym: true,
				role: 'category',
				categories: [
					...new Set(categories.flatMap((g) => (g.role === 'category' ? g.categories : [])))
				]
			}
		: undefined;
	// Category words stay in every segment: the documents of a category hold its terms
	// (`category_terms`), so they match there and rank by where else they match. Place words
	// are left out inside the place only.
	const text = (inside: UnderstoodGroup[]) =>
		groups
			.filter((g) => !inside.includes(g))
			.map((g) => g.words.join(' '))
			.join(' ');
	const soft: UnderstoodGroup[] = [];
	if (place) soft.push(place);
	if (category) soft.push(category);
	// Each soft group is either « in its set » (its words need not match) or « outside ».
	const result: Segment[] = [];
	for (let mask = 0; mask < 1 << soft.length; mask++) {
		const inside = soft.filter((_, i) => !(mask & (1 << (soft.length - 1 - i))));
		const outside = soft.filter((g) => !inside.includes(g));
		result.push({
			q: text(inside),
			filter: [...inside.map(inSet), ...outside.map((g) => `NOT (${inSet(g)})`)]
		});
	}
	return result;
}

async function run(
	query: SearchQuery,
	indexUid: string,
	groups: UnderstoodGroup[]
): Promise<EngineResult> {
	const client = meiliClient('query');
	const parts = partsOf(groups, !!query.near);
	const base = meiliFilter(query.filters);
	const sortFor = (q: string) =>
		query.near
			? [`_geoPoint(${query.near.lat.toFixed(7)}, ${query.near.lon.toFixed(7)}):asc`]
			: q.trim()
				? undefined
				: ['name_sort:asc'];
	// Page mode gives exact totals. One segment: the page asked (an offset that is not a
	// multiple of the limit reads the pages up to it). Several: each segment's first
	// offset + limit hits, concatenated, then the page cut out.
	const single = parts.length === 1;
	const aligned = single && query.offset % query.limit === 0;
	const hitsPerPage = aligned ? query.limit : query.offset + query.limit;
	const page = aligned ? query.offset / query.limit + 1 : 1;
	const queries = parts.flatMap((part) => {
		const common = {
			indexUid,
			q: part.q,
			filter: [...base, ...part.filter],
			sort: sortFor(part.q),
			matchingStrategy: 'all' as const
		};
		return [
			{ ...common, facets: FACETS, attributesToRetrieve: RETRIEVED, hitsPerPage, page },
			...(query.markers
				? [
						{
							...common,
							attributesToRetrieve: ['id', 'name', 'categories', '_geo'],
							limit: MAX_MARKERS
						}
					]
				: [])
		];
	});
	const { results } = await client.multiSearch({ queries });
	const per = query.markers ? 2 : 1;
	const responses = parts.map((_, i) => results[i * per] as unknown as SearchResponse<Hit>);
	const all = responses.flatMap((r) => r.hits);
	const hits = (aligned ? all : all.slice(query.offset, query.offset + query.limit)).map((hit) =>
		toHit(hit, !!query.near)
	);
	const markers = query.markers
		? toMarkers(
				parts
					.flatMap((_, i) => (results[i * per + 1] as unknown as SearchResponse<Hit>).hits)
					.slice(0, MAX_MARKERS)
			)
		: undefined;
	return {
		hits,
		counts: counts(responses),
		total: responses.reduce((sum, r) => sum + totalOf(r), 0),
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

function counts(responses: SearchResponse<Hit>[]): FacetCounts {
	const sum = (name: string) => {
		const total = new Map<string, number>();
		for (const response of responses)
			for (const [value, n] of Object.entries(response.facetDistribution?.[name] ?? {}))
				total.set(value, (total.get(value) ?? 0) + n);
		return total;
	};
	const communes = [...sum('commune_code')]
		.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
		.slice(0, COMMUNE_FACET_SIZE);
	return {
		category: sum('categories'),
		programme: sum('programmes'),
		departement: sum('departement_code'),
		commune: new Map(communes)
	};
}
