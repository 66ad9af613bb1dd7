import { fold } from '../../domain/fold';
import { sql } from '../db';
import * as geocoding from '../geocoding';
import { log } from '../log';
import * as territories from '../territories';

/** A place to measure from: its position and what to call it. */
export interface Place {
	lon: number;
	lat: number;
	/** The commune's or structure's own name (the label adds the département or commune). */
	name: string;
	label: string;
	/**
	 * Text that locates this very place again (`com:21231`, `uai:0211234A`, `structure:<slug>`,
	 * `47.32,5.04`): candidate lists link to it.
	 */
	query: string;
	kind: 'commune' | 'structure' | 'adresse' | 'coordonnees';
}

export type Located =
	{ ok: true; place: Place } | { ok: false; message: string; candidates: Place[] };

const UAI = /^\d{7}[A-Z]$/;
/** A house number before words, or a street word: worth asking the geocoder. */
const ADDRESS =
	/^\d+\s*(bis|ter)?[\s,]+\p{L}|\b(rue|avenue|av\.|boulevard|bd|place|chemin|route|allée|impasse|quai|cours|faubourg)\b/iu;
const CANDIDATES = 8;

/**
 * Finds the place typed in « Qui est mon contact ici ? » or as the centre of a radius: a
 * school's UAI, an address (geocoded to the street when the geocoder knows it, else placed at
 * its commune), a commune (name, postcode or INSEE code), a structure by name, or coordinates.
 * Ambiguous text returns candidates to choose from.
 */
export async function locate(input: string): Promise<Located> {
	const text = input.trim().slice(0, 200);
	if (!text) return none('Indiquez une adresse, une commune, un code postal ou un code UAI.');

	const coordinates = parseCoordinates(text);
	if (coordinates) return coordinates;

	const prefixed = /^(com|uai|structure):(.+)$/i.exec(text);
	if (prefixed) {
		const [, prefix, value] = prefixed as unknown as [string, string, string];
		const places =
			prefix.toLowerCase() === 'com'
				? await communes(sql`t.insee_code = ${value.trim().toUpperCase()}`)
				: prefix.toLowerCase() === 'uai'
					? await structuresByUai(value.trim().toUpperCase())
					: await structuresWhere(sql`(s.slug = ${value.trim()} or s.id::text = ${value.trim()})`);
		return places[0]
			? { ok: true, place: places[0] }
			: none(`Aucun lieu ne correspond à « ${text} ».`);
	}

	if (UAI.test(text.toUpperCase())) {
		const [school] = await structuresByUai(text.toUpperCase());
		return school
			? { ok: true, place: school }
			: none(`Aucun établissement publié n’a le code UAI ${text.toUpperCase()}.`);
	}

	if (ADDRESS.test(text)) {
		const address = await geocodeAddress(text);
		if (address) return address;
	}

	const postcode = /\b(\d{5})\b/.exec(text)?.[1];
	if (postcode) {
		const found = await communeCandidates(postcode);
		const named = found.filter((p) => normalise(text).includes(normalise(p.name)));
		if (named.length === 1) return { ok: true, place: named[0]! };
		return pick(found, `Aucune commune de la région n’a le code postal ou INSEE ${postcode}.`);
	}

	// « Dole (39) », as this tool writes a commune back into the form.
	const withDepartement = /^(.+?)\s*\((\d{2}|2A|2B)\)$/i.exec(text);
	if (withDepartement) {
		const [, name, departement] = withDepartement as unknown as [string, string, string];
		const named = (await communeCandidates(name)).filter(
			(p) =>
				p.query.startsWith(`com:${departement.toUpperCase()}`) &&
				normalise(p.name) === normalise(name)
		);
		if (named.length === 1) return { ok: true, place: named[0]! };
	}

	const byName = await communeCandidates(text);
	const exact = byName.filter((p) => normalise(p.name) === normalise(text));
	if (exact.length === 1) return { ok: true, place: exact[0]! };
	const structures = await structuresWhere(
		sql`unaccent(s.name) ilike all (select '%' || unaccent(w) || '%' from unnest(${words(text)}::text[]) w)`
	);
	return pick(
		[...byName, ...structures].slice(0, CANDIDATES),
		`Aucune commune ni structure ne correspond à « ${text} ». Essayez un code postal ou un code UAI.`
	);
}

/**
 * The address through the app's geocoder (the offline gazetteer, or the national API when
 * configured). Street-level answers are taken; anything vaguer falls back to the commune
 * search, which explains ambiguities better.
 */
