-- Cartonum data model (see ../shared/DESIGN.md). PostGIS, pg_trgm and unaccent live in
-- schema public and are created by the migration runner.

create table datasets (
	id text primary key,                 -- e.g. 'otsc-fc', 'mednum-bfc'
	title text not null,
	publisher text not null,
	licence text not null,
	licence_url text,
	source_url text,
	attribution text not null,
	data_date text,                      -- as stated by the source (year, month or day)
	notes text
);

create table categories (
	code text primary key,
	label text not null,
	label_plural text not null,
	color text not null,
	sort smallint not null,
	description text not null default ''
);

create table axes (
	code text primary key,               -- S1..S3, O1..O4
	kind text not null,                  -- structurant | opérationnel
	number smallint not null,
	title text not null,
	partners text[] not null default '{}'
);

create table programmes (
	number smallint primary key check (number between 1 and 99),
	axis_code text not null references axes (code),
	title text not null,
	summary text not null,
	actions text[] not null default '{}'
);

create table territories (
	code text primary key,               -- reg:27, aca:besancon, dep:21, epci:<siren>, com:<insee>
	kind text not null check (kind in ('region', 'academie', 'departement', 'epci', 'commune')),
	insee_code text not null,            -- 27, besancon, 21, <siren>, <insee>
	name text not null,
	departement_code text,               -- communes and départements
	academie_code text,                  -- besancon | dijon for départements and communes
	epci_code text,                      -- communes
	epci_type text,                      -- CC, CA, CU, ME for EPCIs
	population integer,
	postcodes text[] not null default '{}',
	former_codes text[] not null default '{}',
	partial boolean not null default false, -- EPCI extending beyond the region
	geom geometry(MultiPolygon, 4326) not null,
	label_point geometry(Point, 4326) not null
);
create index territories_geom_idx on territories using gist (geom);
create index territories_kind_idx on territories (kind);
create index territories_departement_idx on territories (departement_code) where kind = 'commune';
create index territories_epci_idx on territories (epci_code) where kind = 'commune';
create index territories_insee_commune_idx on territories (insee_code) where kind = 'commune';
create index territories_name_trgm_idx on territories using gin (name gin_trgm_ops);
create index territories_former_codes_idx on territories using gin (former_codes);

create table structures (
	id uuid primary key default gen_random_uuid(),
	slug text not null unique,
	name text not null check (length(name) between 1 and 300),
	category text not null references categories (code),
	categories text[] not null,          -- all categories, the primary one first
	description text not null default '',
	website text,
	email text,
	phone text,
	address_street text,
	postcode text,
	commune_code text,                   -- INSEE COG 2026
	geom geometry(Point, 4326) not null,
	location_precision text not null default 'exact'
		check (location_precision in ('exact', 'approximate')),
	location_note text,
	status text not null default 'published'
		check (status in ('pending', 'published', 'rejected', 'archived', 'closed')),
	source text not null,                -- import:<dataset> | registration
	dataset_id text references datasets (id),
	source_record_id text,               -- id of the row in its dataset
	source_updated_at date,
	source_values jsonb not null default '{}', -- last imported values: imports never overwrite local edits
	attributes jsonb not null default '{}',    -- dataset-specific facts (type, secteur, opening hours, labels…)
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	version integer not null default 1,
	check (category = categories[1])
);
create index structures_geom_idx on structures using gist (geom);
create index structures_geography_idx on structures using gist ((geom::geography));
create index structures_categories_idx on structures using gin (categories);
create index structures_commune_idx on structures (commune_code);
create index structures_status_idx on structures (status);
create index structures_name_id_idx on structures (name, id);
create index structures_dataset_idx on structures (dataset_id, source_record_id);

create table structure_identifiers (
	structure_id uuid not null references structures (id) on delete cascade,
	scheme text not null check (scheme ~ '^[a-z][a-z0-9-]*$'),
	value text not null check (length(value) between 1 and 100),
	primary key (structure_id, scheme),
	unique (scheme, value)
);

create table structure_programmes (
	structure_id uuid not null references structures (id) on delete cascade,
	programme_number smallint not null references programmes (number),
	role text not null check (role in ('feuille-de-route', 'porteur', 'partenaire', 'site-accueil', 'contributeur')),
	source text not null default 'import', -- import | partner | moderator
	created_at timestamptz not null default now(),
	primary key (structure_id, programme_number)
);
create index structure_programmes_programme_idx on structure_programmes (programme_number);

