-- Search (issue 10): acronyms, short names and former names of structures, searched by both
-- engines with a weight just under the name. The data migration (008) declares the same
-- columns with the same definitions and fills them; whichever runs first creates them.
alter table structures add column if not exists former_names text[] not null default '{}';
alter table structures add column if not exists aliases text[] not null default '{}';

-- Documents gain the aliases and former names in weight B (the name is A): « UTBM » or
-- « Université de Franche-Comté » finds the structure, below one whose name says it.
create or replace function refresh_search_documents(ids uuid[]) returns void language plpgsql as $$
begin
	delete from search_documents d
	where d.structure_id = any (ids)
		and not exists (select 1 from structures s where s.id = d.structure_id and s.status = 'published');

	with texts as (
		select s.id as structure_id,
			search_fold(s.name) as name_folded,
			search_fold(s.name || ' ' || search_attribute_text(s.attributes, search_alias_keys())
				|| ' ' || coalesce(i.values_text, '')) as a,
			search_fold(coalesce(c.name, '') || ' ' || coalesce(k.labels, '') || ' '
				|| array_to_string(s.aliases, ' ') || ' ' || array_to_string(s.former_names, ' ')) as b,
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

select refresh_search_documents(array(select id from structures));
