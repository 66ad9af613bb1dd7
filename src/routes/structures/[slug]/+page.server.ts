import { error, redirect } from '@sveltejs/kit';
import { isStale } from '$lib/domain/freshness';
import { isStaff } from '$lib/server/auth';
import { config } from '$lib/server/config';
import * as revisions from '$lib/server/revisions';
import * as structures from '$lib/server/structures';
import * as territories from '$lib/server/territories';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const structure = await structures.get(params.slug);
	if (!structure)
		error(
			404,
			'Cette structure est introuvable : elle n’existe pas, n’est pas encore publiée ou a été retirée de l’annuaire.'
		);
	// A structure merged into another (a university before its 2025 merger) leads to it.
	if (structure.resolved_from) redirect(301, `/structures/${encodeURIComponent(structure.slug)}`);
	// An approximate point only says « somewhere in this commune »: the map shows the commune too.
	const commune =
		structure.location_precision === 'approximate' && structure.commune
			? await territories.get(`com:${structure.commune.code}`)
			: null;
	// Staff see who changed the fiche and when; nobody else gets the history.
	const history =
		locals.user && isStaff(locals.user.role)
			? await revisions.structureHistory(structure.id)
			: null;
	const stale = isStale(structure.confirmed_at, new Date(), config.freshnessMonths);
	return {
		structure,
		communeOutline: commune?.outline ?? null,
		history,
		freshness: { stale, months: config.freshnessMonths }
	};
};
