import { normalizeIdentifier, validateUai } from '../../domain/identifiers';
import { sql } from '../db';
import { geoPoint } from '../db/fragments';

/**
 * Likely duplicates of a structure about to be registered, so that the partner can ask to
 * manage the existing listing instead (« c'est ma structure »): the same identifier in any
 * scheme, or a similar name within walking distance.
 *
 * Names are compared by structure_name_similarity (db/migrations/005_geocoding.sql): pg_trgm
 * similarity of the names without generic words (« école », « publique »…), levels of school
 * and the commune's name. The threshold was measured on the regional data: of the 3,749 pairs
 * of distinct records less than 1 km apart, 36 (1 %) reach 0.4, and at least 10 of those are
 * real duplicates in the sources (« Pixelibur » / « FabLab Pixelibur », « Université de
 * Bourgogne » / « Université Bourgogne Europe »…); on 7,815 altered copies of real names, 0.4
 * finds 100 % of case, accent, « St »/« Saint » and « … - <commune> » variants, 96 % of names
 * with their first word dropped and 86 % of names with one typo (0.5 would find 75 %).
 */
export const NAME_SIMILARITY_THRESHOLD = 0.4;
export const RADIUS_METERS = 1000;

export type DuplicateReason = 'identifier' | 'nom-proche';
type Status = 'pending' | 'published' | 'rejected' | 'archived' | 'closed';

export interface DuplicateCandidate {
	name: string;
	lon?: number;
	lat?: number;
	/** Identifiers by scheme (uai, siret, rnsr…); blank values are ignored. */
	identifiers?: Record<string, string | null | undefined>;
}

export interface Duplicate {
	id: string;
	slug: string;
	name: string;
	reason: DuplicateReason;
	distanceMeters?: number;
	/** The shared identifier, for reason 'identifier'. */
	identifier?: { scheme: string; value: string };
	/** 0 to 1, for reason 'nom-proche'. */
	similarity?: number;
}

export interface FindOptions {
	/** Which structures count; published only by default (pending ones are not public). */
	statuses?: Status[];
	/** The structure being edited, which is no duplicate of itself. */
	excludeId?: string;
}

const MAX_NAME_MATCHES = 10;

export async function find(
	candidate: DuplicateCandidate,
	options: FindOptions = {}
): Promise<Duplicate[]> {
	const statuses = options.statuses ?? ['published'];
	const excludeId = options.excludeId ?? null;
	const point = pointOf(candidate);
	const byIdentifier = await sameIdentifier(candidate, statuses, excludeId, point);
	const byName = point ? await similarName(candidate.name, point, statuses, excludeId) : [];
	const seen = new Set(byIdentifier.map((d) => d.id));
	return [...byIdentifier, ...byName.filter((d) => !seen.has(d.id))];
}

type Point = { lon: number; lat: number };

function pointOf({ lon, lat }: DuplicateCandidate): Point | null {
	return Number.isFinite(lon) && Number.isFinite(lat) ? { lon: lon!, lat: lat! } : null;
}

function wantedIdentifiers(candidate: DuplicateCandidate) {
	const wanted = Object.entries(candidate.identifiers ?? {}).flatMap(([scheme, value]) => {
		const key = scheme.trim().toLowerCase();
		const normalized = value ? normalizeIdentifier(key, value) : '';
		return normalized ? [{ scheme: key, value: normalized }] : [];
	});
	return { schemes: wanted.map((w) => w.scheme), values: wanted.map((w) => w.value) };
}

