import { sql } from '../db';
import { bestStreetLabel, namesStreet, parseAddressQuery, type AddressQuery } from './query';
import { communeAt } from './reverse';
import { clampLimit } from '../../domain/limit';
import { CANDIDATES, type Candidate, type GeocodeOptions, type Geocoder } from './types';

/**
 * The geocoder that needs no network: a gazetteer of the region built from the database
 * itself. Communes come from `territories` (names, postcodes, former INSEE codes, label
 * points); streets from the addresses of imported structures whose position is exact and
 * lies in their commune (schools, mediation places, universities…), so that « 12 rue X, Dijon »
 * lands on the street when one of them is there, and on the commune otherwise.
 * Matching ignores case and accents, spells out « St » and address abbreviations (see
 * geo_normalize in db/migrations/005_geocoding.sql) and tolerates typos (pg_trgm).
 */
export const offlineGeocoder: Geocoder = {
	async geocode(query: string, options: GeocodeOptions = {}): Promise<Candidate[]> {
		const limit = clampLimit(options.limit, CANDIDATES);
		const parsed = parseAddressQuery(query);
		if (!parsed.place && !parsed.code) return [];
		const communes = await matchCommunes(parsed, Math.max(limit, 5));
		const wantsStreet = namesStreet(parsed.streetText);
		const streets = wantsStreet ? await matchStreets(parsed, communes) : [];
		const candidates = [
			...streets,
			...communes.map((commune) => communeCandidate(commune, parsed, wantsStreet))
		];
		return candidates
			.sort((a, b) => b.score - a.score)
			.slice(0, limit)
			.map((candidate) => ({ ...candidate, score: round(candidate.score) }));
	},
	reverse: communeAt
};

interface CommuneRow {
	insee_code: string;
	name: string;
	key: string;
	postcodes: string[];
	lon: number;
	lat: number;
	score: number;
	precision: 'commune' | 'postcode';
}

/**
 * Communes whose name is in the query or close to it, or whose postcode or INSEE code it gives.
 * The query's runs of up to 6 consecutive words are compared with the names through the
 * trigram index: a name matching a longer run, or the end of the query (where French addresses
 * put the commune), ranks higher; so « Chalon sur Saône » is Chalon-sur-Saône before Saône.
 */
async function matchCommunes(query: AddressQuery, limit: number): Promise<CommuneRow[]> {
	const code = query.code ?? null;
	return sql<CommuneRow[]>`
		with q as (select geo_normalize(${query.place}) as place, ${code}::text as code),
		runs as (select r.* from q, geocoding_runs(q.place) r),
		found as (
			select g.code, g.key, runs.* from runs join geocoding_communes g on g.key % runs.run
			union all
			-- the beginning of a name being typed
			select g.code, g.key, runs.* from runs join geocoding_communes g on g.key %> runs.run
			where runs.at_end
		),
		by_name as (
			select code, max(
				greatest(
					similarity(key, run) * case when at_end then 1 else 0.95 end,
					case when not at_end then 0
						when key like run || '%' then 0.85
						else 0.7 * word_similarity(run, key) end
				) * (0.8 + 0.2 * coverage)) as name_score
			from found
			group by code
		),
		by_code as (
			select g.code, 0::real as name_score
			from geocoding_communes g, q
			where q.code is not null
				and (q.code = any(g.postcodes)
					or q.place = '' and (q.code = g.insee_code or q.code = any(g.former_codes)))
		),
		scored as (
			select g.*, m.name_score,
				case
					when q.code is null then null
					when q.code = any(g.postcodes) then 'postcode'
					when q.code = g.insee_code or q.code = any(g.former_codes) then 'insee'
					when left(q.code, 2) = g.departement_code then 'departement'
					else 'other'
				end as code_match
			from (
				select code, max(name_score) as name_score
				from (select * from by_name union all select * from by_code) all_matches
				group by code
			) m
			join geocoding_communes g on g.code = m.code
			cross join q
		)
		select insee_code, name, key, postcodes, lon, lat,
			case
				when name_score >= 0.5 then name_score * case code_match
					when 'departement' then 0.9 when 'other' then 0.7 else 1 end
				-- a postcode or an INSEE code alone designates its communes
				when name_score = 0 then 1
				else 0.6
			end as score,
			case when name_score < 0.5 and code_match = 'postcode' then 'postcode' else 'commune' end
				as precision
		from scored
		where name_score >= 0.5 or code_match = 'postcode' or name_score = 0
		order by score desc, population desc nulls last, name
		limit ${limit}`;
}

