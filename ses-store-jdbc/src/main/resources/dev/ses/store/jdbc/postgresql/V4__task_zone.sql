-- ses schema, version 4, PostgreSQL: the zone whose calendar a recurring task's days follow.

-- Tasks written before this version added fixed durations to their runs, which is what days in UTC do: they keep
-- that schedule. A constant default does not rewrite the table.
ALTER TABLE ses_task ADD COLUMN zone_id VARCHAR(64) DEFAULT 'UTC' NOT NULL;
