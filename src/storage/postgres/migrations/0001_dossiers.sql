-- 0001_dossiers: the dossier event store and its projection on PostgreSQL (DESIGN.md §3, §5,
-- docs/POSTGRES.md). The same tables, columns and meaning as the SQLite schema
-- (src/storage/migrations/0001_core.sql, 0003_queues.sql, 0008_public_view.sql); times are
-- Vietnamese civil time as 'YYYY-MM-DDTHH:MM' text, as there. Once shipped, never edit this
-- file: add 0002_*.sql instead.

-- Dossier ids, taken when a dossier's first events are appended.
CREATE SEQUENCE dossier_ids;

-- The projection: one row per dossier, rebuilt exactly by replaying its events.
CREATE TABLE dossiers (
    id                   bigint PRIMARY KEY,
    tenant               text NOT NULL,
    code                 text NOT NULL UNIQUE,
    verification_key     text NOT NULL,
    agency_code          text NOT NULL,
    handling_agency_code text NOT NULL,
    procedure_code       text NOT NULL,
    channel              text NOT NULL,
    assisted             boolean NOT NULL,
    status               smallint NOT NULL,  -- national status 1..10
    submitted_at         text NOT NULL,
    received_at          text,
    due_at               text,
    finished_at          text,
    verdict              text NOT NULL,
    applicant_account    bigint,
    idempotency_key      text UNIQUE,        -- NULL when none
    version              bigint NOT NULL,
    applicant_folded     text NOT NULL,      -- FoldVietnamese(applicant name)
    body                 jsonb NOT NULL      -- the whole projection
);
-- The work queues (as SQLite's dossiers_queue, dossiers_receiving_queue, dossiers_open_due).
CREATE INDEX dossiers_queue ON dossiers(handling_agency_code, status, due_at);
CREATE INDEX dossiers_receiving_queue ON dossiers(agency_code, status, due_at);
CREATE INDEX dossiers_open_due ON dossiers(due_at) WHERE status IN (1, 2, 4, 5, 6);

-- Atomic per-agency daily counters for dossier codes.
CREATE TABLE dossier_counters (
    agency_code text NOT NULL,
    day         text NOT NULL,               -- 'YYMMDD'
    last        bigint NOT NULL,
    PRIMARY KEY (agency_code, day)
);

-- The event log: appended, never updated. `data` is the canonical JSON the audit chain hashes,
-- kept as text so its bytes are exactly the hashed ones.
CREATE TABLE events (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dossier_id bigint NOT NULL REFERENCES dossiers(id),
    seq        bigint NOT NULL,
    type       text NOT NULL,
    at         text NOT NULL,
    data       text NOT NULL,
    UNIQUE (dossier_id, seq)
);

-- hash = SHA-256(prev_hash ‖ data); one row per event, in event id order. Appends take a
-- transaction-level advisory lock before their events get ids, so the chain never forks.
CREATE TABLE audit_chain (
    event_id  bigint PRIMARY KEY REFERENCES events(id),
    prev_hash bytea NOT NULL,
    hash      bytea NOT NULL
);

-- Step deadlines, one row per step (and consultation), for queues and lateness attribution.
-- `active`: unfinished, on a dossier still in processing.
CREATE TABLE dossier_steps (
    dossier_id   bigint NOT NULL REFERENCES dossiers(id),
    step_index   integer NOT NULL,
    name         text NOT NULL,
    role         text NOT NULL,
    agency_code  text NOT NULL,
    assignee     bigint,
    started_at   text NOT NULL,
    due_at       text NOT NULL,
    finished_at  text,
    verdict      text NOT NULL,
    consultation boolean NOT NULL,
    active       boolean NOT NULL,
    PRIMARY KEY (dossier_id, step_index)
);
CREATE INDEX dossier_steps_active ON dossier_steps(agency_code) WHERE active;
CREATE INDEX dossier_steps_assignee ON dossier_steps(assignee) WHERE active;

-- Messages to other systems, delivered by the outbox dispatcher, which finds work through
-- outbox_pending. No unique index on (topic, key): a row is written only in the transaction of
-- its event, which is appended once (as on SQLite since its 0015).
CREATE TABLE outbox (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic        text NOT NULL,
    key          text NOT NULL,
    dossier_id   bigint NOT NULL,
    event_seq    bigint NOT NULL,
    created_at   text NOT NULL,
    state        text NOT NULL DEFAULT 'pending',  -- pending | delivered | dead
    attempts     integer NOT NULL DEFAULT 0,
    next_attempt text,
    last_error   text
);
CREATE INDEX outbox_pending ON outbox(state, next_attempt);

-- The public tracking view of every dossier, written with the projection.
CREATE TABLE dossier_public (
    dossier_id           bigint PRIMARY KEY REFERENCES dossiers(id),
    code                 text NOT NULL UNIQUE,
    tenant               text NOT NULL,
    verification_key     text NOT NULL,
    procedure_code       text NOT NULL,
    agency_code          text NOT NULL,
    handling_agency_code text NOT NULL,
    channel              text NOT NULL,
    status               smallint NOT NULL,
    submitted_at         text NOT NULL,
    received_at          text,
    due_at               text,
    finished_at          text,
    returned_at          text,
    verdict              text NOT NULL,
    version              bigint NOT NULL,  -- the projection version it reflects
    timeline             jsonb NOT NULL    -- array of {"at", "event", "title"[, "reasons" | "new_due_at"]}
);
