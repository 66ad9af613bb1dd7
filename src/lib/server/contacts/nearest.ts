import type { CategoryCode } from '../../domain/categories';
import { clampLimit } from '../../domain/limit';
import { sql } from '../db';
import { geoPoint } from '../db/fragments';
import { structureColumns, withContacts, type StructureRow, type Viewer } from './list';
import type { ContactStructure } from './types';

export interface NearbyContact extends ContactStructure {
	/** Distance on the ellipsoid from the place asked about, in metres. */
	distance_m: number;
}

export interface NearestByCategory {
	category: CategoryCode;
	structures: NearbyContact[];
}

export const MAX_NEAREST_PER_CATEGORY = 10;

/**
 * « Qui est mon contact ici ? »: for each category, the published structures nearest to a
 * point, with their contacts. A KNN scan per category on the geography index finds them
 * without scanning the region.
 */
export async function nearestByCategory(
	point: { lon: number; lat: number },
	categories: CategoryCode[],
	viewer: Viewer,
	perCategory = 3
): Promise<NearestByCategory[]> {
	if (!categories.length) return [];
	const limit = clampLimit(perCategory, { max: MAX_NEAREST_PER_CATEGORY, fallback: 3 });
	const here = sql`${geoPoint(point.lon, point.lat)}::geography`;
	const rows = await sql<
		(StructureRow & {
			wanted: CategoryCode;
			distance_m: number;
		})[]
	>`
		select k.wanted, ${structureColumns()},
			ST_Distance(s.geom::geography, ${here}) as distance_m
		from unnest(${categories as string[]}::text[]) as k(wanted)
		cross join lateral (
			select * from structures n
			where n.status = 'published' and n.categories @> array[k.wanted]
			-- No tie-breaker here: a second sort key stops PostgreSQL from walking the KNN index.
			order by n.geom::geography <-> ${here}
			limit ${limit}
		) s
		left join territories c on c.kind = 'commune' and c.insee_code = s.commune_code
		order by array_position(${categories as string[]}::text[], k.wanted), distance_m, s.id`;
	const structures = await withContacts(rows, viewer);
	return categories.map((category) => ({
		category,
		structures: structures
			.filter((r) => r.wanted === category)
			.map(({ wanted: _wanted, ...row }) => row as NearbyContact)
	}));
}
