-- Search. Postgres answers queries when Meilisearch is not configured or unreachable: french
-- full-text search on accent-folded text, pg_trgm to forgive typos. The outbox triggers of 001
-- keep Meilisearch in step; the relay claims rows with a lease (leased_until).

-- unaccent() is only STABLE (its dictionary could change); this wrapper names the dictionary
-- explicitly, so it can be IMMUTABLE and used in stored columns and indexes.
create function search_fold(text) returns text
	language sql immutable parallel safe strict
	as $$ select lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;

-- French stemming without the stop-word list: Meilisearch keeps every word too, and query
-- words the app treats as stop words are dropped before the query is built (vocabulary.ts).
-- Without this, « pas » (a stop word) typed on the way to « pasteur » would match everything.
create text search dictionary search_french_stem (template = snowball, language = french);
create text search configuration search_french (copy = french);
alter text search configuration search_french
	alter mapping for asciiword, asciihword, hword_asciipart, word, hword, hword_part
	with search_french_stem;

-- Searchable facts of the dataset-specific `attributes`, as in document.ts (keep both lists
-- equal): aliases weigh like the name (acronyms: LEAD, UTBM), keywords like programme titles.
create function search_alias_keys() returns text[] language sql immutable parallel safe
	as $$ select array['sigle', 'nom_court'] $$;
create function search_keyword_keys() returns text[] language sql immutable parallel safe
	as $$ select array['type_detail', 'typologie', 'typologie_schema', 'labels', 'sigles_tutelles',
		'type_structure', 'secteur'] $$;

-- The text of those attributes: strings as they are, arrays of strings joined.
create function search_attribute_text(attributes jsonb, keys text[]) returns text
	language sql immutable parallel safe
	as $$
		select coalesce(string_agg(case jsonb_typeof(v)
			when 'string' then v #>> '{}'
			when 'array' then (select string_agg(e, ' ') from jsonb_array_elements_text(v) e)
			else '' end, ' '), '')
		from unnest(keys) k cross join lateral (select attributes -> k as v) x
		where v is not null
	$$;

-- One row per published structure: the weighted text (A name, aliases and identifiers,
-- B commune and categories, C keywords and programme titles, D description) and the folded
-- name for trigram similarity.
create table search_documents (
	structure_id uuid primary key references structures (id) on delete cascade,
	document tsvector not null,
	name_folded text not null,
	identifier_values text[] not null default '{}', -- folded, for exact code lookups
	refreshed_at timestamptz not null default now()
);
create index search_documents_document_idx on search_documents using gin (document);
create index search_documents_name_trgm_idx on search_documents using gin (name_folded gin_trgm_ops);
create index search_documents_identifiers_idx on search_documents using gin (identifier_values);
create index search_documents_name_idx on search_documents (name_folded, structure_id);

-- Every folded word of the searchable text: query words that match nothing are compared with
-- it (trigrams, then edit distance) to find what a typo meant. Words are never removed: a
-- stale word only widens a query to terms that match nothing.
create table search_words (word text primary key);
create index search_words_trgm_idx on search_words using gin (word gin_trgm_ops);

create function refresh_search_documents(ids uuid[]) returns void language plpgsql as $$
begin
	delete from search_documents d
	where d.structure_id = any (ids)
		and not exists (select 1 from structures s where s.id = d.structure_id and s.status = 'published');

	with texts as (
		select s.id as structure_id,
			search_fold(s.name) as name_folded,
			search_fold(s.name || ' ' || search_attribute_text(s.attributes, search_alias_keys())
				|| ' ' || coalesce(i.values_text, '')) as a,
			search_fold(coalesce(c.name, '') || ' ' || coalesce(k.labels, '')) as b,
			search_fold(search_attribute_text(s.attributes, search_keyword_keys())
				|| ' ' || coalesce(p.titles, '')) as c,
			search_fold(s.description) as d,
			coalesce(i.folded, '{}') as identifier_values
		from structures s
		left join territories c on c.kind = 'commune' and c.insee_code = s.commune_code
		left join lateral (
			select string_agg(x.value, ' ') as values_text, array_agg(search_fold(x.value)) as folded
			from structure_identifiers x where x.structure_id = s.id) i on true
		left join lateral (
			select string_agg(pr.title, ' ') as titles
			from structure_programmes sp join programmes pr on pr.number = sp.programme_number
			where sp.structure_id = s.id) p on true
		left join lateral (
			select string_agg(cat.label, ' ') as labels
			from categories cat where cat.code = any (s.categories)) k on true
		where s.id = any (ids) and s.status = 'published'
	), documents as (
		insert into search_documents as sd (structure_id, document, name_folded, identifier_values)
		select t.structure_id,
			setweight(to_tsvector('search_french', t.a), 'A')
				|| setweight(to_tsvector('search_french', t.b), 'B')
				|| setweight(to_tsvector('search_french', t.c), 'C')
				|| setweight(to_tsvector('search_french', t.d), 'D'),
			t.name_folded,
			t.identifier_values
		from texts t
		on conflict (structure_id) do update set
			document = excluded.document,
			name_folded = excluded.name_folded,
			identifier_values = excluded.identifier_values,
			refreshed_at = now()
	)
	insert into search_words (word)
	select distinct w
	from texts t
	cross join lateral regexp_split_to_table(t.a || ' ' || t.b || ' ' || t.c || ' ' || t.d, '[^a-z0-9]+') w
	where length(w) between 3 and 40 and w !~ '[0-9]'
	on conflict do nothing;
