import type { StructureFilters } from '../../domain/structure-filters';
import type { TerritoryRef } from '../../domain/territory-code';
import { sql } from '../db';
import type { Fragment } from '../db/fragments';
import { departementsOfRegion } from './where';

/**
 * Published structures pre-aggregated by map cell, kept by triggers in the writing
 * transaction. A cell of level L is a square of the 2^L × 2^L Web Mercator grid: the same grid
 * as the XYZ tiles of zoom L. Two tables: `structure_cells` (migration 015) splits each cell by
 * département, for territories; `structure_cell_totals` (migration 018) sums them, at more
 * levels, for everything else, and its level 0 (one cell) holds the national totals.
 */

/** The levels kept in `structure_cells` (same list as `map_cell_levels()` in SQL). */
export const CELL_LEVELS = [6, 9, 12, 15] as const;
/** The levels kept in `structure_cell_totals` (`map_total_levels()`), 0 aside. */
export const TOTAL_LEVELS = [4, 6, 8, 10, 12, 14, 15] as const;
export const COARSEST_LEVEL = CELL_LEVELS[0];
export const FINEST_LEVEL = CELL_LEVELS[CELL_LEVELS.length - 1]!;

/**
 * The part of the filters the cell table answers: the categories (a structure matches when one
 * of its categories is asked), at most one programme, and a territory made of whole
 * départements (région, académie, département). Null when the filters ask for more (a commune,
 * an EPCI, a radius, a box, an identifier, a text): those go to the structures themselves.
 */
export interface CellScope {
	categories: string[];
	/** 0: every structure. */
	programme: number;
	/** The départements' codes, as a subquery; absent: everywhere. */
	departements?: Fragment;
}

/** The filters the cell table can answer. */
const CELL_FILTERS = new Set(['categories', 'programmes', 'territory']);

export function cellScope(filters: StructureFilters): CellScope | null {
	// An allow-list: any other filter (text, bbox, school facts, freshness, one added later)
	// is not in the cells, so its counts come from the structures themselves.
	for (const [key, value] of Object.entries(filters))
		if (!CELL_FILTERS.has(key) && value !== undefined && !(Array.isArray(value) && !value.length))
			return null;
	if (filters.programmes.length > 1) return null;
	const scope: CellScope = {
		categories: filters.categories as string[],
		programme: filters.programmes[0] ?? 0
	};
	if (filters.territory) {
		const departements = departementsOf(filters.territory);
		if (!departements) return null;
		scope.departements = departements;
	}
	return scope;
}

function departementsOf(territory: TerritoryRef): Fragment | null {
	switch (territory.kind) {
		case 'departement':
			return sql`select ${territory.code}::text`;
		case 'academie':
			return sql`select distinct c.departement_code from territories c
				where c.kind = 'commune' and c.academie_code = ${territory.code}`;
		case 'region':
			return departementsOfRegion(territory.code);
		default:
			return null;
	}
}

/** The table a scope is read from: the totals unless a territory asks for départements. */
export function cellTable(scope: CellScope): Fragment {
	return scope.departements ? sql`structure_cells` : sql`structure_cell_totals`;
}

/** The coarsest level kept for the scope at least as fine as `wanted` (≤ FINEST_LEVEL). */
export function storedLevel(scope: CellScope, wanted: number): number {
	const levels: readonly number[] = scope.departements ? CELL_LEVELS : TOTAL_LEVELS;
	return levels.find((l) => l >= wanted) ?? FINEST_LEVEL;
}

/** The level whole-scope counts are read at: one cell (0), or the coarsest département cells. */
const countLevel = (scope: CellScope) => (scope.departements ? COARSEST_LEVEL : 0);

/** The conditions of a scope on `${cellTable(scope)} c`, at one level. */
export function cellWhere(scope: CellScope, level: number): Fragment {
	const conditions: Fragment[] = [
		sql`c.level = ${level}::smallint`,
		sql`c.programme = ${scope.programme}::smallint`
	];
	if (scope.categories.length) conditions.push(sql`c.categories && ${scope.categories}::text[]`);
	if (scope.departements) conditions.push(sql`c.departement_code in (${scope.departements})`);
	return conditions.reduce((all, condition) => sql`${all} and ${condition}`);
}

/** How many structures the scope holds, from the coarsest cells (a few hundred rows). */
export async function countIn(scope: CellScope): Promise<number> {
	const [row] = await sql<{ total: number }[]>`
		select coalesce(sum(c.count), 0)::int as total
		from ${cellTable(scope)} c where ${cellWhere(scope, countLevel(scope))}`;
	return row?.total ?? 0;
}

/** Structures of the scope in each of their categories (one structure counts in each). */
export function countByCategoryIn(
	scope: CellScope
): Promise<{ category: string; count: number }[]> {
	return sql<{ category: string; count: number }[]>`
		select k as category, sum(c.count)::int as count
		from ${cellTable(scope)} c cross join unnest(c.categories) k
		where ${cellWhere(scope, countLevel(scope))}
		group by k having sum(c.count) > 0`;
}

/** Published structures per programme, from the national totals (one grouped query). */
export function countByProgramme(): Promise<{ programme: number; count: number }[]> {
	return sql<{ programme: number; count: number }[]>`
		select c.programme, sum(c.count)::int as count
		from structure_cell_totals c
		where c.level = 0 and c.programme > 0
		group by c.programme`;
}
