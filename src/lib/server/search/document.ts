import type { CategoryCode } from '../../domain/categories';
import { category } from '../../domain/categories';
import type { Sql } from '../db';
import { fold } from './normalize';
import { DOMAIN_TERMS } from './vocabulary';

/**
 * The one row → document mapping for Meilisearch. Only public facts: no e-mail, phone or
 * contact of any kind, so that nothing staff-only can ever leak through the index.
 */
export interface SearchDocument {
	id: string;
	slug: string;
	name: string;
	name_sort: string;
	categories: CategoryCode[];
	category_labels: string[];
	/** What visitors type for its categories (vocabulary.ts, DOMAIN_TERMS): « fablab », « labo »… */
	category_terms: string[];
	/** The structure's own commune (facet), and the codes a commune filter may name (former codes). */
	commune_code: string | null;
	commune_codes: string[];
	commune_name: string | null;
	departement_code: string | null;
	academie_code: string | null;
	epci_code: string | null;
	region_code: string | null;
	/** Acronyms, short names and former names (columns, and attributes sigle, nom_court). */
	aliases: string[];
	/** Descriptive facts of the source (type, typology, labels, supervising bodies, sector). */
	keywords: string[];
	identifiers: Record<string, string>;
	identifier_values: string[];
	identifier_keys: string[];
	/** School facts, filterable: public | private; maternelle, elementaire; pathways; rep, rep-plus. */
	sector: string | null;
	levels: string[];
	pathways: string[];
	priority: string | null;
	programmes: number[];
	programme_titles: string[];
	description: string;
	location_precision: 'exact' | 'approximate';
	/**
	 * When the facts were last confirmed (Unix seconds): the `freshness=stale` filter compares
	 * it with a limit computed at query time (meili-filter.ts), as staleness depends on now.
	 */
	confirmed_at: number;
	_geo: { lat: number; lng: number };
}

export interface DocumentRow {
	id: string;
	slug: string;
	name: string;
	categories: string[];
	description: string;
	location_precision: 'exact' | 'approximate';
	lon: number;
	lat: number;
	commune_code: string | null;
	commune_name: string | null;
	commune_former_codes: string[] | null;
	commune_known: boolean;
	departement_code: string | null;
	academie_code: string | null;
	epci_code: string | null;
	region_code: string | null;
	identifiers: Record<string, string>;
	/** `scheme:value` of identifiers that lead here from a merged structure or a folded row. */
	inherited_identifier_keys: string[] | null;
	aliases: string[] | null;
	former_names: string[] | null;
	programmes: { number: number; title: string }[];
	attributes: Record<string, unknown>;
	confirmed_at: Date | string;
}

/**
 * Which `attributes` are searchable. Migration 003 lists the same keys
 * (`search_alias_keys`, `search_keyword_keys`) for the Postgres engine.
 */
export const ALIAS_KEYS = ['sigle', 'nom_court'];
export const KEYWORD_KEYS = [
	'type_detail',
	'typologie',
	'typologie_schema',
	'labels',
	'sigles_tutelles',
	'type_structure',
	'secteur'
];

/** The terms of the vocabulary that name one of these categories (DOMAIN_TERMS). */
export function categoryTerms(categories: string[]): string[] {
	return [
		...new Set(
			DOMAIN_TERMS.filter((t) => t.categories.some((c) => categories.includes(c))).flatMap(
				(t) => t.terms
			)
		)
	];
}

/** Per category, the folded words of its terms: what `category_terms` lets a query match. */
const categoryWords = new Map(
	[...new Set(DOMAIN_TERMS.flatMap((t) => t.categories))].map((code) => [
		code,
		new Set(
			categoryTerms([code])
				.flatMap((term) => fold(term).split(/[^a-z0-9]+/))
				.filter(Boolean)
		)
	])
);

/**
 * The categories whose terms hold every word of one of these alternatives: the structures
 * Meilisearch finds through `category_terms`, which the Postgres engine finds by category.
 */
export function categoriesMatching(alternatives: string[][]): string[] {
	return [...categoryWords]
		.filter(([, known]) => alternatives.some((a) => a.length > 0 && a.every((w) => known.has(w))))
		.map(([code]) => code);
}

