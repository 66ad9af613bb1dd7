import { PAGE_SIZE } from '$lib/domain/page-size';
import { error } from '@sveltejs/kit';
import { rankParam } from '$lib/components/urls';
import { decodeCursor, emptyFilters } from '$lib/domain/structure-filters';
import { parseTerritory } from '$lib/domain/territory-code';
import { isStaff } from '$lib/server/auth';
import * as contacts from '$lib/server/contacts';
import * as structures from '$lib/server/structures';
import * as territories from '$lib/server/territories';
import type { PageServerLoad } from './$types';

/** Above this, the page map shows the outline only: the full map is one link away. */
const MAP_POINTS_MAX = 1500;

/** Territories inside this one, by kind (communes of a département are many: listed last). */
function childrenOf(territory: territories.Territory) {
	const inside = { parent: territory.code };
	switch (territory.kind) {
		case 'region':
			return [
				{ kind: 'academie' as const, list: territories.list('academie') },
				{ kind: 'departement' as const, list: territories.list('departement', inside) }
			];
		case 'academie':
			return [{ kind: 'departement' as const, list: territories.list('departement', inside) }];
		case 'departement':
			return [
				{ kind: 'epci' as const, list: territories.list('epci', inside) },
				{ kind: 'commune' as const, list: territories.list('commune', inside) }
			];
		case 'epci':
			return [{ kind: 'commune' as const, list: territories.list('commune', inside) }];
		case 'commune':
			return [];
	}
}

export const load: PageServerLoad = async ({ params, url, locals }) => {
	const parsed = parseTerritory(params.code);
	if (!parsed.ok || parsed.value.kind === 'radius')
		error(
			404,
			`Territoire inconnu « ${params.code.slice(0, 60)} » : les codes s’écrivent reg:27, aca:besancon, dep:21, epci:<SIREN> ou com:<code INSEE>.`
		);
	const territory = await territories.get(params.code);
	if (!territory)
		error(404, `Le territoire « ${params.code} » n’existe pas en Bourgogne-Franche-Comté.`);

	const cursorText = url.searchParams.get('cursor');
	const cursor = cursorText ? decodeCursor(cursorText) : null;
	if (cursorText && !cursor)
		error(400, 'Le lien de page est invalide : revenez à la première page de la liste.');

	const filters = { ...emptyFilters(), territory: parsed.value };
	const children = childrenOf(territory);
	const staff = locals.user !== null && isStaff(locals.user.role);
	const [page, counts, childLists, reachability] = await Promise.all([
		structures.list(filters, { limit: PAGE_SIZE, cursor }),
		structures.countByCategory(filters),
		Promise.all(children.map(async (c) => ({ kind: c.kind, items: await c.list }))),
		// « Couverture des contacts »: for the regional team only.
		staff ? contacts.reachability(filters) : null
	]);
	const features =
		page.total > 0 && page.total <= MAP_POINTS_MAX ? await structures.features(filters) : null;

	return {
		territory,
		counts,
		page,
		start: cursor ? rankParam(url) : 1,
		features,
		reachability,
		children: childLists.filter((c) => c.items.length > 0)
	};
};
