-- Trustworthy data (issue 9): where a structure is in its life, the names it was known by,
-- identifiers that lead to it from a merged duplicate, the reference population, and richer
-- import reports.

-- Former names and acronyms: shown on the structure's page and searched by both engines. The
-- search migration declares the same two columns, hence « if not exists ».
alter table structures add column if not exists former_names text[] not null default '{}';
alter table structures add column if not exists aliases text[] not null default '{}';

-- Lifecycle, independent of publication: an establishment absent from a newer copy of its
-- file is « to-verify » (still published); one merged into another points at its successor.
alter table structures add column if not exists lifecycle text not null default 'active'
	check (lifecycle in ('active', 'to-verify', 'merged', 'closed'));
alter table structures add column if not exists lifecycle_date date;
alter table structures add column if not exists lifecycle_note text;
alter table structures add column if not exists successor_id uuid references structures (id)
	on delete set null;
create index if not exists structures_successor_idx on structures (successor_id)
	where successor_id is not null;

-- Identifiers of source rows folded into another structure (the same place listed twice in
-- one dataset): look-ups by these identifiers lead to the structure that absorbed them.
create table if not exists structure_identifier_aliases (
	scheme text not null check (scheme ~ '^[a-z][a-z0-9-]*$'),
	value text not null check (length(value) between 1 and 100),
	structure_id uuid not null references structures (id) on delete cascade,
	reason text not null,
	primary key (scheme, value)
);
create index if not exists structure_identifier_aliases_structure_idx
	on structure_identifier_aliases (structure_id);

-- INSEE's population municipale is the reference figure (`population`); the population totale
-- (which counts people with a second residence in the commune twice) is kept beside it.
alter table territories add column if not exists population_totale integer;

-- Per-dataset figures of an import run: structures merged, archived, placed approximately,
-- and how many each classification rule decided.
alter table import_runs add column if not exists details jsonb not null default '{}';
