-- A first version; the semicolon inside the string must not split the statement.
CREATE TABLE mig_a (id INTEGER PRIMARY KEY, note VARCHAR(20));
INSERT INTO mig_a (id, note) VALUES (1, 'semi;colon');
