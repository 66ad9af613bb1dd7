import type { Point } from 'geojson';
import type { CategoryCode } from '../../domain/categories';
import type { ConfirmationKind } from '../../domain/freshness';
import { sql } from '../db';

/** A structure as the list, the API and the search results show it. */
export interface StructureSummary {
	id: string;
	slug: string;
	name: string;
	/** All categories, the primary one first. */
	categories: CategoryCode[];
	commune: { code: string; name: string } | null;
	identifiers: Record<string, string>;
	geometry: Point;
	location_precision: 'exact' | 'approximate';
	/** Schools: public or private; null when the source does not say or for other structures. */
	sector: 'public' | 'private' | null;
}

/** A structure as the list and the structures API show it (search hits are summaries). */
export interface StructureListItem extends StructureSummary {
	/** Acronyms and short names. */
	aliases: string[];
	/** Names the structure was known by (e.g. before a merger). */
	former_names: string[];
	/** active, or to-verify when a newer copy of its source no longer lists it. */
	lifecycle: 'active' | 'to-verify' | 'merged' | 'closed';
}

export interface StructureFreshness {
	/** When the fiche's facts were last confirmed, and by what kind of actor. */
	confirmed_at: Date;
	confirmed_by: ConfirmationKind;
	updated_at: Date;
}

/** Columns of a StructureSummary, to use with `summaryFrom` (functions: the pool opens late). */
export const summaryColumns = () => sql`
	s.id, s.slug, s.name, s.categories,
	case when s.commune_code is null then null
		else json_build_object('code', s.commune_code, 'name', coalesce(c.name, s.commune_code)) end as commune,
	coalesce((select json_object_agg(i.scheme, i.value order by i.scheme)
		from structure_identifiers i where i.structure_id = s.id), '{}'::json) as identifiers,
	ST_AsGeoJSON(s.geom, 6)::json as geometry,
	s.location_precision, s.attributes->>'sector' as sector`;

/** `summaryColumns` and the names and lifecycle of a StructureListItem. */
export const listColumns = () => sql`
	${summaryColumns()}, s.aliases, s.former_names, s.lifecycle`;

/**
 * Freshness of a listed structure (the API's list and detail): when its facts were last
 * confirmed, by what kind of actor, and when it last changed.
 */
export const freshnessColumns = () => sql`s.confirmed_at, s.confirmed_by, s.updated_at`;

/** `structures s` with its commune `c` (a structure may lie outside every known commune). */
export const summaryFrom = () => sql`
	structures s
	left join territories c on c.kind = 'commune' and c.insee_code = s.commune_code`;
