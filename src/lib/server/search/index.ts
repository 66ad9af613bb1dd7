import { log } from '../log';
import { highlighter, snippet } from './highlight';
import { labelFacets } from './labels';
import * as meiliEngine from './meili-engine';
import { meiliAvailable, meiliFailed } from './meili';
import * as postgresEngine from './postgres-engine';
import type { EngineName, EngineResult, SearchQuery, SearchResult } from './types';

export { parseSearchQuery, searchQuery } from './query';
export { useMeilisearch, meiliTarget, type MeiliTarget } from './meili';
export { startRelay, stopRelay } from './worker';
export type * from './types';

/**
 * Searches the published structures. Meilisearch answers when configured and reachable;
 * otherwise (or on any error) Postgres does, with the same results shape, and `engine` says
 * which one answered. `options.engine` forces one engine, without fallback (tests, benchmarks).
 */
export async function search(
	query: SearchQuery,
	options: { engine?: EngineName } = {}
): Promise<SearchResult> {
	if (options.engine) {
		const engine = options.engine === 'meilisearch' ? meiliEngine : postgresEngine;
		return present(query, await engine.search(query), options.engine);
	}
	if (meiliAvailable()) {
		try {
			return present(query, await meiliEngine.search(query), 'meilisearch');
		} catch (error) {
			meiliFailed();
			log.warn('search.meilisearch_failed', { error: String(error), fallback: 'postgres' });
		}
	}
	return present(query, await postgresEngine.search(query), 'postgres');
}

async function present(
	query: SearchQuery,
	result: EngineResult,
	engine: EngineName
): Promise<SearchResult> {
	const highlight = highlighter(query.q);
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
		relaxed: result.relaxed,
		facets_estimated: result.facetsEstimated ?? false,
		limit: query.limit,
		offset: query.offset,
		...(result.markers ? { markers: result.markers } : {})
	};
}
