import { PAGE_SIZE } from '$lib/domain/page-size';
import { error } from '@sveltejs/kit';
import { rankParam } from '$lib/components/urls';
import { emptyFilters } from '$lib/domain/structure-filters';
import * as programmes from '$lib/server/programmes';
import { linkedCategories } from '$lib/server/programmes/linked-categories';
import { CATEGORIES } from '$lib/domain/categories';
import * as structures from '$lib/server/structures';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url }) => {
	const number = /^\d{1,2}$/.test(params.number) ? Number(params.number) : NaN;
	const programme = await programmes.get(number);
	if (!programme)
		error(
			404,
			`Le programme « ${params.number} » n’existe pas : la feuille de route en compte 21.`
		);
	const [axis, features] = await Promise.all([
		programmes.axis(programme.axis.code),
		structures.features({ ...emptyFilters(), programmes: [number] })
	]);
	const start = Math.min(rankParam(url), Math.max(programme.structures.length, 1));
	const { structures: all, ...rest } = programme;
	return {
		programme: rest,
		partners: axis?.partners ?? [],
		features,
		start,
		pageSize: PAGE_SIZE,
		page: all.slice(start - 1, start - 1 + PAGE_SIZE),
		total: all.length,
		/** The kinds of structure the roadmap names for this programme (plural labels). */
		linkedCategories: linkedCategories(number).map(
			(code) => CATEGORIES.find((c) => c.code === code)?.plural ?? code
		)
	};
};
