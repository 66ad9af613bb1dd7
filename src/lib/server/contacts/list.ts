import type { CategoryCode } from '../../domain/categories';
import { isStaff, type Role } from '../auth/roles';
import { encodeCursor, type Cursor } from '../../domain/cursor';
import { clampLimit } from '../../domain/limit';
import { sql } from '../db';
import type { Fragment } from '../db/fragments';
import * as structures from '../structures';
import { areaWhere, type ContactQuery } from './area';
import { ESTABLISHMENT_CONTACT_NAME, type Contact, type ContactStructure } from './types';

/** The most structures one page of the list returns (the API's `limit`). */
export const MAX_ROWS = 10_000;

/** Rows per page when none is asked for: the page /contacts and the API's default. */
export const DEFAULT_ROWS = 1000;

export interface Viewer {
	id: string;
	role: Role;
}

export interface ContactPage {
	items: ContactStructure[];
	/** Structures matching the query, over all pages (-1 when not asked for). */
	total: number;
	/** The cursor of the next page, or null on the last one. */
	next: string | null;
}

export interface ListOptions {
	limit?: number;
	offset?: number;
	/** The `next` of the previous page: the page starts after that structure. */
	cursor?: Cursor | null;
	/** false: do not count the total (an export walking every page). */
	total?: boolean;
}

/**
 * Structures of the area with their contacts, ordered by commune then name (accents and case
 * folded) then id, one page at a time. Staff-only contacts are returned to staff only; callers
 * guard the route as well.
 *
 * The page is chosen first on narrow rows (sort key and id: an index-only scan of
 * `structures_contacts_order_idx`, migration 025, for a territory), then only its structures
 * are read whole: sorting every wide row of a national département cost several times the
 * bare spatial selection.
 */
export async function list(
	query: ContactQuery,
	viewer: Viewer,
	options: ListOptions = {}
): Promise<ContactPage> {
	const limit = clampLimit(options.limit, { max: MAX_ROWS, fallback: DEFAULT_ROWS });
	const offset = Math.max(Math.trunc(options.offset ?? 0), 0);
	const cursor = options.cursor ?? null;
	const after = cursor
		? sql`and (substr(s.list_key, 3) collate "C", s.id)
			> (substr(${cursor.key}, 3) collate "C", ${cursor.id}::uuid)`
		: sql``;
	const rows = await sql<(StructureRow & { list_key: string })[]>`
		with page as materialized (
			select s.id, s.list_key, substr(s.list_key, 3) collate "C" as k
			from structures s
			where ${areaWhere(query)} ${after}
			order by k, s.id
			limit ${limit + 1} offset ${offset}
		)
		select ${structureColumns()}, p.list_key
		from page p
		join structures s on s.id = p.id
		left join territories c on c.kind = 'commune' and c.insee_code = s.commune_code
		order by p.k, p.id`;
	const last = rows.length > limit ? rows[limit - 1] : undefined;
	const next = last ? encodeCursor({ key: last.list_key, id: last.id }) : null;
	const shown = rows.slice(0, limit);
	// No window count over every row: a national département holds more structures than one
	// page shows. The last page of an offset walk tells the total; otherwise `count` (the
	// pre-aggregated cells when the filters allow).
	const total =
		options.total === false
			? -1
			: !cursor && !next && (shown.length > 0 || offset === 0)
				? offset + shown.length
				: await count(query);
	return { items: await withContacts(shown, viewer), total, next };
}

export async function count(query: ContactQuery): Promise<number> {
	if (!query.polygon) return structures.count(query.filters);
	const [row] = await sql<{ total: number }[]>`
		select count(*)::int as total from structures s where ${areaWhere(query)}`;
	return row?.total ?? 0;
}

export interface ContactSummary {
	structures: number;
	/** Person contacts the viewer may see (establishment channels not counted). */
	people: number;
	byCategory: { category: CategoryCode; count: number }[];
	byCommune: { code: string | null; name: string; count: number }[];
}

/** Counts for the whole result, so that groups are right even when the table is cut. */
export async function summarise(query: ContactQuery, viewer: Viewer): Promise<ContactSummary> {
	const where = areaWhere(query);
	const [totals] = await sql<{ structures: number; people: number }[]>`
		select count(*)::int as structures,
			coalesce(sum((select count(*) from contacts k where k.structure_id = s.id
				and ${visibleTo(viewer)})), 0)::int as people
		from structures s where ${where}`;
	const byCategory = await sql<{ category: CategoryCode; count: number }[]>`
		select k as category, count(*)::int as count
		from structures s cross join unnest(s.categories) k
		where ${where} group by k order by count(*) desc, k`;
	const byCommune = await sql<{ code: string | null; name: string; count: number }[]>`
		select s.commune_code as code, coalesce(c.name, s.commune_code, 'Commune inconnue') as name,
			count(*)::int as count
		from structures s
		left join territories c on c.kind = 'commune' and c.insee_code = s.commune_code
		where ${where}
		group by s.commune_code, c.name order by count(*) desc, c.name`;
	return { ...totals!, byCategory, byCommune };
}