create table contacts (
	id uuid primary key default gen_random_uuid(),
	structure_id uuid not null references structures (id) on delete cascade,
	name text not null,
	role text not null default '',
	email text,
	phone text,
	visibility text not null default 'staff' check (visibility in ('public', 'staff')),
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now()
);
create index contacts_structure_idx on contacts (structure_id);

create table users (
	id uuid primary key default gen_random_uuid(),
	email text not null,
	password_hash text not null,
	display_name text not null default '',
	role text not null default 'partner' check (role in ('partner', 'moderator', 'admin')),
	email_verified_at timestamptz,
	disabled_at timestamptz,
	created_at timestamptz not null default now()
);
create unique index users_email_idx on users (lower(email));

create table sessions (
	id text primary key,
	user_id uuid not null references users (id) on delete cascade,
	secret_hash bytea not null,
	created_at timestamptz not null default now(),
	last_seen_at timestamptz not null default now(),
	expires_at timestamptz not null
);
create index sessions_user_idx on sessions (user_id);

create table memberships (
	user_id uuid not null references users (id) on delete cascade,
	structure_id uuid not null references structures (id) on delete cascade,
	created_at timestamptz not null default now(),
	primary key (user_id, structure_id)
);

create table revisions (
	id uuid primary key default gen_random_uuid(),
	structure_id uuid references structures (id) on delete set null,
	kind text not null check (kind in ('create', 'update', 'claim', 'close')),
	author_id uuid not null references users (id),
	status text not null default 'received'
		check (status in ('received', 'in_review', 'info_requested', 'published', 'refused', 'withdrawn')),
	payload jsonb not null,
	base_version integer,
	reviewer_id uuid references users (id),
	reason text,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	decided_at timestamptz
);
create index revisions_status_idx on revisions (status, created_at);
create index revisions_author_idx on revisions (author_id);

create table revision_messages (
	id bigint generated always as identity primary key,
	revision_id uuid not null references revisions (id) on delete cascade,
	author_id uuid references users (id),
	body text not null,
	created_at timestamptz not null default now()
);

create table audit_log (
	id bigint generated always as identity primary key,
	at timestamptz not null default now(),
	actor_id uuid references users (id),
	action text not null,
	entity text not null,
	entity_id text,
	details jsonb not null default '{}'
);
create index audit_log_entity_idx on audit_log (entity, entity_id, at);

create table search_outbox (
	id bigint generated always as identity primary key,
	structure_id uuid not null,
	operation text not null check (operation in ('upsert', 'delete')),
	enqueued_at timestamptz not null default now(),
	processed_at timestamptz,
	attempts integer not null default 0,
	next_attempt_at timestamptz not null default now(),
	last_error text
);
create index search_outbox_pending_idx on search_outbox (next_attempt_at, id) where processed_at is null;

create table rate_limits (
	key text primary key,
	window_start timestamptz not null,
	hits integer not null
);

create table import_runs (
	id bigint generated always as identity primary key,
	dataset_id text not null references datasets (id),
	started_at timestamptz not null default now(),
	finished_at timestamptz,
	inserted integer not null default 0,
	updated integer not null default 0,
	unchanged integer not null default 0,
	rejected integer not null default 0,
	rejects jsonb not null default '[]'
);

-- Every change to what search shows enqueues the structure in the same transaction, so the
-- index can never miss an update, whichever code path wrote it.
create function enqueue_search_from_structures() returns trigger language plpgsql as $$
begin
	if tg_op = 'DELETE' then
		insert into search_outbox (structure_id, operation) values (old.id, 'delete');
	else
		insert into search_outbox (structure_id, operation)
		values (new.id, case when new.status = 'published' then 'upsert' else 'delete' end);
	end if;
	return null;
end $$;

create trigger structures_search_outbox
	after insert or delete or update on structures
	for each row execute function enqueue_search_from_structures();

create function enqueue_search_from_children() returns trigger language plpgsql as $$
begin
	if tg_op = 'DELETE' then
		insert into search_outbox (structure_id, operation)
		select old.structure_id, 'upsert' where exists (select 1 from structures where id = old.structure_id);
	else
		insert into search_outbox (structure_id, operation) values (new.structure_id, 'upsert');
	end if;
	return null;
end $$;

create trigger structure_identifiers_search_outbox
	after insert or update or delete on structure_identifiers
	for each row execute function enqueue_search_from_children();
create trigger structure_programmes_search_outbox
	after insert or update or delete on structure_programmes
	for each row execute function enqueue_search_from_children();
