import mapping from '../../../../db/data/programme-links.json';
import { CATEGORIES, type CategoryCode } from '../../domain/categories';

/**
 * The categories of structures the roadmap names for a programme, from the rules of
 * db/data/programme-links.json (the importer links structures of these categories with the
 * role 'feuille-de-route'), in the order of the category list. Empty: the roadmap names no
 * category, partners declare their contribution themselves.
 */
export function linkedCategories(programme: number): CategoryCode[] {
	const named = new Set<string>();
	for (const rule of mapping.rules)
		if (rule.programmes.includes(programme)) for (const code of rule.categories) named.add(code);
	return CATEGORIES.filter((c) => named.has(c.code)).map((c) => c.code);
}
