import { sql } from '../db';
import type { ContactQuery } from './area';
import { formatTerritory } from '../../domain/territory-code';

export type ContactAction = 'contacts.list' | 'contacts.export' | 'contacts.nearest';

/**
 * Every look at personal contacts is recorded: who, when (the row's `at`), which area,
 * how many rows. A drawn polygon is kept whole (at most 500 vertices) so that the area can
 * be redrawn when the log is reviewed.
 */
export async function record(
	actorId: string,
	action: ContactAction,
	details: {
		query?: ContactQuery;
		place?: string;
		categories?: string[];
		rows: number;
		format?: string;
		/** An export streamed: false when it starts, true once every row was sent (`finish`). */
		complete?: boolean;
	}
): Promise<string> {
	const { query, ...rest } = details;
	const territory = query
		? query.polygon
			? 'polygone'
			: query.filters.territory
				? formatTerritory(query.filters.territory)
				: null
		: (details.place ?? null);
	const logged = {
		...rest,
		territory,
		...(query?.polygon ? { polygon: query.polygon } : {}),
		...(query ? { categories: query.filters.categories, programmes: query.filters.programmes } : {})
	};
	const [row] = await sql<{ id: string }[]>`
		insert into audit_log (actor_id, action, entity, entity_id, details)
		values (${actorId}, ${action}, 'contacts', ${territory}, ${sql.json(logged as never)})
		returning id::text`;
	return row!.id;
}

/**
 * A streamed export is logged before its first byte leaves (an interrupted download stays
 * logged, `complete: false`), then given its row count once the last row was sent.
 */
export async function finish(entryId: string, rows: number): Promise<void> {
	await sql`update audit_log
		set details = details || ${sql.json({ rows, complete: true })}
		where id = ${entryId}::bigint`;
}
