-- The first statement succeeds, the second names a table that does not exist: the whole
-- migration must roll back, the new table included.
CREATE TABLE half (id INTEGER PRIMARY KEY);
INSERT INTO no_such_table (id) VALUES (1);
