import type { CategoryCode } from '../../domain/categories';
import type { PartnerProgrammeRole, StructurePayload } from '../../domain/revisions';
import { sql, type Sql, type TransactionSql } from '../db';

/** A structure as it stands, in the shape of a registration payload (drafts start from it). */
export interface Snapshot {
	payload: StructurePayload;
	version: number;
	status: string;
	slug: string;
	locationPrecision: 'exact' | 'approximate';
}

interface Row {
	name: string;
	categories: CategoryCode[];
	description: string;
	website: string | null;
	email: string | null;
	phone: string | null;
	street: string | null;
	postcode: string | null;
	commune_code: string | null;
	commune_name: string | null;
	lon: number;
	lat: number;
	version: number;
	status: string;
	slug: string;
	location_precision: 'exact' | 'approximate';
	identifiers: Record<string, string> | null;
	programmes: { number: number; role: PartnerProgrammeRole }[] | null;
	contacts: StructurePayload['contacts']['list'] | null;
}

/**
 * The structure's current values, whatever its status. Links set by the roadmap import
 * ('feuille-de-route') are not part of it: partners state roles, which replace them.
 */
export async function snapshot(
	structureId: string,
	db: Sql | TransactionSql = sql
): Promise<Snapshot | null> {
	const [row] = await db<Row[]>`
		select s.name, s.categories, s.description, s.website, s.email, s.phone,
			s.address_street as street, s.postcode, s.commune_code, c.name as commune_name,
			ST_X(s.geom) as lon, ST_Y(s.geom) as lat, s.version, s.status, s.slug,
			s.location_precision,
			(select jsonb_object_agg(i.scheme, i.value) from structure_identifiers i
				where i.structure_id = s.id and i.scheme in ('uai', 'siret')) as identifiers,
			(select json_agg(json_build_object('number', p.programme_number, 'role', p.role)
					order by p.programme_number)
				from structure_programmes p
				where p.structure_id = s.id and p.role <> 'feuille-de-route') as programmes,
			(select json_agg(json_build_object('id', k.id, 'name', k.name, 'role', k.role,
					'email', k.email, 'phone', k.phone, 'visibility', k.visibility) order by k.created_at, k.id)
				from contacts k where k.structure_id = s.id) as contacts
		from structures s
		left join territories c on c.kind = 'commune' and c.insee_code = s.commune_code
		where s.id = ${structureId}`;
	if (!row) return null;
	return {
		version: row.version,
		status: row.status,
		slug: row.slug,
		locationPrecision: row.location_precision,
		payload: {
			identity: {
				name: row.name,
				categories: row.categories,
				description: row.description,
				website: row.website,
				email: row.email,
				phone: row.phone
			},
			identifiers: { uai: row.identifiers?.uai ?? null, siret: row.identifiers?.siret ?? null },
			location: {
				street: row.street,
				postcode: row.postcode,
				lon: row.lon,
				lat: row.lat,
				communeCode: row.commune_code ?? '',
				communeName: row.commune_name ?? ''
			},
			programmes: row.programmes ?? [],
			contacts: { list: row.contacts ?? [], consent: (row.contacts ?? []).length > 0 }
		}
	};
}
