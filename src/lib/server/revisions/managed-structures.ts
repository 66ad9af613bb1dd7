import { sql } from '../db';
import { isUuid } from './store';

/**
 * The structures a partner manages (their memberships), and the published structure a claim
 * is about: what the partner space lists and guards.
 */

export interface ManagedStructure {
	id: string;
	slug: string;
	name: string;
	status: string;
	communeName: string | null;
	updatedAt: Date;
	/** An update or closure of this person's waiting for a decision. */
	openRevisionId: string | null;
}

/** The structures a person manages (memberships), by name. */
export function managedBy(userId: string): Promise<ManagedStructure[]> {
	return sql<ManagedStructure[]>`
		select s.id, s.slug, s.name, s.status, c.name as "communeName", s.updated_at as "updatedAt",
			(select r.id from revisions r where r.structure_id = s.id and r.author_id = ${userId}
				and r.kind in ('update', 'close')
				and r.status in ('draft', 'received', 'in_review', 'info_requested')
				order by r.created_at desc limit 1) as "openRevisionId"
		from memberships m
		join structures s on s.id = m.structure_id
		left join territories c on c.kind = 'commune' and c.insee_code = s.commune_code
		where m.user_id = ${userId}
		order by s.name, s.id`;
}

/** A structure a person manages, or null. */
export async function managedStructure(userId: string, structureId: string) {
	if (!isUuid(structureId)) return null;
	const [row] = await sql<(ManagedStructure & { version: number })[]>`
		select s.id, s.slug, s.name, s.status, c.name as "communeName", s.updated_at as "updatedAt",
			s.version, null as "openRevisionId"
		from memberships m
		join structures s on s.id = m.structure_id
		left join territories c on c.kind = 'commune' and c.insee_code = s.commune_code
		where m.user_id = ${userId} and s.id = ${structureId}`;
	return row ?? null;
}

/** A published structure a person may claim (« c’est ma structure »), or null. */
export async function claimable(structureId: string) {
	if (!isUuid(structureId)) return null;
	const [row] = await sql<{ id: string; slug: string; name: string; communeName: string | null }[]>`
		select s.id, s.slug, s.name, c.name as "communeName"
		from structures s
		left join territories c on c.kind = 'commune' and c.insee_code = s.commune_code
		where s.id = ${structureId} and s.status = 'published'`;
	return row ?? null;
}

/** Whether the person manages the structure. */
export async function isMember(userId: string, structureId: string): Promise<boolean> {
	if (!isUuid(structureId)) return false;
	const [row] = await sql`select 1 from memberships
		where user_id = ${userId} and structure_id = ${structureId}`;
	return !!row;
}
