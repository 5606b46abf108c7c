-- ses schema, version 4, H2 2.x: the zone whose calendar a recurring task's days follow.

-- Tasks written before this version added fixed durations to their runs, which is what days in UTC do: they keep
-- that schedule.
ALTER TABLE ses_task ADD COLUMN zone_id VARCHAR(64) DEFAULT 'UTC' NOT NULL;
