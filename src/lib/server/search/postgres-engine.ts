import { sql, type Sql } from '../db';
import type { Fragment } from '../db/fragments';
import { whereClause } from '../structures/where';
import { isPrefix, type TermGroup } from './analyze';
import { categoriesMatching } from './document';
import { run, SEARCH_BOUNDS } from './postgres-run';
import type { Searcher } from './relax';
import type { UnderstoodGroup } from './understand';
import { allowedTypos, matchesWord, words } from './normalize';
import type { SearchQuery } from './types';

export { FACET_EXACT_LIMIT, SEARCH_BOUNDS } from './postgres-run';

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
			// Each count stops at SEARCH_BOUNDS.count matches (index-driven): the relaxation
			// compares few against many, never needs the exact size of a broad set.
			const where = whereClause({ ...query.filters, q: undefined });
			const counts = sets
				.map((set) => {
					const match = set.length ? sql`and ${textQuery(set, variants).match}` : sql``;
					return sql`(select count(*)::int from (
						select 1 from structures s join search_documents d on d.structure_id = s.id
						where ${where} ${match} limit ${SEARCH_BOUNDS.count}) x)`;
				})
				.reduce((all, count) => sql`${all}, ${count}`);
			const [row] = await db<{ counts: number[] }[]>`select array[${counts}] as counts`;
			return row?.counts ?? sets.map(() => 0);
		}
	};
}

interface TextQuery {
	/** Every group must match (text groups by their words and typo variants). */
	match: Fragment;
	/** The match reads the document only (no group matches a category or a commune). */
	documentsOnly: boolean;
	/** The place group (its words, or the place's communes), its two parts apart. */
	split: { document: Fragment; structure: Fragment } | null;
	/** Every group by what it names (null when a group has only words): no document needed. */
	named: Fragment | null;
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

/**
 * A group matches by its words (in the document) or by what it names (a category, the place's
 * communes: on the structure). Either part alone can be read by an index.
 */
function groupParts(
	group: UnderstoodGroup,
	variants: Map<string, string[]>
): { document: Fragment; structure: Fragment | null } {
	const document: Fragment = sql`d.document @@ to_tsquery('search_french', ${groupTsquery(group, variants, true)})`;
	// Words that the vocabulary gives to a category match its structures, as they do in
	// Meilisearch through the documents' `category_terms`.
	const named = categoriesMatching(group.alternatives);
	const structure: Fragment[] = [];
	if (group.role === 'place')
		structure.push(sql`s.commune_code = any(${group.place.communes}::text[])`);
	if (group.role === 'category') structure.push(sql`s.categories && ${group.categories}::text[]`);
	if (named.length) structure.push(sql`s.categories && ${named}::text[]`);
	return {
		document,
		structure: structure.length ? structure.reduce((all, c) => sql`${all} or ${c}`) : null
	};
}

function groupCondition(group: UnderstoodGroup, variants: Map<string, string[]>): Fragment {
	const { document, structure } = groupParts(group, variants);
	return structure ? sql`(${structure} or ${document})` : document;
}

/** Every group matched by what it names (a category, the place's communes), if each names one. */
function namedOnly(groups: UnderstoodGroup[], variants: Map<string, string[]>): Fragment | null {
	const parts = groups.map((g) => groupParts(g, variants).structure);
	if (!parts.length || parts.some((p) => p === null)) return null;
	const wrapped: Fragment[] = (parts as Fragment[]).map((p): Fragment => sql`(${p})`);
	return wrapped.reduce((all, p): Fragment => sql`${all} and ${p}`);
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
	// The place selects few structures on each side (its communes, the documents naming it);
	// a category can hold a fifth of the directory, a poor entry point beside other words, but
	// the right one when it is the whole query (« université »): left to the planner, both
	// tables were joined in id order until enough matched (0.6 s at 1M).
	const only = groups.length === 1 ? groups[0]! : undefined;
	const driving =
		groups.find((g) => g.role === 'place') ??
		(only && groupParts(only, variants).structure ? only : undefined);
	return {
		match: conditions.reduce((all, condition) => sql`${all} and ${condition}`),
		documentsOnly: each.length === 0,
		split: driving ? (groupParts(driving, variants) as TextQuery['split']) : null,
		named: namedOnly(groups, variants),
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
