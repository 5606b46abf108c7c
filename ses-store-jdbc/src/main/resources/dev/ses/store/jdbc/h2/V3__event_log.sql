-- ses schema, version 3, H2 2.x: the event log and its consumers' cursors.

-- One row per thing that happened to a message, appended in the transaction of the change it describes.
-- seq follows commit order: appenders hold the row of ses_event_head until their transaction ends.
CREATE TABLE ses_event (
    seq              BIGINT       PRIMARY KEY,
    event_key        VARCHAR(200) NOT NULL,
    type             VARCHAR(16)  NOT NULL,
    account          VARCHAR(200) NOT NULL,
    message_id       VARCHAR(100) NOT NULL,
    delivery_id      BIGINT       NOT NULL,
    recipient        VARCHAR(320) NOT NULL,
    recipient_domain VARCHAR(253) NOT NULL,
    from_address     VARCHAR(320) NOT NULL,
    sender_domain    VARCHAR(253) NOT NULL,
    template_id      BIGINT       NOT NULL,
    task_id          BIGINT,
    run_id           BIGINT,
    attempt          INTEGER      NOT NULL,
    occurred_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    reason           VARCHAR,
    bounce_type      VARCHAR(8),
    link             VARCHAR,
    user_agent       VARCHAR,
    CONSTRAINT ses_event_key_uq UNIQUE (event_key)
);
CREATE INDEX ses_event_at_ix ON ses_event (occurred_at);
CREATE INDEX ses_event_message_ix ON ses_event (account, message_id, seq);

CREATE TABLE ses_event_head (
    id       INTEGER PRIMARY KEY,
    last_seq BIGINT  NOT NULL
);
INSERT INTO ses_event_head (id, last_seq) VALUES (1, 0);

CREATE TABLE ses_event_cursor (
    consumer    VARCHAR(100) PRIMARY KEY,
    last_read   BIGINT       NOT NULL,
    lease_owner VARCHAR(200),
    lease_until TIMESTAMP(6) WITH TIME ZONE
);
