import type { LocationInput, PlacedLocation, Result } from '../../domain/revisions';
import { REGION } from '../../domain/territory-code';
import { sql, type Sql, type TransactionSql } from '../db';
import { geoPoint } from '../db/fragments';
import * as geocoding from '../geocoding';

/** The region whose structures the map shows: a point outside it is refused. */
export { REGION };

export interface Place {
	communeCode: string;
	communeName: string;
	departementCode: string | null;
}

/**
 * The commune of the region containing the point, or null outside the region. Both polygons
 * are checked: the territories table also holds communes of neighbouring regions' EPCIs.
 */
export async function place(
	lon: number,
	lat: number,
	db: Sql | TransactionSql = sql
): Promise<Place | null> {
	if (!Number.isFinite(lon) || !Number.isFinite(lat)) return null;
	if (Math.abs(lon) > 180 || Math.abs(lat) > 90) return null;
	const [row] = await db<Place[]>`
		with p as (select ${geoPoint(lon, lat)} as geom)
		select c.insee_code as "communeCode", c.name as "communeName",
			c.departement_code as "departementCode"
		from p
		join territories r on r.code = ${REGION} and ST_Intersects(r.geom, p.geom)
		join territories c on c.kind = 'commune' and ST_Intersects(c.geom, p.geom)
		order by c.insee_code
		limit 1`;
	return row ?? null;
}

export const OUTSIDE_REGION =
	'Ce point est en dehors de la région Bourgogne-Franche-Comté : placez le repère sur la structure, dans la région.';
export const NOT_FOUND =
	'Adresse introuvable dans la région : vérifiez-la, ajoutez le code postal ou la commune, ou placez le repère sur la carte.';

/**
 * The stored position of a location step: the pin when there is one (it must lie in the
 * region), otherwise the best geocoder match of the address (forms sent without JavaScript).
 * The commune is always the one containing the point, whatever the form said.
 */
export async function locate(input: LocationInput): Promise<Result<PlacedLocation>> {
	let lon = input.lon;
	let lat = input.lat;
	let postcode = input.postcode;
	if (lon === null || lat === null) {
		const query = [input.street, [input.postcode, input.commune].filter(Boolean).join(' ')]
			.filter(Boolean)
			.join(', ');
		// A geocoder that fails (its tables unreadable) is an error, not an unknown address.
		const [best] = await geocoding.geocode(query, { limit: 1 });
		if (!best) return { ok: false, errors: { street: NOT_FOUND } };
		lon = best.lon;
		lat = best.lat;
		postcode ??= best.postcode ?? null;
	}
	const found = await place(lon, lat);
	if (!found) return { ok: false, errors: { lon: OUTSIDE_REGION } };
	return {
		ok: true,
		value: {
			street: input.street,
			postcode,
			lon: round(lon),
			lat: round(lat),
			communeCode: found.communeCode,
			communeName: found.communeName
		}
	};
}

/** A centimetre is more than enough; fewer digits keep the diff readable. */
const round = (value: number) => Math.round(value * 1e7) / 1e7;
