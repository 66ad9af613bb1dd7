import type { TransactionSql } from '../db';
import type { Commune, CommuneIndex } from './communes';
import type { StructureRecord } from './types';

/**
 * Where a structure goes on the map, and in which commune.
 * - A source point is checked against the commune polygons (point-in-polygon). The commune is
 *   the declared one when the source gives it, else the one containing the point.
 * - A point in another commune than the declared one is kept when it lies within `tolerance`
 *   metres of the declared commune (border effects of the simplified polygons); farther, the
 *   point is taken as wrong and the structure is placed at its commune, marked approximate.
 *   Both cases are reported.
 * - Without a point, the structure is placed at its commune's point on surface, approximate.
 * - A point outside the région, or neither a point nor a known commune: rejected.
 */

/** Points this close to the région's simplified outline are still taken as inside it. */
const REGION_BORDER_TOLERANCE_M = 1000;

export interface Placement {
	lon: number;
	lat: number;
	precision: 'exact' | 'approximate';
	note: string | null;
	commune: Commune;
	warning: string | null;
}

export type PlacementResult = { ok: true; placement: Placement } | { ok: false; reason: string };

interface PointCheck {
	k: number;
	at_point: string | null;
	distance: number | null;
	outside: number | null;
}

export async function place(
	tx: TransactionSql,
	records: StructureRecord[],
	communes: CommuneIndex,
	tolerance: number
): Promise<PlacementResult[]> {
	const declared = records.map((r) => communes.get(r.communeCode));
	const withPoints = records.flatMap((r, k) =>
		r.point ? [{ k, lon: r.point.lon, lat: r.point.lat, declared: declared[k]?.code ?? null }] : []
	);
	const checks = new Map<number, PointCheck>();
	if (withPoints.length) {
		const rows = await tx<PointCheck[]>`
			select x.k, p.insee_code as at_point,
				case when x.declared is not null and p.insee_code is distinct from x.declared then (
					select ST_Distance(d.geom::geography, g.pt::geography)
					from territories d where d.code = 'com:' || x.declared
				) end as distance,
				case when p.insee_code is null then (
					select ST_Distance(r.geom::geography, g.pt::geography)
					from territories r where r.kind = 'region' limit 1
				) end as outside
			from json_to_recordset(${JSON.stringify(withPoints)}::text::json)
				as x(k integer, lon float8, lat float8, declared text)
			cross join lateral (select ST_SetSRID(ST_MakePoint(x.lon, x.lat), 4326) as pt) g
			left join lateral (
				select t.insee_code from territories t
				where t.kind = 'commune' and ST_Intersects(t.geom, g.pt)
				order by t.insee_code limit 1
			) p on true`;
		for (const row of rows) checks.set(row.k, row);
	}
	return records.map((record, k) =>
		decide(record, declared[k] ?? null, checks.get(k), communes, tolerance)
	);
}

function decide(
	record: StructureRecord,
	declared: Commune | null,
	check: PointCheck | undefined,
	communes: CommuneIndex,
	tolerance: number
): PlacementResult {
	const unknownCode =
		record.communeCode && !declared ? `code commune « ${record.communeCode} » inconnu` : null;
	const point = record.point;
	if (!point || !check) {
		if (!declared)
			return {
				ok: false,
				reason: `Ni coordonnées ni commune reconnue${unknownCode ? ` (${unknownCode})` : ''} : impossible de placer la structure`
			};
		return {
			ok: true,
			placement: atCommune(
				declared,
				`La source ne donne pas de coordonnées : lieu placé au centre de sa commune (${declared.name}).`,
				null
			)
		};
	}
	const coordinates = `longitude ${point.lon}, latitude ${point.lat}`;
	if (!check.at_point) {
		if (declared && (check.outside ?? Infinity) <= REGION_BORDER_TOLERANCE_M)
			return {
				ok: true,
				placement: exact(
					point,
					declared,
					`Point hors des contours communaux simplifiés (à ${metres(check.outside)} de la région) : position conservée, commune ${declared.name}.`
				)
			};
		return {
			ok: false,
			reason: `Coordonnées hors de la région Bourgogne-Franche-Comté (${coordinates}, à ${metres(check.outside)} de la région)`
		};
	}
	const atPoint = communes.get(check.at_point)!;
	if (!declared)
		return {
			ok: true,
			placement: exact(
				point,
				atPoint,
				unknownCode
					? `${capitalise(unknownCode)} : commune déduite de la position (${atPoint.name}).`
					: null
			)
		};
	if (atPoint.code === declared.code) return { ok: true, placement: exact(point, declared, null) };
	const distance = check.distance ?? Infinity;
	if (distance <= tolerance)
		return {
			ok: true,
			placement: exact(
				point,
				declared,
				`Position dans la commune voisine ${atPoint.name} (${atPoint.code}), à ${metres(distance)} de ${declared.name} (${declared.code}), commune de l’adresse : position conservée.`
			)
		};
	return {
		ok: true,
		placement: atCommune(
			declared,
			`Les coordonnées publiées (${coordinates}) tombent à ${atPoint.name}, à ${metres(distance)} de ${declared.name}, commune de l’adresse : lieu placé au centre de sa commune.`,
			`Coordonnées incohérentes avec la commune : point publié à ${atPoint.name} (${atPoint.code}), à ${metres(distance)} de ${declared.name} (${declared.code}) ; lieu placé au centre de ${declared.name}, position approximative.`
		)
	};
}

function exact(
	point: { lon: number; lat: number },
	commune: Commune,
	warning: string | null
): Placement {
	return {
		lon: round(point.lon),
		lat: round(point.lat),
		precision: 'exact',
		note: null,
		commune,
		warning
	};
}

function atCommune(commune: Commune, note: string, warning: string | null): Placement {
	return {
		lon: round(commune.labelPoint.lon),
		lat: round(commune.labelPoint.lat),
		precision: 'approximate',
		note,
		commune,
		warning
	};
}

/** 7 decimals ≈ 1 cm: more is noise, and stable values keep re-imports unchanged. */
export function round(value: number): number {
	return Math.round(value * 1e7) / 1e7;
}

function metres(value: number | null): string {
	if (value === null || !Number.isFinite(value)) return '? m';
	return value < 1000
		? `${Math.round(value)} m`
		: `${(value / 1000).toFixed(1).replace('.', ',')} km`;
}

function capitalise(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}
