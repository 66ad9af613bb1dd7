import { sql, type Sql } from '../db';
import { geoPoint, type Fragment } from '../db/fragments';
import { summaryColumns, summaryFrom } from '../structures/summary';
import { whereClause } from '../structures/where';
import { isPrefix, type TermGroup } from './analyze';
import { categoriesMatching } from './document';
import type { Searcher } from './relax';
import type { UnderstoodGroup } from './understand';
import { allowedTypos, matchesWord, words } from './normalize';
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
 * the same vocabulary, typo allowance and filters as Meilisearch. Every text word must match;
 * a category group matches its words or its categories, the place group its words or the
 * place's communes. Structures in the place rank first, then those of the categories named.
 * Relaxation (dropping words when nothing matches) is decided by the facade (relax.ts).
 */
export async function prepare(
	query: SearchQuery,
	groups: UnderstoodGroup[],
	db: Sql
): Promise<Searcher> {
	// Typo variants are looked up once per query, whatever the relaxation does next.
	const variants = groups.length ? await variantsOf(db, groups) : new Map<string, string[]>();
	const typed = words(query.q).join(' ');
	return {
		run: (subset) => run(db, query, subset.length ? textQuery(subset, variants, typed) : null),
		counts: async (sets) => {
			if (!sets.length) return [];
			const where = whereClause({ ...query.filters, q: undefined });
			const counts = sets
				.map((set) =>
					set.length
						? sql`count(*) filter (where ${textQuery(set, variants).match})::int`
						: sql`count(*)::int`
				)
				.reduce((all, count) => sql`${all}, ${count}`);
			const [row] = await db<{ counts: number[] }[]>`
				select array[${counts}] as counts
				from structures s join search_documents d on d.structure_id = s.id
				where ${where}`;
			return row?.counts ?? sets.map(() => 0);
		}
	};
}

interface TextQuery {
	/** Every group must match (text groups by their words and typo variants). */
	match: Fragment;
	/** Text groups without typos: documents matching them exactly rank first. */
	exact: string | null;
	/** Any word of any group, to rank by how much of the query a document holds. */
	rank: string;
	/** The folded query, for exact code lookups and name similarity. */
	folded: string;
	/** Every word searched, stop words included, to recognise a name typed in full. */
	typed: string;
	/** The communes of the place named, ranked first. */
	place: string[] | null;
	/** The categories named, ranked next. */
	categories: string[] | null;
}

/** tsquery text of one group, from folded words only ([a-z0-9]): no operator from input. */
function groupTsquery(group: TermGroup, variants: Map<string, string[]>, withVariants: boolean) {
	// Without variants (the « exact » score), the word being typed is a whole word too: an
	// acronym typed in full (« CAPS ») outranks the longer words it begins (« Capucins »).
	const alternatives = group.alternatives.map((alternative) =>
		alternative
			.map((w, i) => (withVariants && isPrefix(group, alternative, i) ? `${w}:*` : w))
			.join(' & ')
	);
	if (withVariants && !group.synonym) alternatives.push(...(variants.get(group.words[0]!) ?? []));
	return `(${[...new Set(alternatives)].map((a) => (/[&<]/.test(a) ? `(${a})` : a)).join(' | ')})`;
}

function groupCondition(group: UnderstoodGroup, variants: Map<string, string[]>): Fragment {
	const words: Fragment = sql`d.document @@ to_tsquery('search_french', ${groupTsquery(group, variants, true)})`;
	// Words that the vocabulary gives to a category match its structures, as they do in
	// Meilisearch through the documents' `category_terms`.
	const named = categoriesMatching(group.alternatives);
	const text: Fragment = named.length ? sql`(${words} or s.categories && ${named}::text[])` : words;
	if (group.role === 'place')
		return sql`(s.commune_code = any(${group.place.communes}::text[]) or ${text})`;
	if (group.role === 'category')
		return sql`(s.categories && ${group.categories}::text[] or ${text})`;
	return text;
}

function textQuery(
	groups: UnderstoodGroup[],
	variants: Map<string, string[]>,
	typed = ''
): TextQuery {
	const text = groups.filter((g) => g.role === 'text');
	const place = groups.find((g) => g.role === 'place');
	const categories = [
		...new Set(groups.flatMap((g) => (g.role === 'category' ? g.categories : [])))
	];
	const plain: UnderstoodGroup[] = text.filter((g) => !categoriesMatching(g.alternatives).length);
	const textAll = plain.map((g) => groupTsquery(g, variants, true)).join(' & ');
	const each = groups.filter((g) => !plain.includes(g)).map((g) => groupCondition(g, variants));
	const conditions: Fragment[] = [...each];
	if (textAll) conditions.unshift(sql`d.document @@ to_tsquery('search_french', ${textAll})`);
	return {
		match: conditions.reduce((all, condition) => sql`${all} and ${condition}`),
		exact: text.length ? text.map((g) => groupTsquery(g, variants, false)).join(' & ') : null,
		rank: groups.map((g) => groupTsquery(g, variants, true)).join(' | '),
		folded: groups.map((g) => g.words.join(' ')).join(' '),
		typed,
		place: place?.role === 'place' ? place.place.communes : null,
		categories: categories.length ? categories : null
	};
}

/**
 * Variants of each query word, as tsquery alternatives: known words within its typo allowance
 * (trigrams narrow, then the edit distance decides, with Meilisearch's allowance: 1 typo from
 * 4 letters, 2 from 8), and two known words it glues together (« cyberespace » → « cyber
 * espace »), as Meilisearch splits words. Only [a-z0-9] words come out, so no tsquery operator
 * can come from the input.
 */
async function variantsOf(db: Sql, groups: TermGroup[]): Promise<Map<string, string[]>> {
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
		db<{ token: string; word: string }[]>`
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
			? db<{ word: string }[]>`
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

async function run(db: Sql, query: SearchQuery, text: TextQuery | null): Promise<EngineResult> {
	const where = whereClause({ ...query.filters, q: undefined });
	const point = query.near ? sql`${geoPoint(query.near.lon, query.near.lat)}::geography` : null;
	const textMatch = text ? sql`and ${text.match}` : sql``;
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
	const [row] = await db<Row[]>`
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
