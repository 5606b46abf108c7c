-- ses schema, version 4, H2 2.x: the recent sends to each recipient mailbox, which the per-mailbox limit counts.

-- One row per send, kept while it counts (an hour) and pruned after; n tells apart sends to one mailbox at one
-- instant. The key serves the read of a mailbox's sends that count, the index the pruning of the oldest.
CREATE TABLE ses_mailbox_send (
    mailbox_lc VARCHAR(320) NOT NULL,
    sent_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    n          INTEGER      NOT NULL,
    CONSTRAINT ses_mailbox_send_pk PRIMARY KEY (mailbox_lc, sent_at, n)
);
CREATE INDEX ses_mailbox_send_at_ix ON ses_mailbox_send (sent_at);

-- One row per mailbox, locked by an admission until its transaction ends, so that admissions to one mailbox take
-- turns on every node; pruned an hour after it was created (an admission creates it again).
CREATE TABLE ses_mailbox_lock (
    mailbox_lc VARCHAR(320) PRIMARY KEY,
    created_at TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
CREATE INDEX ses_mailbox_lock_at_ix ON ses_mailbox_lock (created_at);
