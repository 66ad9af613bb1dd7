import type { CategoryCode } from './categories';

/**
 * Categories for which no open data source was found (db/data/SOURCES.md, « Gaps »): the
 * directory only holds what partners register. Pages say so rather than show an empty map
 * as if there were none.
 */
export const MISSING_SOURCES: Partial<Record<CategoryCode, string>> = {
	inspe:
		'Aucune source ouverte ne recense les sites INSPE de la région avec leur adresse : ils apparaîtront ici quand ils seront inscrits.',
	entreprise:
		'Aucune source ouverte régionale des entreprises du numérique éducatif n’a été trouvée : seules les entreprises inscrites par leurs soins figurent ici.',
	'point-visio':
		'Aucune source ouverte ne recense les points de visioconférence : ils apparaîtront ici quand leurs responsables les auront inscrits.'
};

export function missingSource(code: string): string | null {
	return MISSING_SOURCES[code as CategoryCode] ?? null;
}
