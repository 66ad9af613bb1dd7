-- National scale: published structures pre-aggregated by map cell, so that clustered tiles,
-- category counts and programme counts never scan every structure.
--
-- A cell of level L is one square of the 2^L × 2^L Web Mercator grid (the XYZ tile grid of
-- zoom L). Cells are kept at a few levels; a tile asks the finest level it needs and groups
-- cells up. Each row counts the published structures of one cell, département, set of
-- categories and programme (0: every structure, whatever its programmes), with the sums of
-- their Mercator coordinates (the cluster's point is their mean).
--
-- Kept current in the writing transaction by statement-level triggers (like the search
-- documents of 003). What each structure last contributed is kept in `structure_cell_members`,
-- so any change (structure, programmes, commune's département, deletion) is applied as
-- "remove the old contribution, add the new one", whatever the order of cascades.

create function map_cell_levels() returns smallint[] language sql immutable parallel safe
	as $$ select array[6, 9, 12, 15]::smallint[] $$;

-- Web Mercator (EPSG:3857) metres, computed directly (no PROJ call per row), latitude clamped
-- to the Mercator world.
create function map_mercator_x(geom geometry) returns float8 language sql immutable parallel safe strict
	as $$ select ST_X(geom) * 20037508.342789244 / 180 $$;
create function map_mercator_y(geom geometry) returns float8 language sql immutable parallel safe strict
	as $$ select 6378137 * ln(tan(pi() / 4 + radians(greatest(-85.0511287798066, least(85.0511287798066, ST_Y(geom)))) / 2)) $$;

-- The cell column / row of a Mercator coordinate at a level (rows grow southwards, like tiles).
create function map_cell_x(mx float8, level smallint) returns integer language sql immutable parallel safe strict
	as $$ select least(greatest(floor((mx + 20037508.342789244) / (40075016.68557849 / (1::bigint << level)))::bigint, 0), (1::bigint << level) - 1)::integer $$;
create function map_cell_y(my float8, level smallint) returns integer language sql immutable parallel safe strict
	as $$ select least(greatest(floor((20037508.342789244 - my) / (40075016.68557849 / (1::bigint << level)))::bigint, 0), (1::bigint << level) - 1)::integer $$;

create table structure_cell_members (
	structure_id uuid primary key,
	departement_code text not null,      -- '' when the commune is unknown
	categories text[] not null,
	programmes smallint[] not null,
	mx float8 not null,
	my float8 not null
);

create table structure_cells (
	level smallint not null,
	programme smallint not null,         -- 0: all structures
	x integer not null,
	y integer not null,
	departement_code text not null,
	categories text[] not null,
	count integer not null,
	sum_x float8 not null,
	sum_y float8 not null,
	primary key (level, programme, x, y, departement_code, categories)
);

-- Bumped by every write that changes what the map shows, in the writing transaction: caches
-- of every app process compare it (tiles are cached under it), and readers see the new number
-- only once the write is committed.
create table map_data_version (
	singleton boolean primary key default true check (singleton),
	version bigint not null
);
insert into map_data_version (version) values (1);

-- Adds (sign 1) or removes (sign -1) the contribution recorded for these structures. A row
-- that falls to 0 is kept (readers skip it): it is bounded by the combinations ever seen, and
-- deleting it would need a second pass over the same keys.
create function structure_cells_add(ids uuid[], sign integer) returns void language plpgsql as $$
begin
	insert into structure_cells as c (level, programme, x, y, departement_code, categories, count, sum_x, sum_y)
	select l.level, p.programme, map_cell_x(m.mx, l.level), map_cell_y(m.my, l.level),
		m.departement_code, m.categories, sign * count(*), sign * sum(m.mx), sign * sum(m.my)
	from structure_cell_members m
	cross join unnest(map_cell_levels()) l(level)
	cross join lateral unnest(array[0::smallint] || m.programmes) p(programme)
	where m.structure_id = any (ids)
	group by 1, 2, 3, 4, 5, 6
	-- One order for every writer, so that two transactions never wait on each other in a cycle.
	order by 1, 2, 3, 4, 5, 6
	on conflict (level, programme, x, y, departement_code, categories) do update set
		count = c.count + excluded.count,
		sum_x = c.sum_x + excluded.sum_x,
		sum_y = c.sum_y + excluded.sum_y;
end $$;

create function refresh_structure_cells(ids uuid[]) returns void language plpgsql as $$
begin
	if coalesce(array_length(ids, 1), 0) = 0 then return; end if;
	perform structure_cells_add(ids, -1);
	delete from structure_cell_members m where m.structure_id = any (ids);
	insert into structure_cell_members (structure_id, departement_code, categories, programmes, mx, my)
	select s.id, coalesce(c.departement_code, ''), s.categories,
		array(select sp.programme_number from structure_programmes sp
			where sp.structure_id = s.id order by sp.programme_number),
		map_mercator_x(s.geom), map_mercator_y(s.geom)
	from structures s
	left join territories c on c.kind = 'commune' and c.insee_code = s.commune_code
	where s.id = any (ids) and s.status = 'published';
	perform structure_cells_add(ids, 1);
	update map_data_version set version = version + 1;
end $$;

create function structure_cells_after_structures() returns trigger language plpgsql as $$
begin
	perform refresh_structure_cells(array(select id from changed_rows));
	return null;
end $$;
create trigger structures_cells_insert after insert on structures
	referencing new table as changed_rows
	for each statement execute function structure_cells_after_structures();
create trigger structures_cells_update after update on structures
	referencing new table as changed_rows
	for each statement execute function structure_cells_after_structures();
create trigger structures_cells_delete after delete on structures
	referencing old table as changed_rows
	for each statement execute function structure_cells_after_structures();

create function structure_cells_after_programmes() returns trigger language plpgsql as $$
begin
	if tg_op = 'UPDATE' then
		perform refresh_structure_cells(array(
			select structure_id from changed_rows union select structure_id from previous_rows));
	else
		perform refresh_structure_cells(array(select distinct structure_id from changed_rows));
	end if;
	return null;
end $$;
create trigger structure_programmes_cells_insert after insert on structure_programmes
	referencing new table as changed_rows
	for each statement execute function structure_cells_after_programmes();
create trigger structure_programmes_cells_update after update on structure_programmes
	referencing old table as previous_rows new table as changed_rows
	for each statement execute function structure_cells_after_programmes();
create trigger structure_programmes_cells_delete after delete on structure_programmes
	referencing old table as changed_rows
	for each statement execute function structure_cells_after_programmes();

-- Communes may be imported after the structures, or change département.
create function structure_cells_after_territories() returns trigger language plpgsql as $$
begin
	perform refresh_structure_cells(array(
		select s.id from structures s
		join changed_rows t on t.kind = 'commune' and t.insee_code = s.commune_code));
	return null;
end $$;
create trigger territories_cells_insert after insert on territories
	referencing new table as changed_rows
	for each statement execute function structure_cells_after_territories();
create trigger territories_cells_update after update on territories
	referencing new table as changed_rows
	for each statement execute function structure_cells_after_territories();

select refresh_structure_cells(array(select id from structures));
