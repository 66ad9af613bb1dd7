import type { FeatureCollection, Point } from 'geojson';
import type { CategoryCode } from '../../domain/categories';
import type { StructureFilters } from '../../domain/structure-filters';

/** What a visitor asks: text, the structure filters, an optional point to sort by distance. */
export interface SearchQuery {
	/** The text typed, up to 200 characters; empty or absent lists everything (by name). */
	q: string;
	/** The shared structure filters; their `q` is ignored in favour of `q` above. */
	filters: StructureFilters;
	/** Sort by distance to this point (longitude, latitude), nearest first. */
	near?: { lon: number; lat: number };
	limit: number;
	offset: number;
	/** Also return every matching structure as light map markers (up to MAX_MARKERS). */
	markers?: boolean;
}

/** Map markers: the same light features as `structures.features` (id, name, primary category). */
export type SearchMarkers = FeatureCollection<
	Point,
	{ id: string; name: string; category: CategoryCode }
>;

/** Beyond this many matches the map gets the best-ranked ones only (zooming in narrows them). */
export const MAX_MARKERS = 10_000;

/** A piece of displayed text; `match` pieces are the words the query found. */
export interface Segment {
	text: string;
	match: boolean;
}

export interface SearchHit {
	id: string;
	slug: string;
	name: string;
	categories: CategoryCode[];
	commune: { code: string; name: string } | null;
	identifiers: Record<string, string>;
	geometry: Point;
	location_precision: 'exact' | 'approximate';
	/** Schools: public or private. */
	sector: 'public' | 'private' | null;
	/** Distance to `near` in metres, when the query has one. */
	distance_m?: number;
	/**
	 * Matched words as plain-text segments: no markup from the data reaches the page.
	 * `description` is a short extract around the first match, or null without one.
	 */
	highlight: { name: Segment[]; commune: Segment[] | null; description: Segment[] | null };
}

export interface FacetValue {
	value: string;
	label: string;
	count: number;
}

export interface SearchFacets {
	category: FacetValue[];
	programme: FacetValue[];
	departement: FacetValue[];
	/** The communes with the most results (at most 20). */
	commune: FacetValue[];
}

export type EngineName = 'meilisearch' | 'postgres';

export interface SearchResult {
	hits: SearchHit[];
	facets: SearchFacets;
	/** Number of matching structures, over all pages. */
	total: number;
	/** Which engine answered (Postgres when Meilisearch is not configured or unreachable). */
	engine: EngineName;
	/**
	 * True when no structure matched every word: the results leave out the least informative
	 * ones, listed in `ignored` (never a recognised place or category while results exist
	 * with it).
	 */
	relaxed: boolean;
	/** Words not searched: dropped by the relaxation, or beyond the word cap. */
	ignored: string[];
	/** What to tell the visitor about ignored words, in French; null when all were searched. */
	notice: string | null;
	/** What query understanding recognised: a place (ranked first) and categories. */
	understood: { place: { kind: string; name: string } | null; categories: string[] };
	limit: number;
	offset: number;
	/** With `markers=1`: the matching structures for the map, from the same query as `hits`. */
	markers?: SearchMarkers;
	/**
	 * True when the facet counts are estimates (the Postgres engine counts them on a sample of
	 * the documents beyond a few thousand matches).
	 */
	facets_estimated: boolean;
	/**
	 * True when `total` is an estimate: the Postgres engine counts exactly up to a few thousand
	 * matches, and estimates beyond from a sample of the documents.
	 */
	total_estimated: boolean;
}

/** Facet values as both engines count them, before labels are attached. */
export interface FacetCounts {
	category: Map<string, number>;
	programme: Map<string, number>;
	departement: Map<string, number>;
	commune: Map<string, number>;
}

/** What an engine returns; the facade adds labels and highlights. */
export interface EngineResult {
	hits: EngineHit[];
	counts: FacetCounts;
	total: number;
	markers?: SearchMarkers;
	/** The facet counts are estimates (see SearchResult.facets_estimated). */
	facetsEstimated?: boolean;
	/** The total is an estimate (see SearchResult.total_estimated). */
	totalEstimated?: boolean;
}

export interface EngineHit extends Omit<SearchHit, 'highlight'> {
	description: string;
}

export const COMMUNE_FACET_SIZE = 20;
