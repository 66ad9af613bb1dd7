-- Text keys for the offline geocoder and the duplicate check. They are database functions so that
-- the gazetteer (commune names, street names of imported addresses) and the queries are
-- normalized by the same code. They work on arrays of words rather than with many regular
-- expressions: PostgreSQL keeps few compiled expressions in cache, and recompiling them made
-- the import twice as slow. No index is built on these functions (an index expression would
-- need them schema-qualified, and maintenance runs with a restricted search_path): the keys the
-- gazetteer searches are kept in tables of their own, by triggers.

-- The words of a text: lower case, no accents, split on anything but letters and digits, with
-- « St »/« Ste » spelt out, so that "ST-APOLLINAIRE" and "Saint Apollinaire" have the same words.
-- PL/pgSQL, like the other functions called for every row: it keeps its plans between calls,
-- where a non-inlined SQL function is planned again at each call.
create function geo_words(input text) returns text[]
language plpgsql immutable strict parallel safe as $$
declare
	word text;
	words text[] := '{}';
begin
	foreach word in array regexp_split_to_array(
		lower(public.unaccent('public.unaccent'::regdictionary, input)), '[^a-z0-9]+') loop
		continue when word = '';
		words := words || case word when 'st' then 'saint' when 'ste' then 'sainte' else word end;
	end loop;
	return words;
end $$;

-- The words of a text joined by spaces, with the usual French address abbreviations spelt out,
-- so that "12 bd Carnot" and "12, boulevard Carnot" have the same key. For addresses and place
-- names, not for the names of structures ("R.P.I." is not a street).
create function geo_normalize(input text) returns text
language plpgsql immutable strict parallel safe as $$
declare
	word text;
	words text[] := '{}';
begin
	foreach word in array geo_words(input) loop
		words := words || case word
			when 'av' then 'avenue' when 'ave' then 'avenue'
			when 'bd' then 'boulevard' when 'bld' then 'boulevard' when 'bvd' then 'boulevard'
			when 'fg' then 'faubourg' when 'fbg' then 'faubourg'
			when 'pl' then 'place' when 'rte' then 'route' when 'chem' then 'chemin'
			when 'imp' then 'impasse' when 'all' then 'allee'
			when 'gd' then 'grande' when 'gde' then 'grande' when 'r' then 'rue'
			when 'dr' then 'docteur' when 'doct' then 'docteur'
			when 'gal' then 'general' when 'gen' then 'general'
			else word end;
	end loop;
	return array_to_string(words, ' ');
end $$;

-- The words that start the name of a street.
create function geo_street_types() returns text[]
language sql immutable parallel safe as $$
	select array['rue', 'ruelle', 'avenue', 'boulevard', 'place', 'placette', 'chemin', 'route',
		'allee', 'impasse', 'quai', 'cours', 'cour', 'faubourg', 'square', 'esplanade', 'promenade',
		'passage', 'sentier', 'mail', 'parvis', 'rond', 'voie', 'chaussee', 'montee', 'traverse',
		'venelle', 'cite', 'residence', 'lotissement', 'clos', 'hameau'];
$$;

-- The street of a free-text address, normalized, and its house number: in the first comma- or
-- dash-separated segment naming a street, from the street type on, up to a postal box.
-- "Pôle AAFE - 11 Esplanade Erasme - BP 26513" → ("esplanade erasme", 11);
-- "23 ter rue du Collège BP 18" → ("rue du college", 23); "Pôle multimédia" → (null, null).
create function geo_street_parts(address text, out street text, out house_number integer)
language plpgsql immutable strict parallel safe as $$
declare
	part text;
	words text[];
	n integer;
	stop integer;
begin
	foreach part in array regexp_split_to_array(address, '\s+-\s+|[,;()/]') loop
		words := string_to_array(geo_normalize(part), ' ');
		n := coalesce(array_length(words, 1), 0);
		for i in 1..n loop
			if words[i] = any(geo_street_types())
				or words[i] in ('grande', 'grand') and words[i + 1] = 'rue' then
				stop := n;
				for j in i + 1..n loop
					if words[j] in ('bp', 'cs', 'cedex', 'tsa') then
						stop := j - 1;
						exit;
					end if;
				end loop;
				-- a street type alone names no street
				continue when stop <= i;
				street := array_to_string(words[i:stop], ' ');
				if i > 1 then
					house_number := substring(words[1] from '^\d{1,5}')::integer;
				end if;
				return;
			end if;
		end loop;
	end loop;
end $$;

create function geo_street_key(address text) returns text
language sql immutable strict parallel safe as $$
	select (geo_street_parts(address)).street;
$$;

