-- ses schema, version 5, PostgreSQL: the zone whose calendar a recurring task's days follow, and when a message was
-- first handed to the transport.

-- Tasks written before this version added fixed durations to their runs, which is what days in UTC do: they keep
-- that schedule. A constant default does not rewrite the table.
ALTER TABLE ses_task ADD COLUMN zone_id VARCHAR(64) DEFAULT 'UTC' NOT NULL;

-- Where a message's retry age begins. Rows attempted before this version have none and count from created_at, as
-- they did.
ALTER TABLE ses_message ADD COLUMN first_attempt_at TIMESTAMP WITH TIME ZONE;
