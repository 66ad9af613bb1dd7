import { log } from '../log';
import { gazetteer } from './gazetteer';
import { highlighter, snippet } from './highlight';
import { labelFacets } from './labels';
import * as meiliEngine from './meili-engine';
import { meiliAvailable, meiliFailed } from './meili';
import * as postgresEngine from './postgres-engine';
import { relax, type Relaxed } from './relax';
import { withSearchTimeout } from './timeout';
import type { EngineName, SearchQuery, SearchResult } from './types';
import { MAX_QUERY_WORDS, understand, type Understanding } from './understand';

export { parseSearchQuery, searchQuery } from './query';
export { useMeilisearch, meiliTarget, type MeiliTarget } from './meili';
export { startRelay, stopRelay } from './worker';
export { throttleSearch, ANONYMOUS_SEARCH_LIMIT } from './throttle';
export type * from './types';

/**
 * Searches the published structures. Meilisearch answers when configured and reachable;
 * otherwise (or on any error) Postgres does, with the same results shape, and `engine` says
 * which one answered. `options.engine` forces one engine, without fallback (tests, benchmarks).
 * Both engines read the query the same way (understand.ts) and relax it the same way
 * (relax.ts).
 */
export async function search(
	query: SearchQuery,
	options: { engine?: EngineName } = {}
): Promise<SearchResult> {
	const understanding = understand(query.q, await gazetteer());
	if (options.engine) return searchWith(options.engine, query, understanding);
	if (meiliAvailable()) {
		try {
			return await searchWith('meilisearch', query, understanding);
		} catch (error) {
			meiliFailed();
			log.warn('search.meilisearch_failed', { error: String(error), fallback: 'postgres' });
		}
	}
	return searchWith('postgres', query, understanding);
}

async function searchWith(
	engine: EngineName,
	query: SearchQuery,
	understanding: Understanding
): Promise<SearchResult> {
	if (engine === 'meilisearch') {
		const searcher = await meiliEngine.prepare(query);
		return present(query, await relax(searcher, understanding.groups), understanding, engine);
	}
	const relaxed = await withSearchTimeout(async (db) =>
		relax(await postgresEngine.prepare(query, understanding.groups, db), understanding.groups)
	);
	return present(query, relaxed, understanding, engine);
}

/** « Aucun résultat pour tous les mots ; résultats sans « … » », and the word cap, in French. */
function notice(ignored: string[], overflow: string[]): string | null {
	const parts: string[] = [];
	if (ignored.length)
		parts.push(
			`Aucun résultat pour tous les mots ; résultats sans ${ignored.map((w) => `« ${w} »`).join(', ')}`
		);
	if (overflow.length)
		parts.push(
			`Seuls les ${MAX_QUERY_WORDS} premiers mots significatifs sont recherchés ; ${overflow.length === 1 ? 'mot ignoré' : 'mots ignorés'} : ${overflow.join(' ')}`
		);
	return parts.length ? `${parts.join('. ')}.` : null;
}

async function present(
	query: SearchQuery,
	{ result, ignored }: Relaxed,
	understanding: Understanding,
	engine: EngineName
): Promise<SearchResult> {
	const ignoredWords = ignored.flatMap((g) => g.words);
	const searched = understanding.groups
		.filter((g) => !ignored.includes(g))
		.flatMap((g) => g.words)
		.join(' ');
	const highlight = highlighter(searched);
	return {
		hits: result.hits.map(({ description, ...hit }) => ({
			...hit,
			highlight: {
				name: highlight(hit.name),
				commune: hit.commune ? highlight(hit.commune.name) : null,
				description: query.q.trim() ? snippet(description, highlight) : null
			}
		})),
		facets: await labelFacets(result.counts),
		total: result.total,
		engine,
		relaxed: ignored.length > 0,
		ignored: [...ignoredWords, ...understanding.overflow],
		notice: notice(ignoredWords, understanding.overflow),
		understood: {
			place: understanding.place
				? { kind: understanding.place.kind, name: understanding.place.name }
				: null,
			categories: understanding.categories
		},
		facets_estimated: result.facetsEstimated ?? false,
		total_estimated: result.totalEstimated ?? false,
		limit: query.limit,
		offset: query.offset,
		...(result.markers ? { markers: result.markers } : {})
	};
}
