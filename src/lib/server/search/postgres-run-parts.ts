import { currentPool, sql, type Sql } from '../db';
import type { Fragment } from '../db/fragments';
import { COMMUNE_FACET_SIZE, type SearchQuery } from './types';

// The SQL pieces and small helpers of the Postgres engine's bounded search (postgres-run.ts).
const RELOAD_MS = 10 * 60_000;
const documentCounts = new WeakMap<object, { loaded: number; count: Promise<number> }>();

/**
 * The planner's estimate of the number of documents (counted when the table was never
 * analysed), read once per database every 10 minutes.
 */
export function documentCount(db: Sql): Promise<number> {
	const pool = currentPool();
	const cached = documentCounts.get(pool);
	if (cached && Date.now() - cached.loaded < RELOAD_MS) return cached.count;
	const count = db<{ n: number }[]>`
		select (case when reltuples >= 0 then reltuples
			else (select count(*) from search_documents) end)::float8 as n
		from pg_class where oid = 'search_documents'::regclass`.then((rows) => Number(rows[0]?.n ?? 0));
	documentCounts.set(pool, { loaded: Date.now(), count });
	count.catch(() => documentCounts.delete(pool));
	return count;
}

/**
 * One row of a table by key, looked up per outer row (`offset 0` keeps the planner from turning
 * a few hundred lookups into a scan of the whole table).
 */
export function byId(
	table: 'structures' | 'search_documents',
	key: 'id' | 'structure_id',
	outer: [alias: string, column: string] = ['k', 'id']
): Fragment {
	return sql`select x.* from ${sql(table)} x
		where x.${sql(key)} = ${sql(outer[0])}.${sql(outer[1])} offset 0`;
}

/** Filters that select structures (the text aside). */
export function hasStructureFilters(query: SearchQuery): boolean {
	const f = query.filters;
	return (
		f.categories.length > 0 ||
		f.programmes.length > 0 ||
		!!f.territory ||
		!!f.bbox ||
		!!f.identifier ||
		!!f.sectors?.length ||
		!!f.levels?.length ||
		!!f.pathways?.length ||
		!!f.priorities?.length ||
		!!f.freshness
	);
}

/**
 * The sample behind estimated totals and facets (read only when the matches exceed the count
 * bound): `sampled` holds the sample's matches (`hit`), `sample_read` how many documents were
 * read. With words, the sampled documents and their structures (a word group may match a
 * category or a commune); without, the structures table is sampled directly (no document read).
 */
export function sampledCtes<W, T>(
	withText: boolean,
	where: W,
	textMatch: T,
	percent: number,
	C: number
) {
	if (!withText)
		return sql`sample_rows as materialized (
			select s.id, s.categories, s.commune_code, (${where}) as hit
			from structures s tablesample system (${percent}) repeatable (7)
			where (select n from counted) > ${C}
		), sampled as (
			select * from sample_rows where hit
		), sample_read as (
			select count(*)::int as n from sample_rows
		)`;
	return sql`sampled_all as materialized (
			select s.id, s.categories, s.commune_code, (${where} ${textMatch}) as hit
			from search_documents d tablesample system (${percent}) repeatable (7)
			cross join lateral (${byId('structures', 'id', ['d', 'structure_id'])}) s
			where (select n from counted) > ${C}
		), sampled as (
			select * from sampled_all where hit
		), sample_read as (
			select count(*)::int as n from sampled_all
		)`;
}

export function stripPosition<T extends object>(hit: T): Omit<T, 'position'> {
	const { position: _position, ...rest } = hit as T & { position?: unknown };
	return rest;
}

export function toMap(
	record: Record<string, number> | null | undefined,
	scale = 1
): Map<string, number> {
	return new Map(
		Object.entries(record ?? {}).map(([k, n]) => [k, Math.max(1, Math.round(Number(n) * scale))])
	);
}

/** The facet columns, counted over `facet_rows` (every match, or the sample's). */
export function facetColumns() {
	return sql`
		(select json_object_agg(k, n) from (
			select k, count(*) as n from facet_rows m cross join unnest(m.categories) k group by k) x)
			as categories,
		(select json_object_agg(k, n) from (
			select sp.programme_number::text as k, count(*) as n
			from facet_rows m cross join lateral (
				select p.programme_number from structure_programmes p
				where p.structure_id = m.id offset 0) sp
			group by 1) x)
			as programmes,
		(select json_object_agg(k, n) from (
			select c.departement_code as k, count(*) as n
			from facet_rows m join territories c on c.kind = 'commune' and c.insee_code = m.commune_code
			where c.departement_code is not null group by 1) x) as departements,
		(select json_agg(json_build_array(k, n)) from (
			select m.commune_code as k, count(*) as n from facet_rows m
			where m.commune_code is not null
			group by 1 order by 2 desc, 1 limit ${COMMUNE_FACET_SIZE}) x) as communes`;
}
