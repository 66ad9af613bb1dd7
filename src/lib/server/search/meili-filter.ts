import { staleBefore } from '../../domain/freshness';
import type { StructureFilters } from '../../domain/structure-filters';
import type { TerritoryRef } from '../../domain/territory-code';
import { config } from '../config';

/**
 * Builds Meilisearch filter expressions from the typed filters, never from client text:
 * strings are quoted and escaped, numbers are checked to be finite, and geographic filters
 * are only a validated bounding box or radius (never a user-drawn polygon). The expressions
 * mirror `structures/where.ts`, so both engines select the same structures.
 */
export function meiliFilter(
	filters: StructureFilters,
	now: Date = new Date(),
	freshnessMonths: number = config.freshnessMonths
): string[] {
	const expressions: string[] = [];
	if (filters.categories.length)
		expressions.push(`categories IN [${filters.categories.map(quote).join(', ')}]`);
	if (filters.programmes.length)
		expressions.push(`programmes IN [${filters.programmes.map(integer).join(', ')}]`);
	if (filters.territory) expressions.push(territory(filters.territory));
	if (filters.bbox) {
		const [west, south, east, north] = filters.bbox;
		expressions.push(
			`_geoBoundingBox([${coordinate(north)}, ${coordinate(east)}], [${coordinate(south)}, ${coordinate(west)}])`
		);
	}
	if (filters.identifier)
		expressions.push(
			`identifier_keys = ${quote(`${filters.identifier.scheme}:${filters.identifier.value}`)}`
		);
	if (filters.sectors?.length)
		expressions.push(`sector IN [${filters.sectors.map(quote).join(', ')}]`);
	if (filters.levels?.length)
		expressions.push(`levels IN [${filters.levels.map(quote).join(', ')}]`);
	if (filters.pathways?.length)
		expressions.push(`pathways IN [${filters.pathways.map(quote).join(', ')}]`);
	if (filters.priorities?.length)
		expressions.push(`priority IN [${filters.priorities.map(quote).join(', ')}]`);
	// « À vérifier » depends on now: the limit is computed here, at query time, from the
	// setting; the documents hold the confirmation date (Unix seconds), never a verdict.
	if (filters.freshness === 'stale')
		expressions.push(
			`confirmed_at < ${integer(Math.floor(staleBefore(now, freshnessMonths).getTime() / 1000))}`
		);
	return expressions;
}

function territory(ref: TerritoryRef): string {
	switch (ref.kind) {
		case 'radius':
			return `_geoRadius(${coordinate(ref.lat)}, ${coordinate(ref.lon)}, ${integer(Math.round(ref.meters))})`;
		case 'commune':
			return `commune_codes = ${quote(ref.code)}`;
		case 'epci':
			return `epci_code = ${quote(ref.code)}`;
		case 'departement':
			return `departement_code = ${quote(ref.code)}`;
		case 'academie':
			return `academie_code = ${quote(ref.code)}`;
		case 'region':
			return `region_code = ${quote(ref.code)}`;
	}
}

/** A double-quoted filter string; backslashes and quotes escaped. */
export function quote(value: string): string {
	return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function integer(value: number): string {
	if (!Number.isSafeInteger(value)) throw new Error(`Not an integer: ${value}`);
	return String(value);
}

/** Decimal degrees in plain notation (never 1e-7), 7 decimals (about 1 cm). */
function coordinate(value: number): string {
	if (!Number.isFinite(value) || Math.abs(value) > 180) throw new Error(`Bad coordinate: ${value}`);
	return value.toFixed(7);
}
