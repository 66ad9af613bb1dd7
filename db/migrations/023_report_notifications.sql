-- Moderators are told of every new public error report (issue 14). The report is claimed by
-- setting moderators_notified_at before the emails are sent: two app servers, or a retry,
-- never tell the moderators twice (a crash between the claim and the send loses that email
-- rather than repeating it; the report is in the queue either way).
alter table error_reports add column moderators_notified_at timestamptz;
-- Reports that came before this migration are already in the moderators' queue.
update error_reports set moderators_notified_at = created_at;
create index error_reports_unnotified_idx on error_reports (created_at)
	where moderators_notified_at is null;
