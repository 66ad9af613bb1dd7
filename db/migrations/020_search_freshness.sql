-- Search (issues 10 and 14): the `freshness=stale` filter on Meilisearch. Its documents hold
-- when a fiche was last confirmed (the filter's limit is computed at query time), so a
-- confirmation must reach the index. One on the same day (UTC) as the previous one is still
-- not enqueued (013 left every confirmation out): the index lags by less than a day, and a
-- daily re-import confirming every row is enqueued once per day, not once per run.
drop trigger structures_search_outbox_update on structures;
create trigger structures_search_outbox_update
	after update on structures
	for each row
	when ((to_jsonb(old) - 'confirmed_at' - 'confirmed_by')
			is distinct from (to_jsonb(new) - 'confirmed_at' - 'confirmed_by')
		or date_trunc('day', old.confirmed_at at time zone 'UTC')
			is distinct from date_trunc('day', new.confirmed_at at time zone 'UTC'))
	execute function enqueue_search_from_structures();
