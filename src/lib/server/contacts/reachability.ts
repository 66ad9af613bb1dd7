import type { StructureFilters } from '../../domain/structure-filters';
import { sql } from '../db';
import { whereClause } from '../structures/where';

export interface Reachability {
	/** Published structures matching the filters. */
	total: number;
	/** Those with a usable contact: the establishment's e-mail or phone, or a person's. */
	reachable: number;
}

/**
 * « Couverture des contacts » of a territory: how many of its structures the regional team
 * can actually reach, through the structure's own channels or a contact person (any
 * visibility: the figure is for staff).
 */
export async function reachability(filters: StructureFilters): Promise<Reachability> {
	const [row] = await sql<Reachability[]>`
		select count(*)::int as total,
			count(*) filter (where s.email is not null or s.phone is not null or exists (
				select 1 from contacts k where k.structure_id = s.id
					and (k.email is not null or k.phone is not null)))::int as reachable
		from structures s where ${whereClause(filters)}`;
	return row ?? { total: 0, reachable: 0 };
}