interface StreetRow {
	commune_code: string;
	commune_name: string;
	commune_score: number;
	street_score: number;
	addresses: string[];
	postcode: string | null;
	lon: number;
	lat: number;
	at_number: boolean;
}

/**
 * Streets of the gazetteer matching the street of the query: in the best communes found, or
 * anywhere in the region when the query names no commune.
 */
async function matchStreets(query: AddressQuery, communes: CommuneRow[]): Promise<Candidate[]> {
	const likely = communes.filter((c) => c.score >= 0.6).slice(0, 3);
	if (communes.length && !likely.length) return [];
	const number = query.houseNumberValue ?? null;
	const where = likely.length
		? sql`a.commune_code = any(${likely.map((c) => c.insee_code)}::text[])`
		: sql`a.street_key % q.street`;
	const rows = await sql<StreetRow[]>`
		with q as (select geo_street_key(${query.streetText}) as street),
		wanted as (
			select * from unnest(${likely.map((c) => c.insee_code)}::text[],
				${likely.map((c) => c.key)}::text[], ${likely.map((c) => c.score)}::real[])
				as w (insee_code, key, score)
		),
		addresses as (
			select a.*, coalesce(w.score, 0.8) as commune_score,
				-- the commune's name closing the query is not part of the street
				case when q.street like '% ' || w.key
					then left(q.street, length(q.street) - length(w.key) - 1)
					else q.street end as wanted_street
			from geocoding_addresses a
			cross join q
			left join wanted w on w.insee_code = a.commune_code
			where q.street is not null and ${where}
		),
		scored as (
			select s.*, t.name as commune_name
			from (
				select *, greatest(similarity(street_key, wanted_street),
					0.9 * word_similarity(geo_street_name(wanted_street), geo_street_name(street_key)))
					as street_score
				from addresses
			) s
			-- positions outside their own commune are source errors, not a street's position
			join territories t on t.code = 'com:' || s.commune_code and ST_Intersects(t.geom, s.geom)
			where s.street_score >= 0.55
		),
		streets as (
			select commune_code, commune_name, max(commune_score) as commune_score,
				max(street_score) as street_score,
				array_agg(address_street) as addresses,
				mode() within group (order by postcode) as postcode,
				coalesce((array_agg(geom) filter (where house_number = ${number}))[1],
					ST_Centroid(ST_Collect(geom))) as point,
				coalesce(bool_or(house_number = ${number}), false) as at_number
			from scored
			group by commune_code, commune_name, street_key
		)
		select commune_code, commune_name, commune_score, street_score, addresses, postcode,
			ST_X(point) as lon, ST_Y(point) as lat, at_number
		from streets
		order by street_score * commune_score desc
		limit 10`;
	return rows.flatMap((row) => {
		const street = bestStreetLabel(row.addresses);
		if (!street) return [];
		const numbered = query.houseNumber ? `${query.houseNumber} ${street}` : street;
		const postcode = row.postcode ?? undefined;
		return [
			{
				label: `${numbered}, ${postcode ? `${postcode} ` : ''}${row.commune_name}`,
				street: numbered,
				...(postcode ? { postcode } : {}),
				communeCode: row.commune_code,
				communeName: row.commune_name,
				lon: row.lon,
				lat: row.lat,
				precision: 'street' as const,
				score: row.street_score * row.commune_score * (row.at_number ? 1 : 0.98)
			}
		];
	});
}

function communeCandidate(row: CommuneRow, query: AddressQuery, wantsStreet: boolean): Candidate {
	const postcode =
		query.code && row.postcodes.includes(query.code)
			? query.code
			: row.postcodes.length === 1
				? row.postcodes[0]
				: undefined;
	return {
		label: postcode ? `${postcode} ${row.name}` : row.name,
		...(postcode ? { postcode } : {}),
		communeCode: row.insee_code,
		communeName: row.name,
		lon: row.lon,
		lat: row.lat,
		precision: row.precision,
		// A street was asked for: the commune is only the fallback
		score: row.score * (wantsStreet ? 0.8 : 1)
	};
}

function round(score: number): number {
	return Math.round(score * 1000) / 1000;
}
