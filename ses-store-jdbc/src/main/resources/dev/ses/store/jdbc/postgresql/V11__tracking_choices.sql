-- ses schema, version 11, PostgreSQL: a task's tracking choice, a consent variable per send or task, the link sets of sent copies.

-- What a task's messages allow of tracking; tasks written before this version keep the bulk default.
ALTER TABLE ses_task ADD COLUMN track_opens BOOLEAN DEFAULT TRUE NOT NULL;
ALTER TABLE ses_task ADD COLUMN track_clicks BOOLEAN DEFAULT TRUE NOT NULL;
ALTER TABLE ses_task ADD COLUMN list_unsubscribe BOOLEAN DEFAULT TRUE NOT NULL;

-- The variable (a group column, a shared or a send variable) whose value allows each recipient's tracking.
ALTER TABLE ses_task ADD COLUMN tracking_consent VARCHAR(64);
ALTER TABLE ses_request ADD COLUMN tracking_consent VARCHAR(64);

-- The counted links of sent copies, each list once under the digest of its content: a click finds its link here,
-- whatever the tracking setup says after the copy was sent.
CREATE TABLE ses_link_set (
    id    VARCHAR(22) NOT NULL PRIMARY KEY,
    links TEXT        NOT NULL
);
