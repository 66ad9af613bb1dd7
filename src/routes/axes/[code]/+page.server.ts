import { error } from '@sveltejs/kit';
import * as programmes from '$lib/server/programmes';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	const axis = /^[SO]\d$/i.test(params.code) ? await programmes.axis(params.code) : null;
	if (!axis)
		error(
			404,
			`L’axe « ${params.code} » n’existe pas : la feuille de route compte les axes structurants S1 à S3 et opérationnels O1 à O4.`
		);
	return { axis };
};
