import { sql } from '../db';
import { geoPoint } from '../db/fragments';
import type { CommuneAtPoint } from './types';

/**
 * The commune of the region whose polygon contains the point, whichever geocoder is set: the
 * commune of a structure must agree with the boundaries the map and the territory filters use.
 * Null outside the region (or for coordinates that are not finite).
 */
export async function communeAt(lon: number, lat: number): Promise<CommuneAtPoint | null> {
	if (!Number.isFinite(lon) || !Number.isFinite(lat)) return null;
	if (lon < -180 || lon > 180 || lat < -90 || lat > 90) return null;
	const [row] = await sql<CommuneAtPoint[]>`
		select insee_code as "communeCode", name as "communeName",
			departement_code as "departementCode"
		from territories
		where kind = 'commune'
			and ST_Intersects(geom, ${geoPoint(lon, lat)})
		order by insee_code
		limit 1`;
	return row ?? null;
}
