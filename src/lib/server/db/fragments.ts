import { sql } from './index';

/** A piece of SQL built with the `sql` tag, to be embedded in another query. */
export type Fragment = ReturnType<typeof sql>;

/**
 * A WGS 84 point (SRID 4326) from a longitude and a latitude, as a geometry. Append
 * `::geography` where distances in metres are wanted: sql`${geoPoint(lon, lat)}::geography`.
 */
export function geoPoint(lon: number, lat: number): Fragment {
	return sql`ST_SetSRID(ST_MakePoint(${lon}::float8, ${lat}::float8), 4326)`;
}
