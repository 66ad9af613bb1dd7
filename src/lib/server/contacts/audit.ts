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
	}
): Promise<void> {
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
	await sql`insert into audit_log (actor_id, action, entity, entity_id, details)
		values (${actorId}, ${action}, 'contacts', ${territory}, ${sql.json(logged as never)})`;
}
