-- Freshness (issue 14): when each fiche's facts were last confirmed and by what kind of actor,
-- error reports from the public, the review list of official re-imports, and the one-click
-- confirmations sent to managers.

-- confirmed_by says what kind of actor confirmed, never who: the page and the API show it.
alter table structures
	add column confirmed_at timestamptz,
	add column confirmed_by text check (confirmed_by in ('manager', 'moderator', 'import'));
-- Every fiche starts as fresh as its creation (an import or an approved registration).
update structures set confirmed_at = coalesce(source_updated_at::timestamptz, created_at),
	confirmed_by = case when source = 'registration' then 'moderator' else 'import' end;
alter table structures alter column confirmed_at set not null;
alter table structures alter column confirmed_at set default now();
alter table structures alter column confirmed_by set not null;
alter table structures alter column confirmed_by set default 'import';
create index structures_confirmed_idx on structures (confirmed_at) where status = 'published';

-- « Signaler une erreur »: anonymous reports. Only validated input is ever inserted.
create table error_reports (
	id uuid primary key default gen_random_uuid(),
	structure_id uuid not null references structures (id) on delete cascade,
	kind text not null check (kind in ('closed', 'moved', 'contact', 'other')),
	message text not null check (length(message) between 1 and 2000),
	reporter_email text check (reporter_email is null or length(reporter_email) <= 254),
	status text not null default 'open' check (status in ('open', 'accepted', 'rejected')),
	resolution text,
	resolver_id uuid references users (id),
	created_at timestamptz not null default now(),
	resolved_at timestamptz
);
create index error_reports_open_idx on error_reports (created_at) where status = 'open';
create index error_reports_structure_idx on error_reports (structure_id, created_at);

-- The review list of official re-imports: a change of the source that touches a local edit
-- (a partner's or a moderator's) waits as 'pending' until a moderator accepts it (the source's
-- value is written) or rejects it (the local value stays). Changes without conflict apply
-- directly and are listed in the import report.
create table import_changes (
	id bigint generated always as identity primary key,
	run_id bigint references import_runs (id) on delete set null,
	dataset_id text not null references datasets (id),
	structure_id uuid references structures (id) on delete cascade,
	record_id text not null,
	kind text not null check (kind in ('new', 'closed', 'moved', 'renamed', 'identifiers', 'other')),
	path text not null,                   -- the merged field (name, location, status…)
	before jsonb,
	after jsonb,
	summary text not null,
	status text not null default 'pending' check (status in ('pending', 'accepted', 'rejected')),
	decided_by uuid references users (id),
	decided_at timestamptz,
	created_at timestamptz not null default now()
);
-- One pending proposal per field of a structure: a later run replaces an undecided one.
create unique index import_changes_pending_idx on import_changes (structure_id, path)
	where status = 'pending';
create index import_changes_status_idx on import_changes (status, kind, created_at);

-- One-click confirmations. Each email step of a cycle (anchored at the confirmed_at it asks
-- about) is claimed by inserting its row: the unique key lets one app server through, so
-- restarts and parallel senders never send the same email twice. Only the SHA-256 of the
-- link's token is kept.
create table confirmation_requests (
	id bigint generated always as identity primary key,
	structure_id uuid not null references structures (id) on delete cascade,
	user_id uuid references users (id) on delete cascade,
	cycle timestamptz not null,
	step text not null check (step in ('request', 'reminder', 'flagged')),
	token_hash bytea unique,
	expires_at timestamptz,
	used_at timestamptz,
	created_at timestamptz not null default now(),
	unique (structure_id, user_id, cycle, step)
);
create unique index confirmation_requests_flag_idx on confirmation_requests (structure_id, cycle)
	where step = 'flagged';
create index confirmation_requests_structure_idx on confirmation_requests (structure_id, cycle);

-- A confirmation touches only confirmed_at/confirmed_by: nothing search shows changes, so it
-- must not enqueue the structure for Meilisearch (a national re-import confirms every row).
drop trigger structures_search_outbox on structures;
create trigger structures_search_outbox
	after insert or delete on structures
	for each row execute function enqueue_search_from_structures();
create trigger structures_search_outbox_update
	after update on structures
	for each row
	when ((to_jsonb(old) - 'confirmed_at' - 'confirmed_by')
		is distinct from (to_jsonb(new) - 'confirmed_at' - 'confirmed_by'))
	execute function enqueue_search_from_structures();
