-- The secondary indexes a bulk load (seed-demo into an empty database) dropped so as not to
-- maintain them row by row, with the statements that build them again. Written in the same
-- transaction as the DROP INDEX; Database::RestoreIndexes (and opening the database, after a
-- load that was interrupted) runs each statement and deletes its row in one transaction.
CREATE TABLE deferred_indexes (
    name TEXT PRIMARY KEY,
    sql  TEXT NOT NULL
);
