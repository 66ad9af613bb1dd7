import { fail, redirect } from '@sveltejs/kit';
import { parseDrawnPolygonText } from '$lib/domain/polygon';
import { emptyFilters, parseStructureFilters } from '$lib/domain/structure-filters';
import { MAX_RADIUS_METERS } from '$lib/domain/territory-code';
import { requireRole } from '$lib/server/auth';
import * as contacts from '$lib/server/contacts';
import * as programmes from '$lib/server/programmes';
import * as territories from '$lib/server/territories';
import { withParams } from '$lib/components/urls';
import { MODES, type Mode } from './modes';
import { lookUp } from './results.server';
import type { Actions, PageServerLoad } from './$types';
import { readForm } from '$lib/server/input/control-characters';

/** Parameters the page reads as filters (the others are the chooser's). */
const FILTER_PARAMS = [
	'category',
	'programme',
	'territory',
	'sector',
	'level',
	'pathway',
	'priority',
	'freshness'
];

function filterParams(source: URLSearchParams | FormData): URLSearchParams {
	const params = new URLSearchParams();
	for (const name of FILTER_PARAMS)
		for (const value of source.getAll(name))
			if (typeof value === 'string') params.append(name, value);
	return params;
}

/** Secteur, niveau, voie, éducation prioritaire, fraîcheur as chosen (first value of each). */
function factsOf(source: URLSearchParams | FormData) {
	const one = (name: string) => {
		const value = source.get(name);
		return typeof value === 'string' && value.trim() ? value.trim() : null;
	};
	return {
		sector: one('sector'),
		level: one('level'),
		pathway: one('pathway'),
		priority: one('priority'),
		freshness: one('freshness')
	};
}

function readMode(params: URLSearchParams): Mode {
	const mode = params.get('mode');
	if (mode && (MODES as readonly string[]).includes(mode)) return mode as Mode;
	const territory = params.get('territory') ?? '';
	if (territory.startsWith('radius:')) return 'rayon';
	if (territory.startsWith('com:')) return 'commune';
	if (territory.startsWith('epci:')) return 'epci';
	return 'departement';
}

async function choices() {
	const [departements, epcis, programmeList] = await Promise.all([
		territories.list('departement'),
		territories.list('epci'),
		programmes.list()
	]);
	return {
		departements: departements.map((t) => ({ code: t.code, name: t.name })),
		epcis: epcis.map((t) => ({ code: t.code, name: t.name })),
		programmes: programmeList.map((p) => ({ number: p.number, title: p.title }))
	};
}

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireRole(locals, 'moderator');
	const params = url.searchParams;
	const mode = readMode(params);
	const base = {
		mode,
		choices: await choices(),
		query: {
			territory: params.get('territory') ?? '',
			categories: params
				.getAll('category')
				.flatMap((c) => c.split(','))
				.filter(Boolean),
			programmes: params
				.getAll('programme')
				.flatMap((p) => p.split(','))
				.filter(Boolean),
			commune: params.get('commune') ?? '',
			centre: params.get('centre') ?? '',
			km: params.get('km') ?? '10',
			facts: factsOf(params),
			group: params.get('groupe') === 'categorie' ? ('categorie' as const) : ('commune' as const)
		},
		candidates: [] as { label: string; changes: Record<string, string> }[],
		message: null as string | null,
		results: null as Awaited<ReturnType<typeof lookUp>> | null
	};
	const filters = parseStructureFilters(filterParams(params));
	if (!filters.ok) return { ...base, message: filters.message };

	const commune = params.get('commune')?.trim();
	if (mode === 'commune' && commune && !filters.value.territory) {
		const found = await territories.search(commune, { kinds: ['commune'], limit: 10 });
		const exact = found.filter(
			(t) =>
				t.name.localeCompare(commune, 'fr', { sensitivity: 'base' }) === 0 ||
				t.postcodes.includes(commune)
		);
		const chosen = exact.length === 1 ? exact[0] : found.length === 1 ? found[0] : null;
		if (chosen) redirect(303, withParams(url, { territory: chosen.code, commune: chosen.name }));
		return {
			...base,
			message: found.length
				? 'Plusieurs communes correspondent : choisissez-en une.'
				: `Aucune commune de la région ne correspond à « ${commune} ».`,
			candidates: found.map((t) => ({
				label: `${t.name} (${t.departement_code}${t.postcodes.length ? `, ${t.postcodes.join(', ')}` : ''})`,
				changes: { territory: t.code, commune: t.name }
			}))
		};
	}

	const centre = params.get('centre')?.trim();
	if (mode === 'rayon' && centre && !filters.value.territory) {
		const km = Number((params.get('km') ?? '').replace(',', '.'));
		if (!Number.isFinite(km) || km <= 0 || km * 1000 > MAX_RADIUS_METERS)
			return {
				...base,
				message: `Rayon invalide : indiquez un nombre de kilomètres entre 0,1 et ${MAX_RADIUS_METERS / 1000}.`
			};
		const located = await contacts.locate(centre);
		if (located.ok) {
			const { lon, lat, label } = located.place;
			redirect(
				303,
				withParams(url, {
					territory: `radius:${lon.toFixed(5)},${lat.toFixed(5)},${Math.round(km * 1000)}`,
					centre: label
				})
			);
		}
		return {
			...base,
			message: located.message,
			candidates: located.candidates.map((p) => ({
				label: p.label,
				changes: { centre: p.query }
			}))
		};
	}

	if (!filters.value.territory) return base;
	const label =
		filters.value.territory.kind === 'radius' && centre
			? `Rayon de ${(filters.value.territory.meters / 1000).toLocaleString('fr-FR')} km autour de ${centre}`
			: undefined;
	return { ...base, results: await lookUp(user, { filters: filters.value }, label) };
};

export const actions: Actions = {
	/** A drawn or pasted polygon: posted, since it does not fit in a link. */
	zone: async ({ locals, request }) => {
		const user = requireRole(locals, 'moderator');
		const form = await readForm(request);
		const polygonText = String(form.get('polygon') ?? '');
		const strings = (name: string) =>
			form.getAll(name).filter((v): v is string => typeof v === 'string' && v !== '');
		const query = {
			categories: strings('category'),
			programmes: strings('programme'),
			facts: factsOf(form)
		};
		const filters = parseStructureFilters(filterParams(form));
		if (!filters.ok) return fail(400, { polygon: polygonText, query, message: filters.message });
		const polygon = parseDrawnPolygonText(polygonText);
		if (!polygon.ok) return fail(400, { polygon: polygonText, query, message: polygon.message });
		const { territory: _ignored, ...rest } = filters.value;
		const results = await lookUp(user, {
			filters: { ...emptyFilters(), ...rest },
			polygon: polygon.value
		});
		if (!results.ok)
			return fail(results.limited ? 429 : 400, {
				polygon: polygonText,
				query,
				message: results.message
			});
		return { polygon: polygonText, query, results };
	}
};
