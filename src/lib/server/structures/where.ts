import type { StructureFilters } from '../../domain/structure-filters';
import type { TerritoryRef } from '../../domain/territory-code';
import { config } from '../config';
import { sql } from '../db';
import { geoPoint, type Fragment } from '../db/fragments';

/**
 * The one WHERE clause behind the list, the map features and the counts, so that the list
 * and the map always show the same structures. `s` is the `structures` alias. Only published
 * structures are public.
 */
export function whereClause(filters: StructureFilters): Fragment {
	const conditions: Fragment[] = [sql`s.status = 'published'`];
	if (filters.categories.length)
		conditions.push(sql`s.categories && ${filters.categories as string[]}::text[]`);
	if (filters.programmes.length)
		conditions.push(sql`exists (
			select 1 from structure_programmes sp
			where sp.structure_id = s.id and sp.programme_number = any(${filters.programmes}::smallint[]))`);
	if (filters.territory) conditions.push(territoryCondition(filters.territory));
	if (filters.bbox) {
		const [west, south, east, north] = filters.bbox;
		conditions.push(
			sql`s.geom && ST_MakeEnvelope(${west}::float8, ${south}::float8, ${east}::float8, ${north}::float8, 4326)`
		);
	}
	if (filters.identifier) conditions.push(identifierCondition(filters.identifier));
	if (filters.q) conditions.push(textCondition(filters.q));
	if (filters.sectors?.length)
		conditions.push(sql`s.attributes->>'sector' = any(${filters.sectors as string[]}::text[])`);
	if (filters.levels?.length)
		conditions.push(sql`(s.attributes->'levels') ?| ${filters.levels as string[]}::text[]`);
	if (filters.pathways?.length)
		conditions.push(sql`(s.attributes->'pathways') ?| ${filters.pathways as string[]}::text[]`);
	if (filters.priorities?.length)
		conditions.push(
			sql`s.attributes->>'priority' = any(${filters.priorities as string[]}::text[])`
		);
	if (filters.freshness === 'stale')
		conditions.push(
			sql`s.confirmed_at < now() - make_interval(months => ${config.freshnessMonths}::int)`
		);
	return conditions.reduce((all, condition) => sql`${all} and ${condition}`);
}

/**
 * An identifier leads to the structure that holds it, to the successor of a structure merged
 * into another (Université de Bourgogne → Université Bourgogne Europe), and to the structure
 * that absorbed a row listed twice in its dataset.
 */
function identifierCondition({ scheme, value }: { scheme: string; value: string }): Fragment {
	// Uncorrelated: computed once, then the structures are matched by id.
	return sql`s.id in (
		select unnest(array[p.id, p.successor_id])
		from structure_identifiers i join structures p on p.id = i.structure_id
		where i.scheme = ${scheme} and i.value = ${value}
		union all
		select a.structure_id from structure_identifier_aliases a
		where a.scheme = ${scheme} and a.value = ${value})`;
}

/**
 * Administrative territories are matched through the structure's commune and the commune's
 * attributes (not by point-in-polygon), so that a structure belongs to exactly the territories
 * its commune belongs to, including near simplified borders.
 */
function territoryCondition(territory: TerritoryRef): Fragment {
	switch (territory.kind) {
		case 'radius':
			return sql`ST_DWithin(
				s.geom::geography,
				${geoPoint(territory.lon, territory.lat)}::geography,
				${territory.meters}::float8,
				false)`;
		case 'commune':
			// Former (merged) commune codes still find the structures of the commune they joined.
			return sql`s.commune_code in (
				select c.insee_code from territories c
				where c.kind = 'commune' and (c.insee_code = ${territory.code} or ${territory.code} = any(c.former_codes)))`;
		case 'epci':
			return communesWhere(sql`c.epci_code = ${territory.code}`);
		case 'departement':
			return communesWhere(sql`c.departement_code = ${territory.code}`);
		case 'academie':
			return communesWhere(sql`c.academie_code = ${territory.code}`);
		case 'region':
			return communesWhere(sql`c.departement_code in (${departementsOfRegion(territory.code)})`);
	}
}

function communesWhere(condition: Fragment): Fragment {
	return sql`s.commune_code in (
		select c.insee_code from territories c where c.kind = 'commune' and ${condition})`;
}

/**
 * Communes carry no region code: a département belongs to the region that contains its label
 * point (eight rows, each point deep inside its département).
 */
export function departementsOfRegion(regionCode: string): Fragment {
	return sql`select d.insee_code from territories d
		join territories r on r.kind = 'region' and r.insee_code = ${regionCode}
		where d.kind = 'departement' and ST_Intersects(r.geom, d.label_point)`;
}

/**
 * Every word of the text must appear in the name (or in its aliases and former names), ignoring
 * case and accents, or the text is one of the structure's identifiers. Full-text ranking belongs to the search module; this keeps
 * `q` meaningful for the list and the map when they are filtered by it.
 */
function textCondition(text: string): Fragment {
	const words = text
		.split(/\s+/)
		.filter(Boolean)
		.map((w) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
	return sql`(
		unaccent(s.name) ilike all (select unaccent(w) from unnest(${words}::text[]) w)
		or unaccent(array_to_string(s.aliases || s.former_names, ' '))
			ilike all (select unaccent(w) from unnest(${words}::text[]) w)
		or exists (select 1 from structure_identifiers i where i.structure_id = s.id and upper(i.value) = upper(${text})))`;
}
