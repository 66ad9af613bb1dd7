import { sql } from '../db';

export interface ManagedStructure {
	id: string;
	slug: string;
	name: string;
	status: string;
	communeName: string | null;
	updatedAt: Date;
	/** An update or closure of this person's waiting for a decision. */
	openRequestId: string | null;
}

/** The structures a person manages (memberships), by name. */
export function managedBy(userId: string): Promise<ManagedStructure[]> {
	return sql<ManagedStructure[]>`
		select s.id, s.slug, s.name, s.status, c.name as "communeName", s.updated_at as "updatedAt",
			(select r.id from revisions r where r.structure_id = s.id and r.author_id = ${userId}
				and r.kind in ('update', 'close')
				and r.status in ('draft', 'received', 'in_review', 'info_requested')
				order by r.created_at desc limit 1) as "openRequestId"
		from memberships m
		join structures s on s.id = m.structure_id
		left join territories c on c.kind = 'commune' and c.insee_code = s.commune_code
		where m.user_id = ${userId}
		order by s.name, s.id`;
}

/** A structure a person manages, or null. */
export async function managed(userId: string, structureId: string) {
	if (!/^[0-9a-f-]{36}$/i.test(structureId)) return null;
	const [row] = await sql<(ManagedStructure & { version: number })[]>`
		select s.id, s.slug, s.name, s.status, c.name as "communeName", s.updated_at as "updatedAt",
			s.version, null as "openRequestId"
		from memberships m
		join structures s on s.id = m.structure_id
		left join territories c on c.kind = 'commune' and c.insee_code = s.commune_code
		where m.user_id = ${userId} and s.id = ${structureId}`;
	return row ?? null;
}

/** A published structure, for the claim page. */
export async function published(structureId: string) {
	if (!/^[0-9a-f-]{36}$/i.test(structureId)) return null;
	const [row] = await sql<{ id: string; slug: string; name: string; communeName: string | null }[]>`
		select s.id, s.slug, s.name, c.name as "communeName"
		from structures s
		left join territories c on c.kind = 'commune' and c.insee_code = s.commune_code
		where s.id = ${structureId} and s.status = 'published'`;
	return row ?? null;
}
