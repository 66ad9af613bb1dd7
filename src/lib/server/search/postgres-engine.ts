import { sql } from '../db';
import { summaryColumns, summaryFrom } from '../structures/summary';
import { whereClause } from '../structures/where';
import { analyze, isPrefix, type TermGroup } from './analyze';
import { allowedTypos, matchesWord } from './normalize';
import {
	COMMUNE_FACET_SIZE,
	type EngineHit,
	type EngineResult,
	type FacetCounts,
	type SearchMarkers,
	type SearchQuery,
	MAX_MARKERS
} from './types';

/**
 * The Postgres engine: french full-text search over `search_documents` (migration 003), with
 * the same vocabulary, typo allowance and filters as Meilisearch. Every word must match; when
 * nothing does, the last words are dropped one by one (Meilisearch's `last` strategy).
 */
export async function search(query: SearchQuery): Promise<EngineResult> {
	const groups = analyze(query.q);
	if (!groups.length) return run(query, null);
	const variants = await variantsOf(groups);
	let kept = groups.length;
	let result = await run(query, tsquery(groups, variants));
	while (result.total === 0 && kept > 1) {
		kept--;
		result = await run(query, tsquery(groups.slice(0, kept), variants));
	}
	return { ...result, relaxed: kept < groups.length && result.total > 0 };
}

interface TextQuery {
	/** Words and their typo variants. */
	all: string;
	/** Words only: documents matching without typos rank first. */
	exact: string;
	/** The folded query, for exact code lookups and name similarity. */
	folded: string;
}

/** tsquery text built from folded words only ([a-z0-9]), so no operator can come from input. */
function tsquery(groups: TermGroup[], variants: Map<string, string[]>): TextQuery {
	const build = (withVariants: boolean) =>
		groups
			.map((group) => {
				const alternatives = group.alternatives.map((alternative) =>
					alternative.map((w, i) => (isPrefix(group, alternative, i) ? `${w}:*` : w)).join(' & ')
				);
				if (withVariants && !group.synonym)
					alternatives.push(...(variants.get(group.words[0]!) ?? []));
				return `(${[...new Set(alternatives)].map((a) => (/[&<]/.test(a) ? `(${a})` : a)).join(' | ')})`;
			})
			.join(' & ');
	return {
		all: build(true),
		exact: build(false),
		folded: groups.map((g) => g.words.join(' ')).join(' ')
	};
}

/**
 * Variants of each query word, as tsquery alternatives: known words within its typo allowance
 * (trigrams narrow, then the edit distance decides, with Meilisearch's allowance: 1 typo from
 * 4 letters, 2 from 8), and two known words it glues together (« cyberespace » → « cyber
 * espace »), as Meilisearch splits words. Only [a-z0-9] words come out, so no tsquery operator
 * can come from the input.
 */
async function variantsOf(groups: TermGroup[]): Promise<Map<string, string[]>> {
	const asked = groups
		.filter((g) => !g.synonym && allowedTypos(g.words[0]!) > 0)
		.map((g) => ({ word: g.words[0]!, prefix: g.prefix }));
	const found = new Map<string, string[]>();
	if (!asked.length) return found;
	const splits = asked.flatMap(({ word }) =>
		Array.from({ length: Math.max(0, word.length - 5) }, (_, i): [string, string] => [
			word.slice(0, i + 3),
			word.slice(i + 3)
		])
	);
	const [close, halves] = await Promise.all([
		sql<{ token: string; word: string }[]>`
			select t.token, w.word
			from unnest(${asked.map((a) => a.word)}::text[], ${asked.map((a) => (a.prefix ? 1 : 0))}::int[])
				as t(token, prefix)
			cross join lateral (
				select word from search_words
				where word % t.token or (t.prefix = 1 and t.token <% word)
				order by greatest(similarity(word, t.token),
					case when t.prefix = 1 then word_similarity(t.token, word) else 0 end) desc, word
				limit 16) w`,
		splits.length
			? sql<{ word: string }[]>`
				select word from search_words where word = any(${splits.flat()}::text[])`
			: Promise.resolve([])
	]);
	const known = new Set(halves.map((r) => r.word));
	for (const { word, prefix } of asked) {
		const typos = close
			.filter((r) => r.token === word && r.word !== word && WORD.test(r.word))
			.map((r) => r.word)
			.filter((candidate) => matchesWord(word, candidate, prefix));
		const glued = splits
			.filter(([a, b]) => a + b === word && known.has(a) && known.has(b))
			.map(([a, b]) => `${a} <-> ${b}`);
		found.set(word, [...typos, ...glued]);
	}
	return found;
}

const WORD = /^[a-z0-9]+$/;

interface Row {
	total: number;
	hits: EngineHit[] | null;
	categories: Record<string, number> | null;
	programmes: Record<string, number> | null;
	departements: Record<string, number> | null;
	communes: [string, number][] | null;
	/** 1 when the facets count every match, else the factor from the sample to all matches. */
	facet_scale: number;
	markers: SearchMarkers['features'] | null;
}

