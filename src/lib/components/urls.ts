import type { ResolvedPathname } from '$app/types';

/*
 * Links carrying a query string or a fragment. They start from a path the app resolved (so a
 * base path is kept) and stay links inside the app, hence the ResolvedPathname type, which the
 * lint rule `svelte/no-navigation-without-resolve` recognises.
 */

type Query = URLSearchParams | Record<string, string>;

/** A resolved path with query parameters (empty ones left out) and an optional fragment. */
export function link(path: ResolvedPathname, query: Query = {}, fragment = ''): ResolvedPathname {
	const params = new URLSearchParams(query);
	for (const [name, value] of [...params]) if (value === '') params.delete(name, value);
	const search = params.toString();
	return `${path}${search ? `?${search}` : ''}${fragment ? `#${fragment}` : ''}` as ResolvedPathname;
}

/**
 * The current page with some query parameters changed (null removes one) and an optional
 * fragment. Keeps every other parameter, so filters survive paging.
 */
export function withParams(
	url: URL,
	changes: Record<string, string | null>,
	fragment = ''
): ResolvedPathname {
	const params = new URLSearchParams(url.searchParams);
	for (const [name, value] of Object.entries(changes)) {
		if (value === null) params.delete(name);
		else params.set(name, value);
	}
	return link(url.pathname as ResolvedPathname, params, fragment);
}

/** A 1-based rank read from a query parameter; anything else gives 1. */
export function rankParam(url: URL, name = 'rang'): number {
	const value = Number(url.searchParams.get(name));
	return Number.isSafeInteger(value) && value >= 1 ? value : 1;
}
