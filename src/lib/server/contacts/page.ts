import type { FeatureCollection, Point } from 'geojson';
import type { Mode } from '../../domain/contact-modes';
import { parseDrawnPolygonText } from '../../domain/polygon';
import { emptyFilters, parseStructureFilters } from '../../domain/structure-filters';
import { MAX_RADIUS_METERS } from '../../domain/territory-code';
import { decodeZone, encodeZone } from '../../domain/zone-code';
import * as programmes from '../programmes';
import * as territories from '../territories';
import type { ContactQuery, ResolvedArea } from './area';
import type { ContactStructure } from './types';
import { locate } from './locate';
import { lookUp } from './look-up';
import type { ContactSummary, Viewer } from './list';
import {
	factsOf,
	filterParams,
	listOf,
	pageQuery,
	readMode,
	zoneParams,
	type PageQuery
} from './page-query';

/**
 * The page « Trouver des contacts » (/contacts): what it shows for its URL. The route only
 * guards the role and redirects; the sequence (choose the area, look up, shape the results)
 * lives here, and the look-up itself is the API's (`lookUp`).
 */

/** Rows shown on the page; the exports carry everything. */
export const PAGE_ROWS = 1000;

export type Results =
	| {
			ok: true;
			area: ResolvedArea;
			items: ContactStructure[];
			total: number;
			summary: ContactSummary;
			features: FeatureCollection<Point, { id: string; name: string; category: string }>;
	  }
	| { ok: false; message: string; limited?: boolean };

export interface ContactsPage {
	mode: Mode;
	choices: Awaited<ReturnType<typeof choices>>;
	query: PageQuery;
	candidates: { label: string; changes: Record<string, string> }[];
	message: string | null;
	results: Results | null;
}

/** Parameters to set on the page's URL and redirect to (a commune or a centre resolved). */
export type Redirect = { redirect: Record<string, string> };

export async function contactsPage(
	viewer: Viewer,
	params: URLSearchParams
): Promise<ContactsPage | Redirect> {
	const mode = readMode(params);
	const base: ContactsPage = {
		mode,
		choices: await choices(),
		query: pageQuery(params),
		candidates: [],
		message: null,
		results: null
	};
	const filters = parseStructureFilters(filterParams(params));
	if (!filters.ok) return { ...base, message: filters.message };

	if (mode === 'zone') {
		const code = params.get('zone');
		if (!code) return base;
		const zone = decodeZone(code);
		if (!zone.ok) return { ...base, message: zone.message };
		const { territory: _ignored, ...rest } = filters.value;
		const query = { filters: { ...emptyFilters(), ...rest }, polygon: zone.value };
		return {
			...base,
			query: { ...base.query, polygon: JSON.stringify(zone.value) },
			results: await results(viewer, query)
		};
	}

	const commune = params.get('commune')?.trim();
	if (mode === 'commune' && commune && !filters.value.territory) {
		const found = await territories.search(commune, { kinds: ['commune'], limit: 10 });
		const exact = found.filter(
			(t) =>
				t.name.localeCompare(commune, 'fr', { sensitivity: 'base' }) === 0 ||
				t.postcodes.includes(commune)
		);
		const chosen = exact.length === 1 ? exact[0] : found.length === 1 ? found[0] : null;
		if (chosen) return { redirect: { territory: chosen.code, commune: chosen.name } };
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
		const located = await locate(centre);
		if (located.ok) {
			const { lon, lat, label } = located.place;
			return {
				redirect: {
					territory: `radius:${lon.toFixed(5)},${lat.toFixed(5)},${Math.round(km * 1000)}`,
					centre: label
				}
			};
		}
		return {
			...base,
			message: located.message,
			candidates: located.candidates.map((p) => ({ label: p.label, changes: { centre: p.query } }))
		};
	}

	if (!filters.value.territory) return base;
	const label =
		filters.value.territory.kind === 'radius' && centre
			? `Rayon de ${(filters.value.territory.meters / 1000).toLocaleString('fr-FR')} km autour de ${centre}`
			: undefined;
	return { ...base, results: await results(viewer, { filters: filters.value }, label) };
}

/**
 * The zone form (a drawn or pasted polygon, posted): checked, then turned into the link of
 * its results, so that they can be reloaded and shared. Nothing is looked up here.
 */
export function zoneLink(
	form: FormData
):
	| { ok: true; params: URLSearchParams }
	| { ok: false; polygon: string; query: PageQuery; message: string } {
	const polygonText = String(form.get('polygon') ?? '');
	const query = {
		...pageQuery(new URLSearchParams()),
		categories: listOf(form, 'category'),
		programmes: listOf(form, 'programme'),
		facts: factsOf(form),
		polygon: polygonText
	};
	const refuse = (message: string) => ({
		ok: false as const,
		polygon: polygonText,
		query,
		message
	});
	const filters = parseStructureFilters(filterParams(form));
	if (!filters.ok) return refuse(filters.message);
	const polygon = parseDrawnPolygonText(polygonText);
	if (!polygon.ok) return refuse(polygon.message);
	const code = encodeZone(polygon.value);
	// Rounded to about a metre for the link: a contour that no longer holds is said so.
	const decoded = decodeZone(code);
	if (!decoded.ok)
		return refuse(
			`Une fois arrondi au mètre pour le lien, le contour n’est plus valide (${decoded.message}) : redessinez-le avec des sommets moins serrés.`
		);
	return { ok: true, params: zoneParams(code, form) };
}

async function results(viewer: Viewer, query: ContactQuery, label?: string): Promise<Results> {
	const found = await lookUp(viewer, query, { limit: PAGE_ROWS, summary: true });
	if (!found.ok) return { ok: false, message: found.message, limited: found.status === 429 };
	const { items, total } = found.page;
	return {
		ok: true,
		area: label ? { ...found.area, label } : found.area,
		items,
		total,
		summary: found.summary!,
		features: {
			type: 'FeatureCollection',
			features: items.map((s) => ({
				type: 'Feature',
				geometry: s.geometry,
				properties: { id: s.id, name: s.name, category: s.categories[0] ?? '' }
			}))
		}
	};
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
