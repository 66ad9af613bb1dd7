-- Imports at national scale (issue 14): the derived tables (search documents, map cells) were
-- refreshed by statement triggers after every statement of an import — the structures, then
-- their identifiers, then their programme links, then the confirmation of every row present in
-- the file — so a 70,000-row file rebuilt the same documents and cells four or five times.
--
-- 1. An update that only confirms (confirmed_at/confirmed_by) refreshes nothing: search shows
--    neither (the Meilisearch outbox already skips it, migration 013). Comparing whole rows as
--    jsonb costs more than the update itself on wide rows, so the importer's confirmation of
--    every row of its file declares itself (transaction setting cartonum.confirming = 'on',
--    around that one statement, which sets nothing else) and the triggers return at once.
-- 2. Within a bulk run (transaction setting cartonum.bulk = 'on', set by the importer), the
--    triggers only collect the structures they would refresh into the temporary table
--    bulk_touched; the importer refreshes them once at the end (nothing at all for a dry run,
--    which is rolled back). Outside a bulk run nothing changes.

create function bulk_collect(ids uuid[]) returns boolean language plpgsql as $$
begin
	if coalesce(current_setting('cartonum.bulk', true), '') <> 'on' then return false; end if;
	insert into bulk_touched (structure_id) select distinct u from unnest(ids) u
	on conflict do nothing;
	return true;
end $$;

create function confirming() returns boolean language sql stable as $$
	select coalesce(current_setting('cartonum.confirming', true), '') = 'on'
$$;

create or replace function search_documents_after_structures() returns trigger language plpgsql as $$
declare
	ids uuid[];
begin
	if confirming() then return null; end if;
	if tg_op = 'UPDATE' then
		ids := array(select n.id from changed_rows n join previous_rows o on o.id = n.id
			where (to_jsonb(o) - 'confirmed_at' - 'confirmed_by')
				is distinct from (to_jsonb(n) - 'confirmed_at' - 'confirmed_by'));
	else
		ids := array(select id from changed_rows);
	end if;
	if coalesce(array_length(ids, 1), 0) = 0 or bulk_collect(ids) then return null; end if;
	perform refresh_search_documents(ids);
	return null;
end $$;

create or replace function search_documents_after_children() returns trigger language plpgsql as $$
declare
	ids uuid[];
begin
	if tg_op = 'UPDATE' then
		ids := array(select structure_id from changed_rows union select structure_id from previous_rows);
	else
		ids := array(select distinct structure_id from changed_rows);
	end if;
	if bulk_collect(ids) then return null; end if;
	perform refresh_search_documents(ids);
	return null;
end $$;

create or replace function structure_cells_after_structures() returns trigger language plpgsql as $$
declare
	ids uuid[];
begin
	if confirming() then return null; end if;
	if tg_op = 'UPDATE' then
		ids := array(select n.id from changed_rows n join previous_rows o on o.id = n.id
			where (n.status, n.geom, n.categories, n.commune_code)
				is distinct from (o.status, o.geom, o.categories, o.commune_code));
	else
		ids := array(select id from changed_rows);
	end if;
	if coalesce(array_length(ids, 1), 0) = 0 or bulk_collect(ids) then return null; end if;
	perform refresh_structure_cells(ids);
	return null;
end $$;

create or replace function structure_cells_after_programmes() returns trigger language plpgsql as $$
declare
	ids uuid[];
begin
	if tg_op = 'UPDATE' then
		ids := array(select structure_id from changed_rows union select structure_id from previous_rows);
	else
		ids := array(select distinct structure_id from changed_rows);
	end if;
	if bulk_collect(ids) then return null; end if;
	perform refresh_structure_cells(ids);
	return null;
end $$;

-- The update triggers now compare the rows before and after.
drop trigger structures_search_documents_update on structures;
create trigger structures_search_documents_update after update on structures
	referencing old table as previous_rows new table as changed_rows
	for each statement execute function search_documents_after_structures();
drop trigger structures_cells_update on structures;
create trigger structures_cells_update after update on structures
	referencing old table as previous_rows new table as changed_rows
	for each statement execute function structure_cells_after_structures();

drop trigger structures_search_outbox_update on structures;
create trigger structures_search_outbox_update
	after update on structures
	for each row
	when ((not confirming() and (to_jsonb(old) - 'confirmed_at' - 'confirmed_by')
			is distinct from (to_jsonb(new) - 'confirmed_at' - 'confirmed_by'))
		-- a confirmation on a new day (UTC) still reaches Meilisearch (migration 020)
		or date_trunc('day', old.confirmed_at at time zone 'UTC')
			is distinct from date_trunc('day', new.confirmed_at at time zone 'UTC'))
	execute function enqueue_search_from_structures();
