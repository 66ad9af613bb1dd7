import type { CategoryCode } from '../../domain/categories';
import { isStaff, type Role } from '../auth/roles';
import { sql } from '../db';
import { areaWhere, type ContactQuery } from './area';
import { ESTABLISHMENT_CONTACT_NAME, type Contact, type ContactStructure } from './types';

type Fragment = ReturnType<typeof sql>;

/** The most structures one list or export returns (the whole region fits). */
export const MAX_ROWS = 10_000;

export interface Viewer {
	id: string;
	role: Role;
}

export interface ContactPage {
	items: ContactStructure[];
	/** Structures matching the query, over all pages. */
	total: number;
}

/**
 * Structures of the area with their contacts, ordered by commune then name. Staff-only
 * contacts are returned to staff only; callers guard the route as well.
 */
export async function list(
	query: ContactQuery,
	viewer: Viewer,
	options: { limit?: number; offset?: number } = {}
): Promise<ContactPage> {
	const limit = Math.min(Math.max(Math.trunc(options.limit ?? MAX_ROWS), 1), MAX_ROWS);
	const offset = Math.max(Math.trunc(options.offset ?? 0), 0);
	// The page is chosen on narrow rows first (ids, sort keys, the total over all rows); the
	// wide columns (JSON, contacts) are built for the page's rows only. Built before the sort,
	// they cost more than the spatial selection itself on a national-size département.
	const rows = await sql<
		(Omit<ContactStructure, 'contacts'> & { people: Contact[]; total: number })[]
	>`
		with page as (
			select s.id, c.name as commune_name, s.commune_code, s.name, count(*) over ()::int as total
			from structures s
			left join territories c on c.kind = 'commune' and c.insee_code = s.commune_code
			where ${areaWhere(query)}
			order by c.name nulls last, s.commune_code, s.name, s.id
			limit ${limit} offset ${offset}
		)
		select ${structureColumns()}, ${peopleColumn(viewer)} as people, page.total
		from page
		join structures s on s.id = page.id
		left join territories c on c.kind = 'commune' and c.insee_code = s.commune_code
		order by page.commune_name nulls last, page.commune_code, page.name, page.id`;
	const total = rows[0]?.total ?? (offset > 0 ? await count(query) : 0);
	return { items: rows.map(({ total: _total, ...row }) => withContacts(row)), total };
}

export async function count(query: ContactQuery): Promise<number> {
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

export function structureColumns(): Fragment {
	return sql`s.id, s.slug, s.name, s.categories,
		case when s.commune_code is null then null
			else json_build_object('code', s.commune_code, 'name', coalesce(c.name, s.commune_code)) end as commune,
		c.departement_code as departement,
		json_build_object('street', s.address_street, 'postcode', s.postcode) as address,
		s.website, s.email, s.phone,
		ST_AsGeoJSON(s.geom, 6)::json as geometry,
		s.location_precision`;
}

export function peopleColumn(viewer: Viewer): Fragment {
	return sql`coalesce((select json_agg(json_build_object(
			'id', k.id, 'kind', 'personne', 'name', k.name, 'role', k.role,
			'email', k.email, 'phone', k.phone, 'visibility', k.visibility)
			order by k.name, k.id)
		from contacts k where k.structure_id = s.id and ${visibleTo(viewer)}), '[]'::json)`;
}

function visibleTo(viewer: Viewer): Fragment {
	return isStaff(viewer.role) ? sql`true` : sql`k.visibility = 'public'`;
}

/** The establishment's public channels come first, as a contact row of their own. */
export function withContacts(
	row: Omit<ContactStructure, 'contacts'> & { people: Contact[] }
): ContactStructure {
	const { people, ...structure } = row;
	const establishment: Contact[] =
		structure.email || structure.phone
			? [
					{
						id: null,
						kind: 'etablissement',
						name: ESTABLISHMENT_CONTACT_NAME,
						role: '',
						email: structure.email,
						phone: structure.phone,
						visibility: 'public'
					}
				]
			: [];
	return { ...structure, contacts: [...establishment, ...people] };
}