async function geocodeAddress(text: string): Promise<Located | null> {
	try {
		const candidates = (await geocoding.geocode(text, { limit: CANDIDATES })).filter(
			(c) => c.precision === 'street'
		);
		const place = (c: geocoding.Candidate): Place => ({
			lon: c.lon,
			lat: c.lat,
			name: c.label,
			label: c.label,
			query: c.label,
			kind: 'adresse'
		});
		if (candidates.length === 0) return null;
		const [best, second] = candidates;
		if (!second || best!.score - second.score >= 0.1) return { ok: true, place: place(best!) };
		return {
			ok: false,
			message: 'Plusieurs adresses correspondent : choisissez-en une.',
			candidates: candidates.map(place)
		};
	} catch (error) {
		log.warn('contacts.geocode_failed', { error: String(error) });
		return null;
	}
}

function parseCoordinates(text: string): Located | null {
	const match = /^(-?\d+(?:\.\d+)?)\s*[,;\s]\s*(-?\d+(?:\.\d+)?)$/.exec(text);
	if (!match) return null;
	const a = Number(match[1]);
	const b = Number(match[2]);
	// In France, latitudes are above 41 and longitudes below 10: both orders are understood.
	const [lat, lon] = a > 40 ? [a, b] : [b, a];
	if (lat < -90 || lat > 90 || lon < -180 || lon > 180)
		return none(
			'Coordonnées hors limites : écrivez « latitude, longitude », par exemple 47.32, 5.04.'
		);
	return {
		ok: true,
		place: {
			lon,
			lat,
			name: `${lat}, ${lon}`,
			label: `${lat}, ${lon}`,
			query: `${lat},${lon}`,
			kind: 'coordonnees'
		}
	};
}

function pick(places: Place[], emptyMessage: string): Located {
	if (places.length === 1) return { ok: true, place: places[0]! };
	if (places.length === 0) return none(emptyMessage);
	return {
		ok: false,
		message: 'Plusieurs lieux correspondent : choisissez-en un.',
		candidates: places
	};
}

function none(message: string): Located {
	return { ok: false, message, candidates: [] };
}

async function communeCandidates(text: string): Promise<Place[]> {
	const found = await territories.search(text, { kinds: ['commune'], limit: CANDIDATES });
	if (!found.length) return [];
	const places = await communes(sql`t.code = any(${found.map((t) => t.code)}::text[])`);
	const order = new Map(found.map((t, i) => [t.code, i]));
	return places.sort((a, b) => (order.get(a.query) ?? 0) - (order.get(b.query) ?? 0));
}

async function communes(condition: ReturnType<typeof sql>): Promise<Place[]> {
	const rows = await sql<
		{ insee_code: string; name: string; departement_code: string; lon: number; lat: number }[]
	>`
		select t.insee_code, t.name, t.departement_code, ST_X(t.label_point) as lon, ST_Y(t.label_point) as lat
		from territories t where t.kind = 'commune' and ${condition}
		order by t.population desc nulls last, t.name`;
	return rows.map((r) => ({
		lon: r.lon,
		lat: r.lat,
		name: r.name,
		label: `${r.name} (${r.departement_code})`,
		query: `com:${r.insee_code}`,
		kind: 'commune'
	}));
}

function structuresByUai(uai: string): Promise<Place[]> {
	return structuresWhere(sql`exists (select 1 from structure_identifiers i
		where i.structure_id = s.id and i.scheme = 'uai' and i.value = ${uai})`);
}

async function structuresWhere(condition: ReturnType<typeof sql>): Promise<Place[]> {
	const rows = await sql<
		{ slug: string; name: string; commune: string | null; lon: number; lat: number }[]
	>`
		select s.slug, s.name, c.name as commune, ST_X(s.geom) as lon, ST_Y(s.geom) as lat
		from structures s
		left join territories c on c.kind = 'commune' and c.insee_code = s.commune_code
		where s.status = 'published' and ${condition}
		order by s.name, s.id limit ${CANDIDATES}`;
	return rows.map((r) => ({
		lon: r.lon,
		lat: r.lat,
		name: r.name,
		label: r.commune ? `${r.name} (${r.commune})` : r.name,
		query: `structure:${r.slug}`,
		kind: 'structure'
	}));
}

function words(text: string): string[] {
	return text
		.split(/\s+/)
		.filter(Boolean)
		.map((w) => w.replace(/[\\%_]/g, (c) => `\\${c}`));
}

function normalise(text: string): string {
	return fold(text)
		.replace(/[-'’\s]+/g, ' ')
		.trim();
}
