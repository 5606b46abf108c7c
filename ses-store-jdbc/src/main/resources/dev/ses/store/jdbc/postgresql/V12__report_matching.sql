-- ses schema, version 12, PostgreSQL: what matching a report to its message reads.

-- A report that carries no token is matched by the recipient and the sender domain it came back to: the domains of
-- that name, in whatever account, are found through this index instead of a read of every domain.
CREATE INDEX ses_domain_by_name_ix ON ses_domain (name);
