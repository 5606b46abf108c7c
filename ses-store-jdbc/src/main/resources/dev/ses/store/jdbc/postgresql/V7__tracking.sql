-- ses schema, version 7, PostgreSQL: tracking keys and setups, a request's tracking choice, a reading's details.

-- The keys that sign tracking and unsubscribe tokens when the host configures none: generated once, shared by the
-- nodes of one store (the first insert of an id wins). The secret is base64.
CREATE TABLE ses_tracking_key (
    id         VARCHAR(16)  NOT NULL PRIMARY KEY,
    secret     VARCHAR(200) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Where the tracking URLs of an account (sender_domain '') or of one of its sender domains point, and what an
-- unsubscription stops.
CREATE TABLE ses_tracking_setup (
    account           VARCHAR(200) NOT NULL,
    sender_domain     VARCHAR(253) NOT NULL,
    base_url          VARCHAR(200),
    unsubscribe_scope VARCHAR(16)  NOT NULL,
    CONSTRAINT ses_tracking_setup_pk PRIMARY KEY (account, sender_domain)
);

-- What a send or task allows of tracking; rows written before this version keep their kind's default.
ALTER TABLE ses_request ADD COLUMN track_opens BOOLEAN DEFAULT TRUE NOT NULL;
ALTER TABLE ses_request ADD COLUMN track_clicks BOOLEAN DEFAULT TRUE NOT NULL;
ALTER TABLE ses_request ADD COLUMN list_unsubscribe BOOLEAN;

-- An open's or click's reader: its address (when kept), its kind, and whether it was the copy's first.
ALTER TABLE ses_event ADD COLUMN ip VARCHAR(64);
ALTER TABLE ses_event ADD COLUMN reader VARCHAR(32);
ALTER TABLE ses_event ADD COLUMN first_reading BOOLEAN DEFAULT FALSE NOT NULL;
