import { sql, type Sql } from '../db';
import {
	byId,
	documentCount,
	facetColumns,
	hasStructureFilters,
	sampledCtes,
	stripPosition,
	toMap
} from './postgres-run-parts';
import { geoPoint, type Fragment } from '../db/fragments';
import { summaryColumns, summaryFrom } from '../structures/summary';
import { whereClause } from '../structures/where';
import {
	type EngineHit,
	type EngineResult,
	type FacetCounts,
	type SearchMarkers,
	type SearchQuery,
	MAX_MARKERS
} from './types';

/**
 * What one search of the Postgres engine costs is bounded, whatever the number of matches (a
 * national directory answers « école » with hundreds of thousands):
 *
 * - `rank`: at most this many matches of each candidate source are scored and ranked. The
 *   sources are chosen by index: any match, the matches in the place named, those holding the
 *   words as typed (no typo variant), those of the categories named, a code. Below this many
 *   matches, every match is ranked, as before.
 * - `count`: matches are counted exactly up to this many. Beyond, the total and the facets
 *   are estimated from a sample of the documents (TABLESAMPLE SYSTEM, repeatable: the same
 *   estimate for the same query and data), and the response says so.
 * - `sample`: about this many documents are read for the estimate; a directory smaller than
 *   this is read whole (exact counts).
 * - `sort`: without words, up to this many matches (by the estimate) are read by the filters'
 *   indexes and sorted by name; beyond, the name index is walked until the page is full.
 *
 * Pages beyond the ranked candidates list the other matches by name.
 */
export const SEARCH_BOUNDS = { rank: 500, count: 1000, sample: 5000, sort: 10000 };

/** Kept for the facet tests: below this many matches, facets are exact. */
export const FACET_EXACT_LIMIT = SEARCH_BOUNDS.count;

/** What the text part of a search needs (built by postgres-engine.ts). */
export interface TextSearch {
	match: Fragment;
	/** `match` reads the document only (`d`), not the structure (`s`). */
	documentsOnly: boolean;
	/** A group of `match` (words or what they name), its document and structure parts apart. */
	split: { document: Fragment; structure: Fragment } | null;
	/** Every group by what it names (null when a group has only words): no document needed. */
	named: Fragment | null;
	/** The tsquery of the words as typed (no typo variant), or null. */
	exact: string | null;
	rank: string;
	folded: string;
	typed: string;
	place: string[] | null;
	categories: string[] | null;
}

interface Row {
	total: number;
	estimated: boolean;
	hits: (EngineHit & { distance_m: number | null })[] | null;
	categories: Record<string, number> | null;
	programmes: Record<string, number> | null;
	departements: Record<string, number> | null;
	communes: [string, number][] | null;
	facet_scale: number;
	markers: SearchMarkers['features'] | null;
}

