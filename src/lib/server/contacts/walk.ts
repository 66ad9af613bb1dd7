import { sql } from '../db';
import type { Fragment } from '../db/fragments';
import { areaWhere, type ContactQuery } from './area';
import { structureColumns, withContacts, type StructureRow, type Viewer } from './list';
import type { ContactStructure } from './types';

/**
 * A position in the list's order: the sort key without its category rank (`substr(list_key, 3)`,
 * byte order) then the id. Internal to a walk, never shown.
 */
interface Bound {
	k: string;
	id: string;
}

/**
 * Every structure of the query in the list's order (commune, name folded, id), `size` at a time,
 * in time linear in the area's size.
 *
 * Keyset pages each re-read and sorted every key of the area to find where they start, so a
 * walk cost the square of its number of pages. Here one narrow pass (the sort keys, an
 * index-only scan) finds the key that closes every `size`-th structure; each batch is then the
 * structures between two such bounds, which `structures_contacts_walk_idx` (migration 028)
 * serves per commune as a range, reading only that batch. Memory holds one batch and one bound
 * per batch. The bounds cut the whole key space: a structure present for the whole walk is
 * read exactly once, even if others are added or removed meanwhile (a batch may then be a
 * little larger or smaller than `size`).
 */
export async function* walk(
	query: ContactQuery,
	viewer: Viewer,
	size: number
): AsyncGenerator<ContactStructure[]> {
	const step = Math.max(Math.trunc(size), 1);
	const where = areaWhere(query);
	const bounds = await sql<Bound[]>`
		select b.k, b.id from (
			select substr(s.list_key, 3) collate "C" as k, s.id,
				row_number() over (order by substr(s.list_key, 3) collate "C", s.id) as n
			from structures s where ${where}
		) b
		where b.n % ${step} = 0
		order by b.n`;
	let after: Bound | null = null;
	for (const until of [...bounds, null]) {
		const rows = await sql<StructureRow[]>`
			select ${structureColumns()}
			from structures s
			left join territories c on c.kind = 'commune' and c.insee_code = s.commune_code
			where ${where} ${range(after, until)}
			order by substr(s.list_key, 3) collate "C", s.id`;
		if (rows.length) yield await withContacts(rows, viewer);
		after = until;
	}
}

/** The structures after `after` (excluded) up to `until` (included); null: no bound. */
function range(after: Bound | null, until: Bound | null): Fragment {
	const key = sql`(substr(s.list_key, 3) collate "C", s.id)`;
	const lower = after ? sql`and ${key} > (${after.k}::text collate "C", ${after.id}::uuid)` : sql``;
	const upper = until
		? sql`and ${key} <= (${until.k}::text collate "C", ${until.id}::uuid)`
		: sql``;
	return sql`${lower} ${upper}`;
}