async function run(query: SearchQuery, text: TextQuery | null): Promise<EngineResult> {
	const where = whereClause({ ...query.filters, q: undefined });
	const point = query.near
		? sql`ST_SetSRID(ST_MakePoint(${query.near.lon}::float8, ${query.near.lat}::float8), 4326)::geography`
		: null;
	const textMatch = text ? sql`and d.document @@ to_tsquery('search_french', ${text.all})` : sql``;
	const scores = text
		? sql`
			d.identifier_values @> array[${text.folded}]::text[] as code_match,
			d.document @@ to_tsquery('search_french', ${text.exact}) as exact,
			ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', d.document, to_tsquery('search_french', ${text.all})) as rank,
			similarity(d.name_folded, ${text.folded}) as closeness`
		: sql`false as code_match, true as exact, 0::real as rank, 0::real as closeness`;
	const relevance = sql`m.code_match desc, m.exact desc, m.rank desc, m.closeness desc, m.name_folded, m.id`;
	// Each order of the page can use an index: nearest first walks the geography index (KNN),
	// name order the (name_folded, id) index; relevance sorts the matches.
	const page = point
		? sql`
			select s.id, ST_Distance(s.geom::geography, ${point}, false) as distance
			from structures s join search_documents d on d.structure_id = s.id
			where ${where} ${textMatch}
			order by s.geom::geography <-> ${point}, s.id
			limit ${query.limit} offset ${query.offset}`
		: text
			? sql`
				select m.id, null::float8 as distance from matched m
				order by ${relevance}
				limit ${query.limit} offset ${query.offset}`
			: sql`
				select s.id, null::float8 as distance
				from structures s join search_documents d on d.structure_id = s.id
				where ${where}
				order by d.name_folded, s.id
				limit ${query.limit} offset ${query.offset}`;
	const markers = query.markers
		? sql`(select json_agg(json_build_object(
				'type', 'Feature',
				'geometry', ST_AsGeoJSON(s.geom, 6)::json,
				'properties', json_build_object('id', s.id, 'name', s.name, 'category', s.category)))
			from (select m.id from matched m order by ${relevance} limit ${MAX_MARKERS}) k
			join structures s on s.id = k.id) as markers`
		: sql`null as markers`;
	const [row] = await sql<Row[]>`
		with matched as materialized (
			select s.id, s.categories, s.commune_code, d.name_folded, ${scores}
			from structures s join search_documents d on d.structure_id = s.id
			where ${where} ${textMatch}
		), page as (
			select p.*, row_number() over () as position from (${page}) p
		), ${facetSample()}
		select
			(select n from match_count) as total,
			(select json_agg(h order by h.position) from (
				select ${summaryColumns()}, s.description, p.distance as distance_m, p.position
				from page p join ${summaryFrom()} on s.id = p.id) h) as hits,
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
	return {
		hits,
		counts,
		total: row?.total ?? 0,
		relaxed: false,
		facetsEstimated: scale !== 1,
		...(query.markers
			? { markers: { type: 'FeatureCollection', features: row?.markers ?? [] } as SearchMarkers }
			: {})
	};
}

function stripPosition<T extends object>(hit: T): Omit<T, 'position'> {
	const { position: _position, ...rest } = hit as T & { position?: unknown };
	return rest;
}

function toMap(record: Record<string, number> | null | undefined, scale = 1): Map<string, number> {
	return new Map(
		Object.entries(record ?? {}).map(([k, n]) => [k, Math.max(1, Math.round(Number(n) * scale))])
	);
}

/**
 * Beyond this many matches, facets are counted on a sample of about this many matches and
 * scaled up: counting categories, programmes, départements and communes over hundreds of
 * thousands of matches (a broad query on a national directory) costs seconds. The response
 * says so (`facets_estimated`); the total stays exact.
 */
export const FACET_EXACT_LIMIT = 5000;

/**
 * CTEs `match_count` (the exact number of matches) and `facet_rows`: every match up to
 * FACET_EXACT_LIMIT, beyond that a sample drawn by a hash of the id (uniform over the matches,
 * the same for the same query), with `facet_scale` the factor from the sample to the whole.
 */
function facetSample() {
	return sql`
		match_count as (select count(*)::int as n from matched),
		facet_rows as (
			select m.id, m.categories, m.commune_code from matched m, match_count t
			where t.n <= ${FACET_EXACT_LIMIT}
				or (hashtext(m.id::text) & 65535) < 65536::float8 * ${FACET_EXACT_LIMIT} / t.n
		)`;
}

/** The facet columns, counted over `facet_rows`, and the scale to apply to them. */
function facetColumns() {
	return sql`
		(select case when t.n <= ${FACET_EXACT_LIMIT} then 1
			else t.n::float8 / greatest((select count(*) from facet_rows), 1) end
			from match_count t) as facet_scale,
		(select json_object_agg(k, n) from (
			select k, count(*) as n from facet_rows m cross join unnest(m.categories) k group by k) x)
			as categories,
		(select json_object_agg(k, n) from (
			select sp.programme_number::text as k, count(*) as n
			from facet_rows m join structure_programmes sp on sp.structure_id = m.id group by 1) x)
			as programmes,
		(select json_object_agg(k, n) from (
			select c.departement_code as k, count(*) as n
			from facet_rows m join territories c on c.kind = 'commune' and c.insee_code = m.commune_code
			where c.departement_code is not null group by 1) x) as departements,
		(select json_agg(json_build_array(k, n)) from (
			select m.commune_code as k, count(*) as n from facet_rows m
			where m.commune_code is not null
			group by 1 order by 2 desc, 1 limit ${COMMUNE_FACET_SIZE}) x) as communes`;
}
