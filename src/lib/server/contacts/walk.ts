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
 * serves per commune as a range, reading only that batch. Memory holds two batches and one bound
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
	const ranges = [...bounds, null].map((until, i) => ({ after: bounds[i - 1] ?? null, until }));
	// The next batch's rows are asked for while this one's contacts are read and the batch is
	// written out: the pool's connections and the database work side by side (on the embedded
	// database, one connection, the queries simply queue).
	let next: Promise<StructureRow[]> | null = null;
	const communes = new Map<string, Commune>();
	for (let i = 0; i < ranges.length; i++) {
		const rows = await (next ?? batch(where, ranges[i]!));
		next = i + 1 < ranges.length ? batch(where, ranges[i + 1]!) : null;
		// Not awaited if the reader stops early: no unhandled rejection.
		next?.catch(() => {});
		if (!rows.length) continue;
		await nameCommunes(rows, communes);
		yield await withContacts(rows, viewer);
	}
}

interface Commune {
	name: string;
	departement: string | null;
}

/**
 * The batch's rows get their commune's name and département, each commune looked up once per
 * walk: joining territories for every row cost a fifth of the walk.
 */
async function nameCommunes(rows: StructureRow[], known: Map<string, Commune>): Promise<void> {
	const missing = [
		...new Set(
			rows.flatMap((r) => (r.commune_code && !known.has(r.commune_code) ? [r.commune_code] : []))
		)
	];
	if (missing.length) {
		const found = await sql<{ code: string; name: string; departement: string | null }[]>`
			select c.insee_code as code, c.name, c.departement_code as departement
			from territories c where c.kind = 'commune' and c.insee_code = any(${missing}::text[])`;
		for (const c of found) known.set(c.code, { name: c.name, departement: c.departement });
	}
	for (const row of rows) {
		const commune = row.commune_code ? known.get(row.commune_code) : undefined;
		row.commune_name = commune?.name ?? null;
		row.departement = commune?.departement ?? null;
	}
}

/** The structures of one batch, in the list's order (commune name and département not yet). */
function batch(
	where: Fragment,
	{ after, until }: { after: Bound | null; until: Bound | null }
): Promise<StructureRow[]> {
	return sql<StructureRow[]>`
		select ${structureColumns({ commune: false })}
		from structures s
		where ${where} ${range(after, until)}
		order by substr(s.list_key, 3) collate "C", s.id`.then((rows) => rows);
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
