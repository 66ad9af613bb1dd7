-- Accounts: single-use tokens for email verification and password reset, the local email
-- outbox used when no SMTP server is configured, and indexes for purging expired rows.

-- Only the SHA-256 of a token is stored: a copy of the database does not let anyone
-- verify an address or reset a password.
create table auth_tokens (
	token_hash bytea primary key,
	user_id uuid not null references users (id) on delete cascade,
	purpose text not null check (purpose in ('email_verification', 'password_reset')),
	created_at timestamptz not null default now(),
	expires_at timestamptz not null
);
create index auth_tokens_user_idx on auth_tokens (user_id, purpose);

-- Without SMTP_URL, outgoing emails land here and are shown at /dev/emails (never in production).
create table email_outbox (
	id bigint generated always as identity primary key,
	recipient text not null,
	subject text not null,
	body text not null,
	created_at timestamptz not null default now()
);
create index email_outbox_recipient_idx on email_outbox (lower(recipient), id);

create index sessions_expires_idx on sessions (expires_at);
create index rate_limits_window_idx on rate_limits (window_start);
