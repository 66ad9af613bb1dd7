-- Registration and moderation (issue 4): drafts the partner fills step by step, submissions
-- that cannot be duplicated by a double click, the queue's order, and notes staff keep to
-- themselves.

-- A draft belongs to its author alone; it enters the moderation queue when submitted.
alter table revisions drop constraint revisions_status_check;
alter table revisions add constraint revisions_status_check check (status in
	('draft', 'received', 'in_review', 'info_requested', 'published', 'refused', 'withdrawn'));

-- The key of the form that created the revision (a hidden field): the same form posted twice,
-- even in parallel, creates one revision, because this index lets only one insert through.
alter table revisions add column idempotency_key text
	check (idempotency_key is null or length(idempotency_key) between 8 and 100);
create unique index revisions_idempotency_idx on revisions (author_id, idempotency_key)
	where idempotency_key is not null;

-- The queue is ordered by the time a request was sent, not by when its draft was started.
alter table revisions add column submitted_at timestamptz;
create index revisions_queue_idx on revisions (submitted_at)
	where status in ('received', 'in_review', 'info_requested');
create index revisions_structure_idx on revisions (structure_id, created_at);

-- One open claim per person and structure, whatever the number of clicks.
create unique index revisions_open_claim_idx on revisions (author_id, structure_id)
	where kind = 'claim' and status in ('draft', 'received', 'in_review', 'info_requested');

-- Messages are shown to the applicant, except the notes moderators leave for each other.
alter table revision_messages add column visibility text not null default 'applicant'
	check (visibility in ('applicant', 'staff'));
create index revision_messages_revision_idx on revision_messages (revision_id, id);

create index memberships_structure_idx on memberships (structure_id);
create index audit_log_actor_idx on audit_log (actor_id, at);