export async function run(
	db: Sql,
	query: SearchQuery,
	text: TextSearch | null
): Promise<EngineResult> {
	const { rank: R, sample } = SEARCH_BOUNDS;
	const documents = await documentCount(db);
	const full = documents <= sample;
	// A directory smaller than the sample is counted exactly in one scan.
	const C = full ? Math.max(SEARCH_BOUNDS.count, Math.ceil(documents) + 1) : SEARCH_BOUNDS.count;
	const percent = full ? 100 : Math.max(0.01, Math.min(100, (100 * sample) / documents));
	const where = whereClause({ ...query.filters, q: undefined });
	const textMatch = text ? sql`and ${text.match}` : sql``;
	const base: Fragment = sql`structures s join search_documents d on d.structure_id = s.id
		where ${where} ${textMatch}`;
	// Without a filter on the structures, and words matched on the document alone (no category
	// or place group), the words are the only selection: read the matching
	// documents (GIN index, or a scan that stops at the bound) and look each structure up by
	// id. Left to itself, the planner joined the two tables whole (hash or merge join) to find
	// the first thousand matches, which grew with the directory (1 s at 120,000).
	const unfiltered = text !== null && text.documentsOnly && !hasStructureFilters(query);
	const byText = (condition: Fragment = sql``): Fragment =>
		sql`search_documents d cross join lateral (${byId('structures', 'id', ['d', 'structure_id'])}) s
			where ${where} ${textMatch} ${condition}`;
	// A place named (« fablab Perrouse »): the place group's two parts read apart, each by its
	// own index (the place's communes on the structures, the words in the documents), in two
	// disjoint branches whose first matches end the read.
	const split = text !== null && text.split && !hasStructureFilters(query) ? text.split : null;
	// The documents naming the place mostly lie in it: those are set aside by one hash of the
	// place's structures, not each one's structure read to learn so (0.1 s for 10,000).
	const outsidePlace =
		split && text?.place
			? sql`and d.structure_id not in (
				select p.id from structures p where p.commune_code = any(${text.place}::text[]))`
			: sql``;
	const bySplit = (columns: Fragment, condition: Fragment = sql``): Fragment =>
		split
			? sql`(select ${columns}
				from structures s
				cross join lateral (${byId('search_documents', 'structure_id', ['s', 'id'])}) d
				where (${split.structure}) and ${where} ${textMatch} ${condition})
			union all
			(select ${columns}
				from search_documents d
				cross join lateral (${byId('structures', 'id', ['d', 'structure_id'])}) s
				where ${split.document} ${outsidePlace} and not coalesce(${split.structure}, false)
					and ${where} ${textMatch} ${condition})`
			: sql`select ${columns} from ${unfiltered ? byText() : base} ${condition}`;
	// When every group names something (« collège Perrouse »), the structures matching by what
	// is named alone come first, by the structures' own indexes, no document read: a place of
	// 70,000 structures otherwise had each one's document read until 1,000 matched (0.2 s).
	const named = split && text?.named ? text.named : null;
	const limitedQuery: Fragment = named
		? sql`select * from (
				(select s.id, s.categories, s.commune_code, null::text as name_folded
					from structures s where ${named} and ${where} limit ${C + 1})
				union all
				(${bySplit(sql`s.id, s.categories, s.commune_code, null::text as name_folded`, sql`and not coalesce(${named}, false)`)})) x
			limit ${C + 1}`
		: sql`${bySplit(sql`s.id, s.categories, s.commune_code, d.name_folded`)}
		limit ${C + 1}`;
	const point = query.near ? sql`${geoPoint(query.near.lon, query.near.lat)}::geography` : null;

	// Every match when they are all known (at most C, read once for the count); beyond, each
	// source's first R, read only then.
	const sources: Fragment[] = [sql`(select l.id from limited l)`];
	if (text) {
		const broad = sql`(select count(*) from limited) > ${C}`;
		// Each source is read the way `limited` is (by the named group's two parts, or from the
		// documents), or left to the planner when filters select structures.
		const only = (condition: Fragment): Fragment =>
			split || unfiltered
				? sql`(select x.id from (${bySplit(sql`s.id`, sql`and ${condition} and ${broad}`)}) x
					limit ${R})`
				: sql`(select s.id from ${base} and ${condition} and ${broad} limit ${R})`;
		// The place's structures first (commune index), each one's document by id. When the
		// place drives the read, `limited` read them first (the split's first branch): its
		// first R in the place are those a second read would find (about 0.1 s more at 1M).
		if (text.place && split)
			sources.push(sql`(select l.id from limited l
				where l.commune_code = any(${text.place}::text[]) and ${broad} limit ${R})`);
		else if (text.place)
			sources.push(sql`(select s.id
				from structures s cross join lateral (${byId('search_documents', 'structure_id', ['s', 'id'])}) d
				where s.commune_code = any(${text.place}::text[]) and ${where} ${textMatch}
					and ${broad} limit ${R})`);
		if (text.exact)
			sources.push(only(sql`d.document @@ to_tsquery('search_french', ${text.exact})`));
		if (text.categories) sources.push(only(sql`s.categories && ${text.categories}::text[]`));
		// A code: its documents by the identifiers' index (a code is rare), each one's structure by
		// id; read through the place's structures, it visited every one of them (0.5 s at 1M).
		sources.push(sql`(select s.id
			from search_documents d cross join lateral (${byId('structures', 'id', ['d', 'structure_id'])}) s
			where d.identifier_values @> array[${text.folded}]::text[] and ${where} ${textMatch}
				and ${broad} limit ${R})`);
	}
	const candidates = sources.reduce((all, source) => sql`${all} union ${source}`);
	const scores = text
		? sql`
			d.identifier_values @> array[${text.folded}]::text[] as code_match,
			${text.place ? sql`s.commune_code = any(${text.place}::text[])` : sql`false`} as in_place,
			${text.categories ? sql`s.categories && ${text.categories}::text[]` : sql`false`} as in_category,
			${text.exact ? sql`d.document @@ to_tsquery('search_french', ${text.exact})` : sql`true`} as exact,
			ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', d.document, to_tsquery('search_french', ${text.rank})) as rank,
			similarity(d.name_folded, ${text.folded}) as closeness,
			trim(regexp_replace(d.name_folded, '[^a-z0-9]+', ' ', 'g')) = ${text.typed} as same_name`
		: sql`false as code_match, false as in_place, false as in_category, true as exact,
			0::real as rank, 0::real as closeness, false as same_name`;
	// A name typed in full (« École maternelle ») comes before names that merely hold its words,
	// as Meilisearch's exactness rule does; a place and a category come first still.
	const relevance = sql`m.code_match desc, m.in_place desc, m.in_category desc, m.same_name desc,
		m.exact desc, m.rank desc, m.closeness desc, m.name_folded, m.id`;
	const end = query.offset + query.limit;
	// Without words, the matches by name. Walking the name index until enough matches turn up
	// is quick for broad filters, but not when names and filters go together (a category's
	// names share its word: « Collège … » lie in one stretch of the index, 1 s at 1M): up to
	// SEARCH_BOUNDS.sort matches (every one known, or the sample's estimate says so), they are
	// read by the filters' own indexes and sorted; beyond, the name index is walked.
	const byName = (limit: number, offset: number): Fragment => sql`
		select n.id from (
			select l.id, l.name_folded from limited l where (select n from counted) <= ${C}
			union all
			select w.id, w.name_folded from wide w where (select sorted from wide_count)
			union all
			(select s.id, d.name_folded from ${base}
				and (select n from counted) > ${C} and not (select sorted from wide_count)
				order by d.name_folded, s.id limit ${offset + limit})) n
		order by n.name_folded, n.id limit ${limit} offset ${offset}`;
	const W = SEARCH_BOUNDS.sort;
	const wide = text
		? sql`select null::uuid as id, null::text as name_folded where false`
		: sql`select s.id, d.name_folded from ${base}
			and (select n from counted) > ${C} and (select n from match_count) <= ${W}
			limit ${W + 1}`;
	// Ranked candidates first; past them (deep pages of a broad query), the other matches by
	// name, read only when the page reaches there.
	const rest = sql`
		select s.id, row_number() over (order by d.name_folded, s.id) as r
		from ${base} and not exists (select 1 from matched m where m.id = s.id)
			and ${end}::int > (select count(*) from matched)
			and (select count(*) from limited) > (select count(*) from matched)`;
	const page = point
		? // The nearest first, by the geographic index (KNN), each one's document by id: a
			// second sort key, or a join left to the planner, sorted the whole directory (2 s at
			// 1,000,000). Equal distances are ordered by id among the nearest read (a margin of
			// 50 beyond the page).
			sql`
			select n.id, n.distance from (
				select s.id, ST_Distance(s.geom::geography, ${point}, false) as distance
				from structures s
				cross join lateral (${byId('search_documents', 'structure_id', ['s', 'id'])}) d
				where ${where} ${textMatch}
				order by s.geom::geography <-> ${point}
				limit ${end + 50}) n
			order by n.distance, n.id
			limit ${query.limit} offset ${query.offset}`
		: text
			? sql`
				select p.id, null::float8 as distance from (
					select m.id, 0 as tier, row_number() over (order by ${relevance}) as r from matched m
					union all
					select x.id, 1, x.r from (${rest}) x) p
				order by p.tier, p.r
				limit ${query.limit} offset ${query.offset}`
			: sql`
				select b.id, null::float8 as distance from (${byName(query.limit, query.offset)}) b`;
	const markers = !query.markers
		? sql`null as markers`
		: sql`(select json_agg(json_build_object(
				'type', 'Feature',
				'geometry', ST_AsGeoJSON(s.geom, 6)::json,
				'properties', json_build_object('id', s.id, 'name', s.name, 'category', s.category)))
			from (${
				text
					? sql`
						select k.id from (
							select m.id, 0 as tier, row_number() over (order by ${relevance}) as r from matched m
							union all
							select x.id, 1, 0 from (
								select s.id from ${base}
								and not exists (select 1 from matched m where m.id = s.id)
								limit ${MAX_MARKERS}) x) k
						order by k.tier, k.r limit ${MAX_MARKERS}`
					: byName(MAX_MARKERS, 0)
			}) k
			join structures s on s.id = k.id) as markers`;

	const sampling = sampledCtes(text !== null, where, textMatch, percent, C);
	const [row] = await db<Row[]>`
		with limited as materialized (
			${limitedQuery}
		), matched as materialized (
			select s.id, d.name_folded, ${scores}
			from (${text ? candidates : sql`select null::uuid as id where false`}) k
			cross join lateral (${byId('structures', 'id')}) s
			cross join lateral (${byId('search_documents', 'structure_id')}) d
		), counted as (
			select count(*)::int as n from limited
		), ${sampling}, totals as (
			select c.n <= ${C} as exact,
				(select count(*) from sampled where hit)::float8 as hits,
				(select n from sample_read)::float8 as read
			from counted c
		), match_count as (
			select case when t.exact then (select n from counted)
					when ${full} then t.hits::int
					else greatest(${C + 1}, round(t.hits * ${documents}::float8 / greatest(t.read, 1)))::int
				end as n,
				not t.exact and not ${full} as estimated,
				t.exact, t.hits
			from totals t
		), facet_rows as (
			select l.id, l.categories, l.commune_code from limited l, match_count t where t.exact
			union all
			select x.id, x.categories, x.commune_code from sampled x where x.hit
		), wide as materialized (
			${wide}
		), wide_count as (
			select count(*) between ${C + 1} and ${W} as sorted from wide
		), page as (
			select p.*, row_number() over () as position from (${page}) p
		)
		select
			(select n from match_count) as total,
			(select estimated from match_count) as estimated,
			(select json_agg(h order by h.position) from (
				select ${summaryColumns()}, s.description, p.distance as distance_m, p.position
				from page p join ${summaryFrom()} on s.id = p.id) h) as hits,
			(select case when t.exact or ${full} or t.hits = 0 then 1 else t.n / t.hits end
				from match_count t) as facet_scale,
			${facetColumns()},
			${markers}`;

	const scale = row?.facet_scale ?? 1;
	const counts: FacetCounts = {
		category: toMap(row?.categories, scale),
		programme: toMap(row?.programmes, scale),
		departement: toMap(row?.departements, scale),
		commune: toMap(Object.fromEntries(row?.communes ?? []), scale)
	};
	const hits = (row?.hits ?? []).map(({ distance_m, ...hit }) => ({
		...stripPosition(hit),
		...(query.near && distance_m !== null && distance_m !== undefined
			? { distance_m: Math.round(distance_m) }
			: {})
	}));
	const estimated = row?.estimated ?? false;
	return {
		hits,
		counts,
		total: row?.total ?? 0,
		totalEstimated: estimated,
		facetsEstimated: estimated,
		...(query.markers
			? { markers: { type: 'FeatureCollection', features: row?.markers ?? [] } as SearchMarkers }
			: {})
	};
}
