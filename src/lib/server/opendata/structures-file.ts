import type { StructureFilters } from '../../domain/structure-filters';
import { sql } from '../db';
import { BOM, csvHeader, csvRow, type CsvColumn } from '../export/csv';
import { whereClause } from '../structures/where';
import { licenceColumns, type LicenceCode } from './licences';
import { pages } from './stream';

/** One line of `structures.csv`: everything public about a structure, flat. */
export interface StructureFileRow {
	id: string;
	slug: string;
	name: string;
	categories: string[];
	address_street: string | null;
	postcode: string | null;
	commune_code: string | null;
	commune_name: string | null;
	departement_code: string | null;
	departement_name: string | null;
	identifiers: string | null;
	longitude: number;
	latitude: number;
	location_precision: string;
	website: string | null;
	email: string | null;
	phone: string | null;
	public_contacts: string | null;
	dataset_id: string | null;
	datasets: string | null;
	licence: LicenceCode;
	attribution: string;
	source_updated_at: string | null;
	created_at: Date;
	updated_at: Date;
}

/** The file's columns, French snake_case like the national schemas. */
export function structureColumns(origin: string): CsvColumn<StructureFileRow>[] {
	return [
		{ header: 'id', value: (r) => r.id },
		{ header: 'nom', value: (r) => r.name },
		{ header: 'categorie_principale', value: (r) => r.categories[0] },
		{ header: 'categories', value: (r) => r.categories.join('|') },
		{ header: 'adresse', value: (r) => r.address_street },
		{ header: 'code_postal', value: (r) => r.postcode },
		{ header: 'code_insee', value: (r) => r.commune_code },
		{ header: 'commune', value: (r) => r.commune_name },
		{ header: 'code_departement', value: (r) => r.departement_code },
		{ header: 'departement', value: (r) => r.departement_name },
		{ header: 'identifiants', value: (r) => r.identifiers },
		{ header: 'longitude', value: (r) => r.longitude },
		{ header: 'latitude', value: (r) => r.latitude },
		{ header: 'precision_localisation', value: (r) => r.location_precision },
		{ header: 'site_web', value: (r) => r.website },
		{ header: 'courriel', value: (r) => r.email },
		{ header: 'telephone', value: (r) => r.phone },
		{ header: 'contacts_publics', value: (r) => r.public_contacts },
		{ header: 'jeu_de_donnees', value: (r) => r.dataset_id },
		{ header: 'jeux_de_donnees', value: (r) => r.datasets },
		{ header: 'licence', value: (r) => r.licence },
		{ header: 'attribution', value: (r) => r.attribution },
		{ header: 'date_source', value: (r) => r.source_updated_at },
		{ header: 'date_creation', value: (r) => r.created_at.toISOString() },
		{ header: 'date_maj', value: (r) => r.updated_at.toISOString() },
		{ header: 'url', value: (r) => `${origin}/structures/${r.slug}` }
	];
}

/** One page of the file's rows after `after` (an id), in id order. */
export function structureRows(
	filters: StructureFilters,
	after: string | null,
	limit: number
): Promise<StructureFileRow[]> {
	return sql<StructureFileRow[]>`
		select s.id, s.slug, s.name, s.categories, s.address_street, s.postcode, s.commune_code,
			c.name as commune_name, c.departement_code, d.name as departement_name,
			(select string_agg(i.scheme || ':' || i.value, '|' order by i.scheme)
				from structure_identifiers i where i.structure_id = s.id) as identifiers,
			round(ST_X(s.geom)::numeric, 6)::float8 as longitude,
			round(ST_Y(s.geom)::numeric, 6)::float8 as latitude,
			s.location_precision, s.website, s.email, s.phone,
			(select string_agg(concat_ws(' — ', k.name, nullif(k.role, ''), k.email, k.phone), ' | '
					order by k.name, k.id)
				from contacts k where k.structure_id = s.id and k.visibility = 'public') as public_contacts,
			s.dataset_id,
			(select string_agg(cd.id, '|' order by cd.id is not distinct from s.dataset_id desc, cd.id)
				from datasets cd where cd.id = s.dataset_id or s.source_values ? cd.id) as datasets,
			${licenceColumns()},
			s.source_updated_at::text as source_updated_at, s.created_at, s.updated_at
		from structures s
		left join territories c on c.kind = 'commune' and c.insee_code = s.commune_code
		left join territories d on d.kind = 'departement' and d.insee_code = c.departement_code
		where ${whereClause(filters)} ${after ? sql`and s.id > ${after}::uuid` : sql``}
		order by s.id
		limit ${limit}`;
}

/** The whole file, part by part: BOM and header, then one part per page of rows. */
export async function* structuresCsv(filters: StructureFilters, origin: string) {
	const columns = structureColumns(origin);
	yield BOM + csvHeader(columns);
	for await (const rows of pages((after, limit) => structureRows(filters, after, limit))) {
		let text = '';
		for (const row of rows) text += csvRow(columns, row);
		yield text;
	}
}
