import type { CategoryCode } from '../../domain/categories';
import { sql } from '../db';
import {
	freshnessColumns,
	listColumns,
	summaryFrom,
	type StructureFreshness,
	type StructureListItem
} from './summary';

export type ProgrammeRole =
	'feuille-de-route' | 'porteur' | 'partenaire' | 'site-accueil' | 'contributeur';

/** Everything public about one structure (its page and `GET /api/v1/structures/{id}`). */
export interface StructureDetail extends StructureListItem, StructureFreshness {
	/** The primary category (also `categories[0]`). */
	category: CategoryCode;
	description: string;
	address: { street: string | null; postcode: string | null };
	website: string | null;
	email: string | null;
	phone: string | null;
	departement: { code: string; name: string } | null;
	academie: { code: string; name: string } | null;
	location_note: string | null;
	programmes: { number: number; title: string; axis_code: string; role: ProgrammeRole }[];
	/** Contacts the structure made public; staff-only contacts are never included. */
	contacts: { name: string; role: string; email: string | null; phone: string | null }[];
	/** The dataset that created the structure (kept for API compatibility; also `datasets[0]`). */
	dataset: DatasetCredit | null;
	/**
	 * Every dataset that contributed values (the creating one first, then the others that
	 * completed the structure, by title): each must be credited.
	 */
	datasets: DatasetCredit[];
	source: string;
	attributes: Record<string, unknown>;
	/** When and why the lifecycle changed, with its source (db/data/lifecycle.json). */
	lifecycle_date: string | null;
	lifecycle_note: string | null;
	/** Set when the id or slug asked for is a structure merged into this one. */
	resolved_from: { id: string; slug: string; name: string } | null;
}

export interface DatasetCredit {
	id: string;
	title: string;
	licence: string;
	licence_url: string | null;
	attribution: string;
	data_date: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A published structure by id (uuid) or slug; a structure merged into another leads to its
 * successor (with `resolved_from`); null when unknown or not public.
 */
export async function get(idOrSlug: string): Promise<StructureDetail | null> {
	const own = UUID.test(idOrSlug) ? sql`p.id = ${idOrSlug}::uuid` : sql`p.slug = ${idOrSlug}`;
	const [target] = await sql<{ id: string; from: StructureDetail['resolved_from'] }[]>`
		select case when p.status = 'published' then p.id else p.successor_id end as id,
			case when p.status = 'published' then null
				else json_build_object('id', p.id, 'slug', p.slug, 'name', p.name) end as from
		from structures p where ${own}`;
	if (!target?.id) return null;
	const match = sql`s.id = ${target.id}::uuid`;
	const [row] = await sql<Omit<StructureDetail, 'resolved_from'>[]>`
		select ${listColumns()}, ${freshnessColumns()},
			s.category, s.description,
			json_build_object('street', s.address_street, 'postcode', s.postcode) as address,
			s.website, s.email, s.phone,
			case when d.code is null then null
				else json_build_object('code', d.insee_code, 'name', d.name) end as departement,
			case when a.code is null then null
				else json_build_object('code', a.insee_code, 'name', a.name) end as academie,
			s.location_note,
			coalesce((select json_agg(json_build_object(
					'number', p.number, 'title', p.title, 'axis_code', p.axis_code, 'role', sp.role)
					order by p.number)
				from structure_programmes sp join programmes p on p.number = sp.programme_number
				where sp.structure_id = s.id), '[]'::json) as programmes,
			coalesce((select json_agg(json_build_object(
					'name', k.name, 'role', k.role, 'email', k.email, 'phone', k.phone)
					order by k.name, k.id)
				from contacts k where k.structure_id = s.id and k.visibility = 'public'), '[]'::json) as contacts,
			case when ds.id is null then null
				else json_build_object('id', ds.id, 'title', ds.title, 'licence', ds.licence,
					'licence_url', ds.licence_url, 'attribution', ds.attribution, 'data_date', ds.data_date)
				end as dataset,
			coalesce((select json_agg(json_build_object('id', cd.id, 'title', cd.title,
					'licence', cd.licence, 'licence_url', cd.licence_url,
					'attribution', cd.attribution, 'data_date', cd.data_date)
					order by cd.id is not distinct from s.dataset_id desc, cd.title, cd.id)
				from datasets cd
				where cd.id = s.dataset_id or s.source_values ? cd.id), '[]'::json) as datasets,
			s.source, s.attributes, s.lifecycle_date::text as lifecycle_date,
			s.lifecycle_note
		from ${summaryFrom()}
		left join territories d on d.kind = 'departement' and d.insee_code = c.departement_code
		left join territories a on a.kind = 'academie' and a.insee_code = c.academie_code
		left join datasets ds on ds.id = s.dataset_id
		where s.status = 'published' and ${match}`;
	return row ? { ...row, resolved_from: target.from } : null;
}