-- What names a street within its key, without its type and articles: « rue de la liberte » →
-- « liberte ». Comparing these keeps « 12 rue X » from matching every « rue » of a commune.
create function geo_street_name(street_key text) returns text
language sql immutable strict parallel safe as $$
	select array_to_string(words[start:], ' ')
	from (select string_to_array(street_key, ' ') as words) w,
	lateral (
		select case
			when words[1] in ('grande', 'grand') and words[2] = 'rue' then 3
			when words[1] = any(geo_street_types()) then 2
			else 1
		end as type_end
	) t,
	lateral (
		select case
			when words[type_end] = 'de' and words[type_end + 1] in ('la', 'l') then type_end + 2
			when words[type_end] in ('de', 'd', 'du', 'des', 'la', 'le', 'les', 'l') then type_end + 1
			else type_end
		end as start
	) s;
$$;

-- Names of structures, for the duplicate check, in one pass over their words. The key drops
-- articles and words that say nothing about which structure it is ("publique", "privée"); the
-- core also drops the kind of establishment and initials, so that "ECOLE PRIMAIRE PUBLIQUE
-- JULES FERRY" and "École Jules-Ferry" have the same core, "jules ferry"; the level is the
-- level of school the name states, if any. PL/pgSQL keeps its plans between calls, where
-- nested SQL functions would be planned again for every row.
create function structure_name_parts(name text, out key text, out core text, out level text)
language plpgsql immutable strict parallel safe as $$
declare
	word text;
	key_words text[] := '{}';
	core_words text[] := '{}';
begin
	foreach word in array geo_words(name) loop
		continue when word in ('l', 'd', 'le', 'la', 'les', 'de', 'du', 'des', 'et', 'a', 'au', 'aux',
			'en', 'sur', 'sous', 'contrat', 'publique', 'publiques', 'public', 'privee', 'privees',
			'prive', 'prives');
		key_words := key_words || word;
		if level is null and word in ('maternelle', 'elementaire', 'primaire', 'college', 'lycee') then
			level := word;
		end if;
		-- initials say little: "R.P.I." is three of them, "V. Hugo" is Victor Hugo
		continue when length(word) < 2 or word in ('ecole', 'ecoles', 'groupe', 'scolaire',
			'primaire', 'elementaire', 'maternelle', 'college', 'lycee', 'lp', 'legt', 'lpo',
			'polyvalent', 'professionnel', 'general', 'technologique', 'enseignement', 'metiers',
			'rpi', 'intercommunale', 'intercommunal', 'pole', 'educatif');
		core_words := core_words || word;
	end loop;
	key := array_to_string(key_words, ' ');
	core := array_to_string(core_words, ' ');
end $$;

-- `input` without the sequence of words `words` wherever it appears as whole words (both are
-- words separated by single spaces).
create function geocoding_without(input text, words text) returns text
language sql immutable parallel safe as $$
	select case when coalesce(words, '') = '' then input
		else btrim(replace(replace(' ' || input || ' ', ' ' || words || ' ', ' '),
			' ' || words || ' ', ' '))
	end;
$$;

