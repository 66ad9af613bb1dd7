import { Meilisearch } from 'meilisearch';
import { config } from '../config';
import { nodeHttpClient } from './meili-http';

/** Where the index lives; null when search is Postgres-only. */
export interface MeiliTarget {
	url: string;
	apiKey?: string;
	index: string;
}

const state = globalThis as unknown as {
	__cartonumMeili?: {
		target: MeiliTarget | null;
		queryClient?: Meilisearch;
		adminClient?: Meilisearch;
		openUntil: number;
	};
};

function current() {
	state.__cartonumMeili ??= {
		target: config.meiliUrl
			? { url: config.meiliUrl, apiKey: config.meiliMasterKey, index: config.meiliIndex }
			: null,
		openUntil: 0
	};
	return state.__cartonumMeili;
}

/** Points search at another Meilisearch (tests, scripts), or at none (null: Postgres only). */
export function useMeilisearch(target: MeiliTarget | null) {
	state.__cartonumMeili = { target, openUntil: 0 };
}

export function meiliTarget(): MeiliTarget | null {
	return current().target;
}

/**
 * Queries get a short timeout: a slow index must not hold a visitor's request, Postgres answers
 * instead. The relay and the reindex get a long one (large batches).
 */
export function meiliClient(purpose: 'query' | 'admin' = 'query'): Meilisearch {
	const state = current();
	if (!state.target) throw new Error('Meilisearch is not configured');
	const key = purpose === 'query' ? 'queryClient' : 'adminClient';
	state[key] ??= new Meilisearch({
		host: state.target.url,
		apiKey: state.target.apiKey,
		timeout: purpose === 'query' ? 2_000 : 60_000,
		httpClient: nodeHttpClient
	});
	return state[key];
}

/**
 * A circuit breaker: after a failure, queries go straight to Postgres for a few seconds
 * instead of waiting on an unreachable server each time.
 */
const PAUSE_MS = 5_000;

export function meiliAvailable(): boolean {
	const state = current();
	return !!state.target && Date.now() >= state.openUntil;
}

export function meiliFailed() {
	current().openUntil = Date.now() + PAUSE_MS;
}
