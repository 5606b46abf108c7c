-- ses schema, version 5, H2 2.x: the zone whose calendar a recurring task's days follow, and when a message was
-- first handed to the transport.

-- Tasks written before this version added fixed durations to their runs, which is what days in UTC do: they keep
-- that schedule.
ALTER TABLE ses_task ADD COLUMN zone_id VARCHAR(64) DEFAULT 'UTC' NOT NULL;

-- Where a message's retry age begins. Rows attempted before this version have none and count from created_at, as
-- they did.
ALTER TABLE ses_message ADD COLUMN first_attempt_at TIMESTAMP(6) WITH TIME ZONE;
