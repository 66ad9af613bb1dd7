import * as territories from '$lib/server/territories';
import type { PageServerLoad } from './$types';

const MAX_QUERY = 100;

export const load: PageServerLoad = async ({ url }) => {
	const q = (url.searchParams.get('q') ?? '').trim();
	const tooLong = q.length > MAX_QUERY;
	const [regions, academies, departements, results] = await Promise.all([
		territories.list('region'),
		territories.list('academie'),
		territories.list('departement'),
		q && !tooLong
			? territories.search(q, { kinds: ['epci', 'commune'], limit: 30 })
			: Promise.resolve(null)
	]);
	return {
		regions,
		academies,
		departements,
		q,
		error: tooLong ? `Le texte recherché ne doit pas dépasser ${MAX_QUERY} caractères.` : null,
		results
	};
};
