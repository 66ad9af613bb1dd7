-- An export of the staff contacts list walks a whole area in the list's order (commune then
-- name, folded, then id: `substr(list_key, 3)` in byte order, migration 024). It cuts the area
-- into batches by sort key (contacts/walk.ts); this index serves each batch as a range of that
-- order within each commune of the territory, so that a batch reads only its own structures
-- instead of every key of the area (a walk of a national département cost the square of its
-- number of pages). `list_key` is included so that a scan of the index alone can answer (the
-- planner does not rebuild a column from an indexed expression), as 025's can.
create index structures_contacts_walk_idx
	on structures (commune_code, (substr(list_key, 3) collate "C"), id) include (list_key)
	where status = 'published';