-- How likely two names within walking distance name the same structure, from 0 to 1:
-- pg_trgm similarity of their cores, once the name of the commune is removed from both (many
-- names, like "MSAP Bletterans" and "La Poste Bletterans", share nothing but their commune).
-- Two levels of school ("maternelle" and "élémentaire Louis Pergaud") are different
-- structures. Two names made only of generic words ("École primaire publique", "Pôle
-- éducatif" in the same village) count as the same; a generic name and a specific one cannot
-- be told apart, and count as different; a name without words (punctuation) is like nothing.
create function structure_name_similarity(a text, b text, commune text) returns real
language plpgsql immutable parallel safe as $$
declare
	name_a record := structure_name_parts(coalesce(a, ''));
	name_b record := structure_name_parts(coalesce(b, ''));
	place text := (structure_name_parts(coalesce(commune, ''))).key;
	core_a text := geocoding_without(name_a.core, place);
	core_b text := geocoding_without(name_b.core, place);
begin
	if name_a.key = '' or name_b.key = '' or name_a.level <> name_b.level then
		return 0;
	elsif core_a = '' and core_b = '' then
		return 1;
	elsif core_a = '' or core_b = '' then
		return 0;
	end if;
	return similarity(core_a, core_b);
end $$;

-- The commune gazetteer: what the geocoder needs of each commune (normalized name, postcodes,
-- former INSEE codes, label point), kept next to territories by triggers, so that matching a
-- query reads 3,700 narrow rows rather than re-normalizing names next to their polygons.
create table geocoding_communes (
	code text primary key,               -- com:<insee>, as in territories
	insee_code text not null,
	name text not null,
	key text not null,                   -- geo_normalize(name)
	departement_code text,
	postcodes text[] not null,
	former_codes text[] not null,
	population integer,
	lon double precision not null,
	lat double precision not null
);
-- fastupdate off: rows arrive one by one from the triggers, and a pending list would be read
-- linearly by every search until the next vacuum.
create index geocoding_communes_key_trgm_idx on geocoding_communes
	using gin (key gin_trgm_ops) with (fastupdate = off);

create function geocoding_communes_sync() returns trigger language plpgsql as $$
begin
	if tg_op = 'TRUNCATE' then
		truncate geocoding_communes;
		return null;
	end if;
	if tg_op in ('DELETE', 'UPDATE') then
		delete from geocoding_communes where code = old.code;
	end if;
	if tg_op in ('INSERT', 'UPDATE') and new.kind = 'commune' then
		insert into geocoding_communes (code, insee_code, name, key, departement_code, postcodes,
			former_codes, population, lon, lat)
		values (new.code, new.insee_code, new.name, geo_normalize(new.name), new.departement_code,
			new.postcodes, new.former_codes, new.population, ST_X(new.label_point),
			ST_Y(new.label_point));
	end if;
	return null;
end $$;

create trigger territories_geocoding_rows
	after insert or delete
		or update of code, kind, insee_code, name, departement_code, postcodes, former_codes,
			population, label_point
	on territories
	for each row execute function geocoding_communes_sync();
create trigger territories_geocoding_truncate
	after truncate on territories
	for each statement execute function geocoding_communes_sync();

insert into geocoding_communes (code, insee_code, name, key, departement_code, postcodes,
	former_codes, population, lon, lat)
select code, insee_code, name, geo_normalize(name), departement_code, postcodes, former_codes,
	population, ST_X(label_point), ST_Y(label_point)
from territories
where kind = 'commune';

-- The runs of 1 to 6 consecutive words of a normalized query, which commune names are
-- compared with: « 12 rue x dijon » → « dijon », « x dijon », « rue x dijon »… `coverage` is the
-- share of the query's words in the run, `at_end` whether it closes the query. PL/pgSQL, so
-- the planner keeps the small row estimate (an inlined query would make it guess millions).
create function geocoding_runs(place text) returns table (run text, coverage real, at_end boolean)
language plpgsql immutable strict parallel safe rows 30 as $$
declare
	words text[] := string_to_array(place, ' ');
	n integer := coalesce(array_length(words, 1), 0);
begin
	if place = '' then
		return;
	end if;
	for i in 1..n loop
		for j in i..least(n, i + 5) loop
			run := array_to_string(words[i:j], ' ');
			coverage := (j - i + 1)::real / n;
			at_end := j = n;
			return next;
		end loop;
	end loop;
end $$;

-- The street gazetteer: the addresses of published structures positioned exactly, with their
-- street key and house number, kept next to structures by triggers. The geocoder checks at
-- query time that a point lies in its commune (sources have shifted coordinates).
create table geocoding_addresses (
	structure_id uuid primary key references structures (id) on delete cascade,
	commune_code text not null,
	street_key text not null,
	house_number integer,
	address_street text not null,
	postcode text,
	geom geometry(Point, 4326) not null
);
create index geocoding_addresses_commune_idx on geocoding_addresses (commune_code);
create index geocoding_addresses_street_trgm_idx on geocoding_addresses
	using gin (street_key gin_trgm_ops) with (fastupdate = off);

create function geocoding_addresses_sync() returns trigger language plpgsql as $$
begin
	if tg_op in ('DELETE', 'UPDATE') then
		delete from geocoding_addresses where structure_id = old.id;
	end if;
	if tg_op in ('INSERT', 'UPDATE') and new.status = 'published'
		and new.location_precision = 'exact' and new.commune_code is not null
		and new.address_street is not null then
		insert into geocoding_addresses
			(structure_id, commune_code, street_key, house_number, address_street, postcode, geom)
		select new.id, new.commune_code, p.street, p.house_number, new.address_street, new.postcode,
			new.geom
		from geo_street_parts(new.address_street) p
		where p.street is not null;
	end if;
	return null;
end $$;

create trigger structures_geocoding_addresses
	after insert or delete
		or update of address_street, postcode, commune_code, geom, status, location_precision
	on structures
	for each row execute function geocoding_addresses_sync();

insert into geocoding_addresses
	(structure_id, commune_code, street_key, house_number, address_street, postcode, geom)
select s.id, s.commune_code, p.street, p.house_number, s.address_street, s.postcode, s.geom
from structures s
cross join lateral geo_street_parts(s.address_street) p
where s.status = 'published' and s.location_precision = 'exact' and s.commune_code is not null
	and p.street is not null;
