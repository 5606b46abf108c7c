-- ses schema, version 10, H2 2.x: indexes for the delivery response lists, the real-time queue and the statistics
-- series filtered by sender domain and template.

-- Opens and clicks, spam reports and bounces are listed per account and type, by time then sequence number (the
-- key of their pages), and the queue's last hour counts them per window.
CREATE INDEX ses_event_list_ix ON ses_event (account, type, occurred_at, seq);

-- The real-time queue counts one account's unsettled messages.
CREATE INDEX ses_message_queue_ix ON ses_message (account, state);

-- A series of one sender domain and template reads its own cells, not every cell of its days.
CREATE INDEX ses_stat_sender_template_ix ON ses_stat (account, granularity, sender_domain, template_id, bucket);
