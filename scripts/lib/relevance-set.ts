import type { Sql } from '../../src/lib/server/db';
import { fold, words } from '../../src/lib/server/search/normalize';
import { seededRandom } from './seeded-random';

/**
 * A relevance set that cannot be tuned to: queries built from the published structures by
 * fixed rules that never look at a search engine, each with the ids of every structure that
 * satisfies its rule. Deterministic for a seed. Kinds:
 *
 * - `name`: the full name; expected: every structure of that name (kept if ≤ MAX_EXPECTED);
 * - `name-commune`: the full name and the commune's name; expected: that name in that commune;
 * - `fragment`: two or three consecutive words of the name, none of them a generic word;
 *   expected: every structure whose name holds those words;
 * - `alias`: an acronym or short name (`aliases`, attributes `sigle` / `nom_court`);
 * - `former-name`: a former name (`former_names`);
 * - `typo`: the name with one seeded edit in one word of five letters or more;
 * - `accent`: the name without accents, in lower case (names that have accents);
 * - `category-commune`: the word for a category and a commune's name; expected: every
 *   structure of that category in that commune (large sets allowed: precision@1 says whether
 *   the first result is one of them);
 * - `type-town`: the word for the structure's category, its name and its commune, for names
 *   that do not say the category;
 * - `code`: a UAI, SIRET or RNSR number.
 */
export interface RelevanceQuery {
	q: string;
	kind: string;
	expected: string[];
	half: 'development' | 'test';
}

/** Beyond this many expected structures a name-based query means nothing in particular. */
export const MAX_EXPECTED = 5;
/** At most this many queries of each kind, drawn by the seeded generator. */
export const PER_KIND = 250;

/** The word people type for each category (from the category labels, singular). */
const CATEGORY_WORD: Record<string, string> = {
	ecole: 'école',
	college: 'collège',
	lycee: 'lycée',
	'enseignement-superieur': 'enseignement supérieur',
	inspe: 'inspe',
	canope: 'canopé',
	recherche: 'laboratoire',
	'fablab-tiers-lieu': 'tiers-lieu',
	'mediation-numerique': 'médiation numérique',
	entreprise: 'entreprise',
	'point-visio': 'point visio',
	collectivite: 'collectivité',
	association: 'association',
	incubateur: 'incubateur'
};

/** Words that say what a structure is, not which one: a fragment of them names nothing. */
const GENERIC = new Set(
	words(
		'école ecole primaire élémentaire elementaire maternelle publique privée prive privé ' +
			'groupe scolaire collège lycée professionnel général technologique polyvalent agricole ' +
			'des métiers metiers de la le les du des et en au aux d l à a sur sous lès les ' +
			'saint sainte centre espace maison laboratoire institut université unité mixte recherche ' +
			'numérique numerique lieu médiation mediation tiers fablab association commune mairie ' +
			'bibliothèque médiathèque france services'
	)
);

interface StructureRow {
	id: string;
	name: string;
	categories: string[];
	commune_code: string | null;
	commune_name: string | null;
	aliases: string[];
	former_names: string[];
	codes: string[];
}

/** FNV-1a of seed and text: which half a query belongs to, independent of its rule. */
export function halfOf(q: string, seed: number): 'development' | 'test' {
	let hash = 0x811c9dc5 ^ seed;
	for (const char of `${seed}:${q}`) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
	return hash % 2 === 0 ? 'development' : 'test';
}

const key = (text: string) => words(text).join(' ');

