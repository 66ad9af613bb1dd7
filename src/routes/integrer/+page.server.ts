import { CATEGORIES } from '$lib/domain/categories';
import { emptyFilters, parseStructureFilters } from '$lib/domain/structure-filters';
import { formatTerritory } from '$lib/domain/territory-code';
import {
	DEFAULT_EMBED_HEIGHT,
	DEFAULT_EMBED_TITLE,
	EMBED_ROUTE,
	EMBED_WIDTHS,
	MAX_EMBED_HEIGHT,
	MIN_EMBED_HEIGHT,
	iframeSnippet,
	type EmbedWidth
} from '$lib/components/embed';
import { filtersQuery, normalizedFilters } from '$lib/components/filters/filter-url';
import { config } from '$lib/server/config';
import * as programmes from '$lib/server/programmes';
import * as territories from '$lib/server/territories';
import type { PageServerLoad } from './$types';

/**
 * « Intégrer la carte » : filters and a size chosen in a GET form (works without JavaScript),
 * a preview, and the `<iframe>` snippet of /carte/integree with the same filters.
 */
export const load: PageServerLoad = async ({ url }) => {
	const params = url.searchParams;
	const parsed = parseStructureFilters(params);
	const filters = parsed.ok ? normalizedFilters(parsed.value) : emptyFilters();
	const errors: string[] = parsed.ok ? [] : [parsed.message];

	const widthText = params.get('largeur')?.trim() || '100%';
	const width = (EMBED_WIDTHS as readonly string[]).includes(widthText)
		? (widthText as EmbedWidth)
		: '100%';
	if (width !== widthText) errors.push('Largeur inconnue : la pleine largeur est retenue.');

	const heightText = params.get('hauteur')?.trim();
	let height = DEFAULT_EMBED_HEIGHT;
	if (heightText) {
		const value = Number(heightText);
		if (/^\d+$/.test(heightText) && value >= MIN_EMBED_HEIGHT && value <= MAX_EMBED_HEIGHT)
			height = value;
		else
			errors.push(
				`Hauteur invalide : un nombre entier de pixels, de ${MIN_EMBED_HEIGHT} à ${MAX_EMBED_HEIGHT}. ${DEFAULT_EMBED_HEIGHT} pixels sont retenus.`
			);
	}
	const title = params.get('titre')?.trim().slice(0, 150) || DEFAULT_EMBED_TITLE;

	const query = filtersQuery(filters);
	const origin = config.origin ?? url.origin;
	const path = `${EMBED_ROUTE}${query}`;
	return {
		errors,
		form: {
			categories: filters.categories as string[],
			programme: filters.programmes[0] ?? null,
			territory: filters.territory ? formatTerritory(filters.territory) : '',
			q: filters.q ?? '',
			width,
			height,
			title
		},
		path,
		snippet: iframeSnippet({ src: `${origin}${path}`, width, height, title }),
		categories: CATEGORIES.map((c) => ({ code: c.code, label: c.label })),
		programmes: (await programmes.list()).map((p) => ({ number: p.number, title: p.title })),
		territories: [
			...(await territories.list('academie')),
			...(await territories.list('departement'))
		].map((t) => ({ code: t.code, name: t.name, kind: t.kind }))
	};
};
