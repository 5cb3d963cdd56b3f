-- The outbox without its UNIQUE (topic, key) index. Each row is written in the transaction of
-- the event it reports, and an event is appended once (events UNIQUE (dossier_id, seq)), so the
-- index guarded nothing; its keys begin with the agency code, so every append wrote into one of
-- many index pages. The receiver's idempotency key `<dossier code>#<event seq>` stays in `key`.
-- The dispatcher finds work through outbox_pending.
CREATE TABLE outbox_rebuilt (
    id           INTEGER PRIMARY KEY,
    topic        TEXT NOT NULL,
    key          TEXT NOT NULL,
    dossier_id   INTEGER NOT NULL,
    event_seq    INTEGER NOT NULL,
    created_at   TEXT NOT NULL,
    state        TEXT NOT NULL DEFAULT 'pending',  -- pending | delivered | dead
    attempts     INTEGER NOT NULL DEFAULT 0,
    next_attempt TEXT,
    last_error   TEXT
);
INSERT INTO outbox_rebuilt(id, topic, key, dossier_id, event_seq, created_at, state, attempts,
                           next_attempt, last_error)
SELECT id, topic, key, dossier_id, event_seq, created_at, state, attempts, next_attempt,
       last_error
FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_rebuilt RENAME TO outbox;
CREATE INDEX outbox_pending ON outbox(state, next_attempt);
