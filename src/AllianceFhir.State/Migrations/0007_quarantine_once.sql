-- One quarantine row per unreadable input, however many runs read it again (issue 10 §2): keyed by where it came from,
-- what it is and a hash of its content (never the content itself). A later run that reads it again updates the
-- row's run, seen count and last-seen time; a retried batch of the same run does not count it twice.
alter table quarantine add column dedup_key text;
alter table quarantine add column seen_count {int} not null default 1;
alter table quarantine add column last_seen_at {timestamp};
create unique index quarantine_dedup_key on quarantine (dedup_key);
