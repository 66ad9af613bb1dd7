import { error } from '@sveltejs/kit';
import { formatTerritory } from '$lib/domain/territory-code';
import * as search from '$lib/server/search';
import * as territories from '$lib/server/territories';
import type { PageServerLoad } from './$types';

/** The search page, without JavaScript: a GET form, facet links and numbered pages. */
export const load: PageServerLoad = async ({ url, getClientAddress, locals, setHeaders }) => {
	const parsed = search.parseSearchQuery(url.searchParams);
	const typed = url.searchParams.get('q') ?? '';
	if (!parsed.ok)
		return { q: typed, invalid: parsed.message, result: null, territory: null, query: null };
	const throttled = await search.throttleSearch(getClientAddress(), !!locals.user);
	if (throttled) {
		setHeaders({ 'Retry-After': String(throttled.retryAfterSeconds) });
		error(429, throttled.message);
	}
	const query = parsed.value;
	const territory = query.filters.territory;
	const [result, place] = await Promise.all([
		search.search(query),
		territory && territory.kind !== 'radius' ? territories.get(formatTerritory(territory)) : null
	]);
	return {
		q: typed,
		invalid: null,
		result,
		query: {
			categories: query.filters.categories as string[],
			programmes: query.filters.programmes,
			stale: query.filters.freshness === 'stale',
			limit: query.limit,
			offset: query.offset
		},
		territory: territory
			? {
					code: formatTerritory(territory),
					name:
						territory.kind === 'radius'
							? `À moins de ${(territory.meters / 1000).toLocaleString('fr-FR')} km d’un point`
							: (place?.name ?? formatTerritory(territory))
				}
			: null
	};
};
