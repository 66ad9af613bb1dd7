import { emptyFilters, parseStructureFilters } from '$lib/domain/structure-filters';
import type { CategoryCode } from '$lib/domain/categories';
import { requireRole } from '$lib/server/auth';
import * as contacts from '$lib/server/contacts';
import * as structures from '$lib/server/structures';
import type { PageServerLoad } from './$types';

/**
 * Asked most often before a visit: a training site, a Canopé, a fablab, a videoconference
 * point. Only those the directory has any structure of are pre-selected.
 */
const PREFERRED_CATEGORIES: CategoryCode[] = [
	'inspe',
	'canope',
	'fablab-tiers-lieu',
	'point-visio'
];

async function defaultCategories(): Promise<CategoryCode[]> {
	const present = new Set(
		(await structures.countByCategory(emptyFilters()))
			.filter((c) => c.count > 0)
			.map((c) => c.category)
	);
	return PREFERRED_CATEGORIES.filter((c) => present.has(c));
}
const PER_CATEGORY = 3;

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireRole(locals, 'moderator');
	const place = url.searchParams.get('lieu')?.trim() ?? '';
	const filters = parseStructureFilters(url.searchParams);
	const categories =
		filters.ok && filters.value.categories.length
			? filters.value.categories
			: await defaultCategories();
	const base = {
		place,
		categories,
		message: filters.ok ? null : filters.message,
		candidates: [] as contacts.Place[],
		located: null as contacts.Place | null,
		nearest: [] as contacts.NearestByCategory[]
	};
	if (!place || !filters.ok) return base;
	const located = await contacts.locate(place);
	if (!located.ok) return { ...base, message: located.message, candidates: located.candidates };
	const limited = await contacts.checkLimit(user.id, 'list');
	if (limited) return { ...base, message: limited.message };
	const nearest = await contacts.nearestByCategory(located.place, categories, user, PER_CATEGORY);
	await contacts.record(user.id, 'contacts.nearest', {
		place: located.place.query,
		categories,
		rows: nearest.reduce((n, c) => n + c.structures.length, 0)
	});
	return { ...base, located: located.place, nearest };
};