/**
 * The structure's columns, flat: objects are built in `withContacts`. Building JSON per row in
 * SQL (commune, address, geometry cast to json, a contacts subquery) cost several times the
 * spatial selection itself on a national-size département.
 */
export function structureColumns(options: { commune?: boolean } = {}): Fragment {
	// `commune: false`: no join on territories `c`, the caller fills the commune's name and
	// département itself (an export walk looks each commune up once).
	const commune =
		options.commune === false
			? sql`null::text as commune_name, null::text as departement`
			: sql`c.name as commune_name, c.departement_code as departement`;
	return sql`s.id, s.slug, s.name, s.categories, s.commune_code, ${commune}, s.address_street, s.postcode,
		s.website, s.email, s.phone, round(ST_X(s.geom)::numeric, 6)::float8 as lon,
		round(ST_Y(s.geom)::numeric, 6)::float8 as lat, s.location_precision,
		s.attributes->>'sector' as sector`;
}

/** A row of `structureColumns`. */
export interface StructureRow {
	id: string;
	slug: string;
	name: string;
	categories: string[];
	commune_code: string | null;
	commune_name: string | null;
	departement: string | null;
	address_street: string | null;
	postcode: string | null;
	website: string | null;
	email: string | null;
	phone: string | null;
	/** The point, rounded to 6 decimals (about 10 cm) as in GeoJSON. */
	lon: number;
	lat: number;
	location_precision: ContactStructure['location_precision'];
	sector: string | null;
}

function visibleTo(viewer: Viewer): Fragment {
	return isStaff(viewer.role) ? sql`true` : sql`k.visibility = 'public'`;
}

/**
 * The structures with their contacts, in one query for all of them: the establishment's public
 * channels first, as a contact row of their own, then the people the viewer may see.
 */
export async function withContacts<R extends StructureRow>(
	rows: R[],
	viewer: Viewer
): Promise<(Omit<R, keyof StructureRow> & ContactStructure)[]> {
	const people = new Map<string, Contact[]>();
	if (rows.length > 0) {
		const found = await sql<(Contact & { structure_id: string })[]>`
			select k.structure_id, k.id, k.name, k.role, k.email, k.phone, k.visibility
			from contacts k
			where k.structure_id = any(${rows.map((r) => r.id)}::uuid[]) and ${visibleTo(viewer)}
			order by k.structure_id, k.name, k.id`;
		for (const { structure_id, ...contact } of found) {
			const list = people.get(structure_id) ?? [];
			list.push({ ...contact, kind: 'personne' });
			people.set(structure_id, list);
		}
	}
	return rows.map((row) => {
		const establishment: Contact[] =
			row.email || row.phone
				? [
						{
							id: null,
							kind: 'etablissement',
							name: ESTABLISHMENT_CONTACT_NAME,
							role: '',
							email: row.email,
							phone: row.phone,
							visibility: 'public'
						}
					]
				: [];
		// Built field by field: copying rows with a rest pattern cost ten times as much on a
		// list of 10,000 structures. Columns a caller added (nearest: `wanted`…) are kept.
		const structure: ContactStructure = {
			id: row.id,
			slug: row.slug,
			name: row.name,
			categories: row.categories,
			commune: row.commune_code
				? { code: row.commune_code, name: row.commune_name ?? row.commune_code }
				: null,
			departement: row.departement,
			address: { street: row.address_street, postcode: row.postcode },
			website: row.website,
			email: row.email,
			phone: row.phone,
			geometry: { type: 'Point', coordinates: [row.lon, row.lat] },
			location_precision: row.location_precision,
			sector: row.sector,
			contacts: [...establishment, ...(people.get(row.id) ?? [])]
		};
		for (const key of Object.keys(row))
			if (!ROW_COLUMNS.has(key))
				(structure as unknown as Record<string, unknown>)[key] = row[key as keyof R];
		return structure as unknown as Omit<R, keyof StructureRow> & ContactStructure;
	});
}

/**
 * The columns of `structureColumns`, reshaped by `withContacts`, and the list's sort key (read
 * for the cursor, never shown); any other is passed on.
 */
const ROW_COLUMNS = new Set<string>([
	'list_key',
	'id',
	'slug',
	'name',
	'categories',
	'commune_code',
	'commune_name',
	'departement',
	'address_street',
	'postcode',
	'website',
	'email',
	'phone',
	'lon',
	'lat',
	'location_precision',
	'sector'
]);
