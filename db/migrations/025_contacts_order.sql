-- The staff contacts list orders an area's structures by commune then name (the tail of
-- `list_key`, migration 024: folded commune, U+0001, folded name; structures outside every
-- known commune last) and pages by keyset. A national département holds tens of thousands of
-- structures: reading each one's row from the table to sort them cost more than the bare
-- spatial selection. This index holds, per commune, the published structures' sort key and
-- id, so that the page is chosen by an index-only scan (territories are matched by commune,
-- structures/where.ts), and only the page's rows are then read from the table.
create index structures_contacts_order_idx on structures (commune_code) include (list_key, id)
	where status = 'published';
