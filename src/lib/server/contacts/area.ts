import type { Geometry } from 'geojson';
import type { DrawnArea } from '../../domain/polygon';
import type { StructureFilters } from '../../domain/structure-filters';
import { REGION, formatTerritory, type Parsed } from '../../domain/territory-code';
import { sql } from '../db';
import { geoPoint, type Fragment } from '../db/fragments';
import * as territories from '../territories';
import { whereClause } from '../structures/where';

/** Drawn areas are clipped to the region: the directory knows nothing beyond it. */
export { REGION };

/**
 * What the staff asked for: the shared structure filters (same `territory` syntax as
 * /api/v1/structures, so a stored territory or a radius) or a drawn polygon.
 */
export interface ContactQuery {
	filters: StructureFilters;
	polygon?: DrawnArea;
}

export interface ResolvedArea {
	/** `dep:21`, `radius:…` or `polygone` (for links and the audit log). */
	code: string;
	label: string;
	/** The area actually searched (a drawn polygon after clipping), for the map. */
	outline: Geometry | null;
	area_km2: number | null;
}

/** The SQL condition on `structures s` for a query (status, filters, territory or polygon). */
export function areaWhere(query: ContactQuery): Fragment {
	const base = whereClause(query.filters);
	if (!query.polygon) return base;
	return sql`${base} and ST_Intersects(s.geom, (${clippedPolygon(query.polygon)}))`;
}

function clippedPolygon(polygon: DrawnArea): Fragment {
	return sql`select ST_Intersection(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(polygon)}), 4326), r.geom)
		from territories r where r.code = ${REGION}`;
}

/**
 * Checks that the area exists and describes it. A drawn polygon is clipped to the region by
 * PostGIS; one lying wholly outside, or invalid for PostGIS (a hole outside its shell), is
 * refused with a French message.
 */
export async function resolveArea(query: ContactQuery): Promise<Parsed<ResolvedArea>> {
	if (query.polygon) return resolvePolygon(query.polygon);
	const territory = query.filters.territory;
	if (!territory)
		return {
			ok: false,
			message: 'Choisissez un territoire (département, EPCI, commune, rayon) ou dessinez une zone.'
		};
	if (territory.kind === 'radius') {
		// A fine circle (128 sides): structures just inside the radius are drawn inside it.
		const [row] = await sql<{ outline: Geometry }[]>`
			select ST_AsGeoJSON(ST_Buffer(
				${geoPoint(territory.lon, territory.lat)}::geography,
				${territory.meters}::float8, 'quad_segs=32'), 5)::json as outline`;
		const km = territory.meters / 1000;
		return {
			ok: true,
			value: {
				code: formatTerritory(territory),
				label: `Rayon de ${km.toLocaleString('fr-FR', { maximumFractionDigits: 1 })} km autour de ${territory.lat.toFixed(4)}, ${territory.lon.toFixed(4)}`,
				outline: row!.outline,
				area_km2: Math.PI * km * km
			}
		};
	}
	const code = formatTerritory(territory);
	const found = await territories.get(code);
	if (!found) return { ok: false, message: `Territoire inconnu : « ${code} ».` };
	return {
		ok: true,
		value: { code, label: found.name, outline: found.outline, area_km2: null }
	};
}

async function resolvePolygon(polygon: DrawnArea): Promise<Parsed<ResolvedArea>> {
	const [row] = await sql<
		{
			valid: boolean;
			reason: string;
			region: boolean;
			outline: Geometry | null;
			km2: number | null;
		}[]
	>`
		with drawn as (
			select ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(polygon)}), 4326) as g
		), clipped as (
			select d.g, ST_IsValid(d.g) as valid, ST_IsValidReason(d.g) as reason, r.geom is not null as region,
				case when ST_IsValid(d.g) and r.geom is not null then ST_Intersection(d.g, r.geom) end as c
			from drawn d left join territories r on r.code = ${REGION}
		)
		select valid, reason, region,
			case when c is not null and not ST_IsEmpty(c) then ST_AsGeoJSON(c, 6)::json end as outline,
			case when c is not null and not ST_IsEmpty(c) then ST_Area(c::geography) / 1e6 end as km2
		from clipped`;
	if (!row!.region) return { ok: false, message: 'Le contour de la région n’est pas chargé.' };
	if (!row!.valid)
		return {
			ok: false,
			message: `Le polygone n’est pas valide pour le calcul (${row!.reason}) : vérifiez qu’aucun trou ne sort du contour et que les parties ne se chevauchent pas.`
		};
	if (!row!.outline || !row!.km2)
		return {
			ok: false,
			message:
				'La zone dessinée est entièrement hors de Bourgogne-Franche-Comté : dessinez-la sur la région.'
		};
	return {
		ok: true,
		value: {
			code: 'polygone',
			label: `Zone dessinée (${row!.km2.toLocaleString('fr-FR', { maximumFractionDigits: 0 })} km² dans la région)`,
			outline: row!.outline,
			area_km2: row!.km2
		}
	};
}
