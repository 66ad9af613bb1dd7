-- The default order of the structure list and of GET /api/v1/structures: by category (the
-- order of the roadmap's categories: schools first), then commune, then name, accents and case
-- folded. A stored sort key keeps that order one index walk away (keyset pages), whatever the
-- number of structures: `list_key` is computed from the category's rank, the commune's name
-- and the structure's name, and kept true by triggers on structures, territories (a commune
-- renamed) and categories (an order changed).

-- '01' + '0' + commune + U+0001 + name: the separator sorts below every printable character,
-- so comparing keys compares (rank, commune, name) in turn; structures outside every known
-- commune come after the others of their category ('1').
create function structure_list_key(rank integer, commune text, name text) returns text
	language sql immutable parallel safe as $$
	select lpad(least(greatest(coalesce(rank, 99), 0), 99)::text, 2, '0')
		|| case when commune is null then '1'
			else '0' || regexp_replace(search_fold(commune), '^[^[:alnum:]]+', '') end
		|| chr(1) || regexp_replace(search_fold(name), '^[^[:alnum:]]+', '')
$$;

create function structure_list_key_of(category text, commune_code text, name text) returns text
	language sql stable parallel safe as $$
	select structure_list_key(
		(select c.sort from categories c where c.code = category),
		(select t.name from territories t where t.kind = 'commune' and t.insee_code = commune_code),
		name)
$$;

alter table structures add column list_key text;

-- The backfill changes only the sort key: the triggers that follow what a reader sees (search
-- outbox, search documents, map cells) have nothing to do.
alter table structures disable trigger structures_search_outbox_update;
alter table structures disable trigger structures_search_documents_update;
alter table structures disable trigger structures_cells_update;
update structures set list_key = structure_list_key_of(category, commune_code, name);
alter table structures enable trigger structures_search_outbox_update;
alter table structures enable trigger structures_search_documents_update;
alter table structures enable trigger structures_cells_update;

alter table structures alter column list_key set not null;
create index structures_list_key_idx on structures (list_key, id);

create function structures_list_key_before() returns trigger language plpgsql as $$
begin
	new.list_key := structure_list_key_of(new.category, new.commune_code, new.name);
	return new;
end $$;
create trigger structures_list_key
	before insert or update of name, category, commune_code, list_key on structures
	for each row execute function structures_list_key_before();

-- A commune created or renamed: the structures that lie in it sort under its (new) name.
create function structures_list_key_after_territories() returns trigger language plpgsql as $$
begin
	update structures s set list_key = structure_list_key_of(s.category, s.commune_code, s.name)
	from (select distinct insee_code from changed_rows where kind = 'commune') t
	where s.commune_code = t.insee_code
		and s.list_key is distinct from structure_list_key_of(s.category, s.commune_code, s.name);
	return null;
end $$;
create trigger territories_list_key_insert after insert on territories
	referencing new table as changed_rows
	for each statement execute function structures_list_key_after_territories();
create trigger territories_list_key_update after update on territories
	referencing new table as changed_rows
	for each statement execute function structures_list_key_after_territories();

-- A category's rank changed: its structures move with it.
create function structures_list_key_after_categories() returns trigger language plpgsql as $$
begin
	update structures s set list_key = structure_list_key_of(s.category, s.commune_code, s.name)
	from changed_rows c
	where s.category = c.code
		and s.list_key is distinct from structure_list_key_of(s.category, s.commune_code, s.name);
	return null;
end $$;
create trigger categories_list_key_update after update on categories
	referencing new table as changed_rows
	for each statement execute function structures_list_key_after_categories();