/** Strings as they are, arrays of strings flattened; anything else is not text to search. */
export function attributeText(attributes: Record<string, unknown>, keys: string[]): string[] {
	return keys.flatMap((key) => {
		const value = attributes?.[key];
		if (typeof value === 'string') return value ? [value] : [];
		if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
		return [];
	});
}

export function toDocument(row: DocumentRow): SearchDocument {
	const identifiers = row.identifiers ?? {};
	return {
		id: row.id,
		slug: row.slug,
		name: row.name,
		name_sort: fold(row.name),
		categories: row.categories as CategoryCode[],
		category_labels: row.categories.map((code) => category(code)?.label ?? code),
		category_terms: categoryTerms(row.categories),
		commune_code: row.commune_code,
		// Like the Postgres filter: a commune filter names the commune's code or a former one,
		// and only communes the territories table knows match.
		commune_codes: row.commune_known
			? [...new Set([row.commune_code!, ...(row.commune_former_codes ?? [])])]
			: [],
		commune_name: row.commune_name,
		departement_code: row.departement_code,
		academie_code: row.academie_code,
		epci_code: row.epci_code,
		region_code: row.region_code,
		aliases: [
			...new Set([
				...(row.aliases ?? []),
				...attributeText(row.attributes, ALIAS_KEYS),
				...(row.former_names ?? [])
			])
		],
		keywords: attributeText(row.attributes, KEYWORD_KEYS),
		identifiers,
		identifier_values: Object.values(identifiers),
		identifier_keys: [
			...Object.entries(identifiers).map(([scheme, value]) => `${scheme}:${value}`),
			...(row.inherited_identifier_keys ?? [])
		],
		sector: typeof row.attributes?.sector === 'string' ? row.attributes.sector : null,
		levels: attributeText(row.attributes, ['levels']),
		pathways: attributeText(row.attributes, ['pathways']),
		priority: typeof row.attributes?.priority === 'string' ? row.attributes.priority : null,
		programmes: row.programmes.map((p) => p.number),
		programme_titles: row.programmes.map((p) => p.title),
		description: row.description,
		location_precision: row.location_precision,
		confirmed_at: Math.floor(new Date(row.confirmed_at).getTime() / 1000),
		_geo: { lat: row.lat, lng: row.lon }
	};
}

/**
 * The rows of published structures, by ids or (without ids) in id order after `after`.
 * A structure that is not published has no row: it must leave the index.
 */
export function documentRows(
	sql: Sql,
	selection: { ids: string[] } | { after: string | null; limit: number }
) {
	const where =
		'ids' in selection
			? sql`s.id = any(${selection.ids}::uuid[])`
			: selection.after
				? sql`s.id > ${selection.after}::uuid`
				: sql`true`;
	const tail = 'ids' in selection ? sql`` : sql`order by s.id limit ${selection.limit}`;
	return sql<DocumentRow[]>`
		select s.id, s.slug, s.name, s.categories, s.description, s.location_precision, s.attributes,
			s.aliases, s.former_names, s.confirmed_at,
			ST_X(s.geom) as lon, ST_Y(s.geom) as lat,
			s.commune_code, c.name as commune_name, c.former_codes as commune_former_codes,
			c.code is not null as commune_known,
			c.departement_code, c.academie_code, c.epci_code,
			(select r.insee_code from territories r
				join territories d on d.kind = 'departement' and d.insee_code = c.departement_code
				where r.kind = 'region' and ST_Intersects(r.geom, d.label_point) limit 1) as region_code,
			coalesce((select json_object_agg(i.scheme, i.value order by i.scheme)
				from structure_identifiers i where i.structure_id = s.id), '{}'::json) as identifiers,
			array(select i.scheme || ':' || i.value from structures p
					join structure_identifiers i on i.structure_id = p.id
					where p.successor_id = s.id
				union
				select a.scheme || ':' || a.value from structure_identifier_aliases a
					where a.structure_id = s.id) as inherited_identifier_keys,
			s.aliases, s.former_names,
			coalesce((select json_agg(json_build_object('number', p.number, 'title', p.title)
					order by p.number)
				from structure_programmes sp join programmes p on p.number = sp.programme_number
				where sp.structure_id = s.id), '[]'::json) as programmes
		from structures s
		left join territories c on c.kind = 'commune' and c.insee_code = s.commune_code
		where s.status = 'published' and ${where}
		${tail}`;
}