end $$;

-- Statement-level triggers with transition tables: an import of thousands of rows refreshes
-- its documents in one set-based call per statement.
create function search_documents_after_structures() returns trigger language plpgsql as $$
begin
	perform refresh_search_documents(array(select id from changed_rows));
	return null;
end $$;
create trigger structures_search_documents_insert after insert on structures
	referencing new table as changed_rows
	for each statement execute function search_documents_after_structures();
create trigger structures_search_documents_update after update on structures
	referencing new table as changed_rows
	for each statement execute function search_documents_after_structures();

create function search_documents_after_children() returns trigger language plpgsql as $$
begin
	if tg_op = 'UPDATE' then
		perform refresh_search_documents(array(
			select structure_id from changed_rows union select structure_id from previous_rows));
	else
		perform refresh_search_documents(array(select distinct structure_id from changed_rows));
	end if;
	return null;
end $$;
create trigger structure_identifiers_search_documents_insert after insert on structure_identifiers
	referencing new table as changed_rows
	for each statement execute function search_documents_after_children();
create trigger structure_identifiers_search_documents_update after update on structure_identifiers
	referencing old table as previous_rows new table as changed_rows
	for each statement execute function search_documents_after_children();
create trigger structure_identifiers_search_documents_delete after delete on structure_identifiers
	referencing old table as changed_rows
	for each statement execute function search_documents_after_children();
create trigger structure_programmes_search_documents_insert after insert on structure_programmes
	referencing new table as changed_rows
	for each statement execute function search_documents_after_children();
create trigger structure_programmes_search_documents_update after update on structure_programmes
	referencing old table as previous_rows new table as changed_rows
	for each statement execute function search_documents_after_children();
create trigger structure_programmes_search_documents_delete after delete on structure_programmes
	referencing old table as changed_rows
	for each statement execute function search_documents_after_children();

-- Text that lives in reference tables (commune names, programme titles, category labels) is
-- copied into documents, here and in Meilisearch: a change there refreshes the structures
-- concerned and enqueues them for the index. Territories may also be imported after
-- structures.
create function search_refresh_structures(ids uuid[]) returns void language plpgsql as $$
begin
	if coalesce(array_length(ids, 1), 0) = 0 then return; end if;
	perform refresh_search_documents(ids);
	insert into search_outbox (structure_id, operation)
	select s.id, 'upsert' from structures s where s.id = any (ids) and s.status = 'published';
end $$;

create function search_documents_after_territories() returns trigger language plpgsql as $$
begin
	perform search_refresh_structures(array(
		select s.id from structures s
		join changed_rows t on t.kind = 'commune' and t.insee_code = s.commune_code));
	return null;
end $$;
create trigger territories_search_documents_insert after insert on territories
	referencing new table as changed_rows
	for each statement execute function search_documents_after_territories();
create trigger territories_search_documents_update after update on territories
	referencing new table as changed_rows
	for each statement execute function search_documents_after_territories();

create function search_documents_after_programmes() returns trigger language plpgsql as $$
begin
	perform search_refresh_structures(array(
		select distinct sp.structure_id from structure_programmes sp
		join changed_rows p on p.number = sp.programme_number));
	return null;
end $$;
create trigger programmes_search_documents_update after update on programmes
	referencing new table as changed_rows
	for each statement execute function search_documents_after_programmes();

create function search_documents_after_categories() returns trigger language plpgsql as $$
begin
	perform search_refresh_structures(array(
		select s.id from structures s where s.categories && array(select code from changed_rows)));
	return null;
end $$;
create trigger categories_search_documents_update after update on categories
	referencing new table as changed_rows
	for each statement execute function search_documents_after_categories();

-- The relay leases the rows it pushes, so that two relays never work on the same structure
-- at once (which could let an older document overwrite a newer one).
alter table search_outbox add column leased_until timestamptz;
create index search_outbox_structure_pending_idx on search_outbox (structure_id) where processed_at is null;

-- Which version of the index settings (settings.ts) each Meilisearch index has received, and
-- a lease on rebuilding it: one rebuild at a time, and relays pause meanwhile (a row they
-- pushed to the old index would be lost when the new one is swapped in).
create table search_index_state (
	index_name text primary key,
	settings_version integer not null default 0,
	applied_at timestamptz,
	rebuilding_until timestamptz
);

select refresh_search_documents(array(select id from structures));