export async function buildRelevanceSet(sql: Sql, seed = 20261203): Promise<RelevanceQuery[]> {
	const hasAliases = (
		await sql<{ n: number }[]>`
			select count(*)::int as n from information_schema.columns
			where table_name = 'structures' and column_name in ('aliases', 'former_names')
				and table_schema = any(current_schemas(false))`
	)[0]!.n;
	const aliasColumns =
		hasAliases === 2
			? sql`s.aliases, s.former_names`
			: sql`'{}'::text[] as aliases, '{}'::text[] as former_names`;
	const rows = await sql<StructureRow[]>`
		select s.id, s.name, s.categories, s.commune_code, c.name as commune_name, ${aliasColumns},
			array(select a #>> '{}' from jsonb_array_elements(
				case jsonb_typeof(s.attributes -> 'sigle') when 'string' then jsonb_build_array(s.attributes -> 'sigle') else '[]'::jsonb end
				|| case jsonb_typeof(s.attributes -> 'nom_court') when 'string' then jsonb_build_array(s.attributes -> 'nom_court') else '[]'::jsonb end) a)
				as attribute_aliases,
			array(select i.value from structure_identifiers i
				where i.structure_id = s.id and i.scheme in ('uai', 'siret', 'rnsr')) as codes
		from structures s
		left join territories c on c.kind = 'commune' and c.insee_code = s.commune_code
		where s.status = 'published'
		order by s.slug`;
	const structures = rows.map((r) => {
		const extra = (r as unknown as { attribute_aliases: string[] }).attribute_aliases;
		return { ...r, aliases: [...new Set([...r.aliases, ...extra])] };
	});

	const byName = groupBy(structures, (s) => key(s.name));
	const byNameCommune = groupBy(structures, (s) => `${key(s.name)}|${s.commune_code}`);
	const byAlias = new Map<string, Set<string>>();
	const byFormer = new Map<string, Set<string>>();
	for (const s of structures) {
		for (const a of s.aliases) add(byAlias, key(a), s.id);
		for (const f of s.former_names) add(byFormer, key(f), s.id);
	}
	const byCode = new Map<string, string[]>();
	for (const s of structures)
		for (const c of s.codes) byCode.set(c, [...(byCode.get(c) ?? []), s.id]);
	const nameWords = new Map(structures.map((s) => [s.id, new Set(words(s.name))]));

	const rand = seededRandom(seed);
	const candidates = new Map<string, Omit<RelevanceQuery, 'half'>[]>();
	const push = (kind: string, q: string, expected: Iterable<string>) => {
		const ids = [...new Set(expected)].sort();
		if (!q.trim() || ids.length === 0) return;
		const list = candidates.get(kind) ?? [];
		list.push({ q: q.trim(), kind, expected: ids });
		candidates.set(kind, list);
	};
	const small = (ids: string[]) => ids.length <= MAX_EXPECTED;

	for (const s of structures) {
		const sameName = byName.get(key(s.name))!.map((x) => x.id);
		if (small(sameName)) push('name', s.name, sameName);
		const commune = s.commune_name;
		const here = byNameCommune.get(`${key(s.name)}|${s.commune_code}`)!.map((x) => x.id);
		if (commune && small(here) && !words(s.name).includes(words(commune)[0]!))
			push('name-commune', `${s.name} ${commune}`, here);

		const distinctive = words(s.name).filter((w) => !GENERIC.has(w) && w.length > 1);
		if (distinctive.length >= 2) {
			const size = Math.min(distinctive.length, 2 + Math.floor(rand() * 2));
			const start = Math.floor(rand() * (distinctive.length - size + 1));
			const fragment = distinctive.slice(start, start + size);
			const holders = structures
				.filter((x) => fragment.every((w) => nameWords.get(x.id)!.has(w)))
				.map((x) => x.id);
			if (small(holders)) push('fragment', fragment.join(' '), holders);
		}

		for (const alias of s.aliases) {
			const folded = key(alias);
			if (folded.length < 3 || /^\d+$/.test(folded.replace(/ /g, ''))) continue;
			const holders = [...byAlias.get(folded)!];
			if (small(holders)) push('alias', alias, holders);
		}
		for (const former of s.former_names) {
			const holders = [...byFormer.get(key(former))!];
			if (small(holders)) push('former-name', former, holders);
		}

		if (small(sameName)) {
			const typo = withTypo(s.name, rand);
			if (typo) push('typo', typo, sameName);
			const plain = fold(s.name);
			if (plain !== s.name.toLowerCase()) push('accent', plain, sameName);
		}

		const word = CATEGORY_WORD[s.categories[0]!];
		if (word && commune && !words(s.name).some((w) => words(word).includes(w)) && small(here))
			push('type-town', `${word} ${s.name} ${commune}`, here);

		for (const code of s.codes) push('code', code, byCode.get(code)!);
	}

	// Category + commune: every pair that has structures, with all of them expected.
	const pairs = groupBy(
		structures.filter((s) => s.commune_code && s.commune_name),
		(s) => `${s.categories[0]}|${s.commune_code}`
	);
	for (const [, members] of [...pairs].sort(([a], [b]) => a.localeCompare(b))) {
		const first = members[0]!;
		const word = CATEGORY_WORD[first.categories[0]!];
		if (!word) continue;
		const all = structures.filter(
			(s) => s.commune_code === first.commune_code && s.categories.includes(first.categories[0]!)
		);
		push(
			'category-commune',
			`${word} ${first.commune_name}`,
			all.map((s) => s.id)
		);
	}

	const result: RelevanceQuery[] = [];
	for (const [kind, list] of [...candidates].sort(([a], [b]) => a.localeCompare(b))) {
		const unique = [...new Map(list.map((c) => [c.q.toLowerCase(), c])).values()];
		for (const chosen of sample(unique, PER_KIND, rand))
			result.push({ ...chosen, kind, half: halfOf(chosen.q, seed) });
	}
	return result;
}

/** One seeded edit (substitution, deletion, insertion or transposition) in one long word. */
function withTypo(name: string, rand: () => number): string | null {
	const tokens = name.split(/(\s+)/);
	const long = tokens
		.map((t, i) => ({ t, i }))
		.filter(({ t }) => /^\p{L}{5,}$/u.test(t) && !/^\p{Lu}+$/u.test(t));
	if (!long.length) return null;
	const { t, i } = long[Math.floor(rand() * long.length)]!;
	const at = 1 + Math.floor(rand() * (t.length - 2));
	const letters = 'abcdefghijklmnopqrstuvwxyz';
	const letter = letters[Math.floor(rand() * letters.length)]!;
	const edits = [
		() => t.slice(0, at) + letter + t.slice(at + 1),
		() => t.slice(0, at) + t.slice(at + 1),
		() => t.slice(0, at) + letter + t.slice(at),
		() => t.slice(0, at - 1) + t[at] + t[at - 1] + t.slice(at + 1)
	];
	const edited = edits[Math.floor(rand() * edits.length)]!();
	if (fold(edited) === fold(t)) return null;
	tokens[i] = edited;
	return tokens.join('');
}

function sample<T>(items: T[], n: number, rand: () => number): T[] {
	const copy = [...items];
	for (let i = copy.length - 1; i > 0; i--) {
		const j = Math.floor(rand() * (i + 1));
		[copy[i], copy[j]] = [copy[j]!, copy[i]!];
	}
	return copy.slice(0, n);
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
	const groups = new Map<string, T[]>();
	for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
	return groups;
}

function add(map: Map<string, Set<string>>, k: string, id: string) {
	if (!k) return;
	map.set(k, (map.get(k) ?? new Set()).add(id));
}
