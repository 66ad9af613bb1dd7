-- National scale, continued: the cells of 015 summed over the départements, at more levels.
--
-- `structure_cells` keeps one row per cell, département, set of categories and programme, so
-- that a territory made of départements can be read from it. Without a territory (the map of
-- the whole country, the home page's counts), that split only multiplies the rows a tile or a
-- count reads. `structure_cell_totals` holds the same sums without it, at every other level
-- from 4 to 14 plus 15 (a tile of zoom z draws 8 × 8 clusters, cells of level z + 3: it reads
-- at most 4 times as many cells as it draws), and at level 0, one cell for the whole world:
-- the totals per programme and set of categories, a few hundred rows whatever the number of
-- structures. Its primary key carries the sums, so that reads need not visit the table.
--
-- Kept by the same statement-level triggers: structure_cells_add now writes both tables.

create function map_total_levels() returns smallint[] language sql immutable parallel safe
	as $$ select array[0, 4, 6, 8, 10, 12, 14, 15]::smallint[] $$;

create table structure_cell_totals (
	level smallint not null,
	programme smallint not null,         -- 0: all structures
	x integer not null,
	y integer not null,
	categories text[] not null,
	count integer not null,
	sum_x float8 not null,
	sum_y float8 not null,
	primary key (level, programme, x, y, categories) include (count, sum_x, sum_y)
);

create or replace function structure_cells_add(ids uuid[], sign integer) returns void language plpgsql as $$
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
	-- Then the totals, always after the cells: the same order of locks for every writer.
	insert into structure_cell_totals as c (level, programme, x, y, categories, count, sum_x, sum_y)
	select l.level, p.programme, map_cell_x(m.mx, l.level), map_cell_y(m.my, l.level),
		m.categories, sign * count(*), sign * sum(m.mx), sign * sum(m.my)
	from structure_cell_members m
	cross join unnest(map_total_levels()) l(level)
	cross join lateral unnest(array[0::smallint] || m.programmes) p(programme)
	where m.structure_id = any (ids)
	group by 1, 2, 3, 4, 5
	order by 1, 2, 3, 4, 5
	on conflict (level, programme, x, y, categories) do update set
		count = c.count + excluded.count,
		sum_x = c.sum_x + excluded.sum_x,
		sum_y = c.sum_y + excluded.sum_y;
end $$;

-- Rebuilds the members, the cells and the totals from the structures in one pass each: for
-- bulk loads made with the triggers off (session_replication_role = replica), as a restore does.
create function rebuild_structure_cells() returns void language plpgsql as $$
begin
	-- Locks the tables first, in the triggers' order, so that no writer interleaves.
	lock table structure_cell_members, structure_cells, structure_cell_totals in exclusive mode;
	truncate structure_cell_members, structure_cells, structure_cell_totals;
	insert into structure_cell_members (structure_id, departement_code, categories, programmes, mx, my)
	select s.id, coalesce(c.departement_code, ''), s.categories,
		coalesce(p.numbers, '{}'), map_mercator_x(s.geom), map_mercator_y(s.geom)
	from structures s
	left join territories c on c.kind = 'commune' and c.insee_code = s.commune_code
	left join (select structure_id, array_agg(programme_number order by programme_number) as numbers
		from structure_programmes group by structure_id) p on p.structure_id = s.id
	where s.status = 'published';
	insert into structure_cells (level, programme, x, y, departement_code, categories, count, sum_x, sum_y)
	select l.level, p.programme, map_cell_x(m.mx, l.level), map_cell_y(m.my, l.level),
		m.departement_code, m.categories, count(*), sum(m.mx), sum(m.my)
	from structure_cell_members m
	cross join unnest(map_cell_levels()) l(level)
	cross join lateral unnest(array[0::smallint] || m.programmes) p(programme)
	group by 1, 2, 3, 4, 5, 6;
	perform fill_structure_cell_totals();
	update map_data_version set version = version + 1;
end $$;

create function fill_structure_cell_totals() returns void language sql as $$
	insert into structure_cell_totals (level, programme, x, y, categories, count, sum_x, sum_y)
	select l.level, p.programme, map_cell_x(m.mx, l.level), map_cell_y(m.my, l.level),
		m.categories, count(*), sum(m.mx), sum(m.my)
	from structure_cell_members m
	cross join unnest(map_total_levels()) l(level)
	cross join lateral unnest(array[0::smallint] || m.programmes) p(programme)
	group by 1, 2, 3, 4, 5
$$;

select fill_structure_cell_totals();

analyze structure_cell_totals;
