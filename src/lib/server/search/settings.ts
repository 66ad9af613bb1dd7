import type { Settings } from 'meilisearch';
import { fold, MIN_WORD_SIZE_FOR_TYPOS } from './normalize';
import { STOP_WORDS, SYNONYM_GROUPS } from './vocabulary';

/**
 * The Meilisearch index settings, versioned with the document mapping (document.ts): bump
 * SETTINGS_VERSION whenever either changes, and the relay rebuilds the index once from
 * Postgres and swaps it in (recorded in `search_index_state`).
 */
export const SETTINGS_VERSION = 4;

/** Meilisearch synonyms are directed; every term of a group leads to all the others. */
export function meiliSynonyms(): Record<string, string[]> {
	const synonyms: Record<string, string[]> = {};
	for (const group of SYNONYM_GROUPS) {
		const terms = [...new Set(group.map((t) => fold(t).replace(/’/g, "'")))];
		for (const term of terms) synonyms[term] = terms.filter((other) => other !== term);
	}
	return synonyms;
}

export const indexSettings: Settings = {
	// Order matters: a match in the name outranks one in the commune, and so on.
	searchableAttributes: [
		'name',
		'aliases',
		'identifier_values',
		'commune_name',
		'category_labels',
		'category_terms',
		'keywords',
		'programme_titles',
		'description'
	],
	filterableAttributes: [
		'categories',
		'programmes',
		'commune_code',
		'commune_codes',
		'departement_code',
		'academie_code',
		'epci_code',
		'region_code',
		'identifier_keys',
		'sector',
		'levels',
		'pathways',
		'priority',
		'confirmed_at',
		'_geo'
	],
	sortableAttributes: ['name_sort', '_geo'],
	// `sort` right after `words`: a distance sort orders the structures that match the words,
	// before typos and proximity refine. `exactness` before `attribute`: a word typed whole
	// (an acronym, « LIB ») outranks the longer words it begins (« Libération »), even when
	// those are in the name and the acronym in the aliases.
	rankingRules: ['words', 'sort', 'typo', 'proximity', 'exactness', 'attribute'],
	stopWords: [...STOP_WORDS],
	synonyms: meiliSynonyms(),
	typoTolerance: {
		enabled: true,
		minWordSizeForTypos: { ...MIN_WORD_SIZE_FOR_TYPOS },
		// Codes are looked up exactly: 0251573Z must not find 0251573X.
		disableOnAttributes: ['identifier_values'],
		disableOnNumbers: true
	},
	faceting: { maxValuesPerFacet: 200, sortFacetValuesBy: { '*': 'count' } },
	// Exact totals and facet counts for any result set of the national benchmark.
	pagination: { maxTotalHits: 200_000 }
};
