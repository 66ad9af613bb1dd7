import { isCategoryCode } from '$lib/domain/categories';
import { emptyFilters } from '$lib/domain/structure-filters';
import { requireRole } from '$lib/server/auth';
import * as contacts from '$lib/server/contacts';
import * as structures from '$lib/server/structures';
import * as territories from '$lib/server/territories';
import type { PageServerLoad } from './$types';

/** Rows of the table; the map shows every uncovered commune. */
const TABLE_ROWS = 500;

export const load: PageServerLoad = async ({ locals, url }) => {
	requireRole(locals, 'moderator');
	const params = url.searchParams;
	const categoryParam = params.get('categorie') ?? '';
	const kmParam = params.get('km') ?? '10';
	const depParam = params.get('dep') ?? '';
	const departements = (await territories.list('departement')).map((d) => ({
		code: d.code.slice(4),
		name: d.name
	}));
	const base = {
		departements,
		query: { category: categoryParam, km: kmParam, dep: depParam },
		message: null as string | null,
		coverage: null as contacts.Coverage | null,
		rows: TABLE_ROWS,
		structures: null as structures.StructureFeatures | null,
		outline: null as territories.Territory['outline'] | null
	};
	if (!categoryParam) return base;
	if (!isCategoryCode(categoryParam))
		return { ...base, message: `Catégorie inconnue : « ${categoryParam.slice(0, 40)} ».` };
	const km = Number(kmParam.replace(',', '.'));
	if (!Number.isFinite(km) || km <= 0 || km > contacts.MAX_COVERAGE_KM)
		return {
			...base,
			message: `Distance invalide : indiquez un nombre de kilomètres entre 0,1 et ${contacts.MAX_COVERAGE_KM}.`
		};
	if (depParam && !departements.some((d) => d.code === depParam))
		return { ...base, message: `Département inconnu : « ${depParam.slice(0, 10)} ».` };
	const [coverage, features, departement] = await Promise.all([
		contacts.coverage(categoryParam, km, depParam || null),
		structures.features({ ...emptyFilters(), categories: [categoryParam] }),
		depParam ? territories.get(`dep:${depParam}`) : territories.get(contacts.REGION)
	]);
	return { ...base, coverage, structures: features, outline: departement?.outline ?? null };
};