async function sameIdentifier(
	candidate: DuplicateCandidate,
	statuses: Status[],
	excludeId: string | null,
	point: Point | null
): Promise<Duplicate[]> {
	const { schemes, values } = wantedIdentifiers(candidate);
	if (!schemes.length) return [];
	const rows = await sql<
		{
			id: string;
			slug: string;
			name: string;
			scheme: string;
			value: string;
			distance: number | null;
		}[]
	>`
		select distinct on (s.id) s.id, s.slug, s.name, i.scheme, i.value,
			case when ${point !== null} then round(ST_Distance(s.geom::geography,
				${geoPoint(point?.lon ?? 0, point?.lat ?? 0)}::geography))::int
			end as distance
		from unnest(${schemes}::text[], ${values}::text[]) as w (scheme, value)
		join structure_identifiers i on i.scheme = w.scheme and i.value = w.value
		join structures s on s.id = i.structure_id
		where s.status = any(${statuses}::text[])
			and (${excludeId}::uuid is null or s.id <> ${excludeId}::uuid)
		order by s.id, i.scheme`;
	return rows.map((row) => ({
		id: row.id,
		slug: row.slug,
		name: row.name,
		reason: 'identifier' as const,
		...(row.distance !== null ? { distanceMeters: row.distance } : {}),
		identifier: { scheme: row.scheme, value: row.value }
	}));
}

async function similarName(
	name: string,
	point: Point,
	statuses: Status[],
	excludeId: string | null
): Promise<Duplicate[]> {
	if (!name.trim()) return [];
	const rows = await sql<
		{ id: string; slug: string; name: string; distance: number; similarity: number }[]
	>`
		with here as (
			select ${geoPoint(point.lon, point.lat)}::geography
				as point
		),
		near as (
			select s.id, s.slug, s.name, round(ST_Distance(s.geom::geography, here.point))::int as distance,
				structure_name_similarity(${name}, s.name, coalesce(c.name, '')) as similarity
			from structures s
			cross join here
			left join geocoding_communes c on c.insee_code = s.commune_code
			where ST_DWithin(s.geom::geography, here.point, ${RADIUS_METERS})
				and s.status = any(${statuses}::text[])
				and (${excludeId}::uuid is null or s.id <> ${excludeId}::uuid)
		)
		select * from near
		where similarity >= ${NAME_SIMILARITY_THRESHOLD}
		order by similarity desc, distance, name
		limit ${MAX_NAME_MATCHES}`;
	return rows.map((row) => ({
		id: row.id,
		slug: row.slug,
		name: row.name,
		reason: 'nom-proche' as const,
		distanceMeters: row.distance,
		similarity: Math.round(row.similarity * 100) / 100
	}));
}

/** What the registration form can take from an imported establishment with this UAI. */
export interface UaiPrefill {
	id: string;
	slug: string;
	name: string;
	categories: string[];
	description: string;
	website: string | null;
	email: string | null;
	phone: string | null;
	street: string | null;
	postcode: string | null;
	communeCode: string | null;
	communeName: string | null;
	lon: number;
	lat: number;
	locationPrecision: 'exact' | 'approximate';
	identifiers: Record<string, string>;
}

/**
 * The public fields of the published structure with this UAI, to prefill the form; null when
 * the UAI is not valid or not known (schools outside the imported extracts, new schools).
 */
export async function prefillFromUai(uai: string): Promise<UaiPrefill | null> {
	const valid = validateUai(uai);
	if (!valid.ok) return null;
	const [row] = await sql<UaiPrefill[]>`
		select s.id, s.slug, s.name, s.categories, s.description, s.website, s.email, s.phone,
			s.address_street as street, s.postcode, s.commune_code as "communeCode",
			c.name as "communeName", ST_X(s.geom) as lon, ST_Y(s.geom) as lat,
			s.location_precision as "locationPrecision",
			(select coalesce(jsonb_object_agg(x.scheme, x.value), '{}'::jsonb)
				from structure_identifiers x where x.structure_id = s.id) as identifiers
		from structure_identifiers i
		join structures s on s.id = i.structure_id
		left join geocoding_communes c on c.insee_code = s.commune_code
		where i.scheme = 'uai' and i.value = ${valid.value} and s.status = 'published'`;
	return row ?? null;
}
