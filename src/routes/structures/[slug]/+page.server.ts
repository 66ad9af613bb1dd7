import { error } from '@sveltejs/kit';
import * as structures from '$lib/server/structures';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	const structure = await structures.get(params.slug);
	if (!structure)
		error(
			404,
			'Cette structure est introuvable : elle n’existe pas, n’est pas encore publiée ou a été retirée de l’annuaire.'
		);
	return { structure };
};
