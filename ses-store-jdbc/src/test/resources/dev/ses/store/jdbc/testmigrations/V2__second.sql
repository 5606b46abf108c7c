/* A second version. */
CREATE TABLE mig_b (id INTEGER PRIMARY KEY);
