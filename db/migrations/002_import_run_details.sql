-- Import reports keep more than rejects: the mismatches and approximations that were accepted
-- (e.g. a point in the neighbouring commune), the rows deliberately out of scope (other régions
-- of a national file), and which file was read.
alter table import_runs
	add column warnings jsonb not null default '[]',
	add column skipped jsonb not null default '{}',
	add column file text;
