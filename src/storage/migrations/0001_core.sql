-- 0001_core: the core schema of motcua (DESIGN.md §3–§5, docs/SCHEMA.md).
--
-- Every table carries the tenant (province identifier, e.g. 'H99') so a province can move to its
-- own database. Times are Vietnamese civil time as 'YYYY-MM-DDTHH:MM' text (they sort), dates
-- 'YYYY-MM-DD'. Once a release has shipped, never edit this file: add 0002_*.sql instead.

CREATE TABLE agencies (
    id            INTEGER PRIMARY KEY,
    tenant        TEXT NOT NULL,
    code          TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    kind          TEXT NOT NULL,
    parent_id     INTEGER REFERENCES agencies(id),
    sessions      TEXT NOT NULL,           -- '07:00-11:30,13:30-17:00'
    paper_cutoff  TEXT NOT NULL,           -- 'HH:MM'
    online_cutoff TEXT                     -- 'HH:MM' or NULL
);
CREATE INDEX agencies_parent ON agencies(parent_id);

CREATE TABLE agency_calendar_entries (
    agency_id INTEGER NOT NULL REFERENCES agencies(id),
    date      TEXT NOT NULL,
    kind      TEXT NOT NULL,
    name      TEXT NOT NULL,
    PRIMARY KEY (agency_id, date)
);

CREATE TABLE publication_decisions (
    id           INTEGER PRIMARY KEY,
    tenant       TEXT NOT NULL,
    number       TEXT NOT NULL UNIQUE,
    title        TEXT NOT NULL,
    issuer       TEXT NOT NULL,
    signed_on    TEXT NOT NULL,
    effective_on TEXT NOT NULL
);

CREATE TABLE decision_items (
    decision_id   INTEGER NOT NULL REFERENCES publication_decisions(id),
    position      INTEGER NOT NULL,
    kind          TEXT NOT NULL,           -- new | amended | replaced | abolished
    code          TEXT NOT NULL,
    replaced_code TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (decision_id, position)
);

CREATE TABLE procedure_versions (
    id                  INTEGER PRIMARY KEY,
    tenant              TEXT NOT NULL,
    code                TEXT NOT NULL,
    version             INTEGER NOT NULL,
    name                TEXT NOT NULL,
    folded_name         TEXT NOT NULL,     -- FoldVietnamese(name)
    sector_code         TEXT NOT NULL,
    sector_name         TEXT NOT NULL,
    level               TEXT NOT NULL,
    implementing_agency TEXT NOT NULL,
    competent_agency    TEXT NOT NULL,
    steps               TEXT NOT NULL,
    subjects            TEXT NOT NULL,
    requirements        TEXT NOT NULL,
    deadline            INTEGER NOT NULL,
    deadline_unit       TEXT NOT NULL,
    legal_basis         TEXT NOT NULL,
    result              TEXT NOT NULL,
    online_level        TEXT NOT NULL,
    postal              INTEGER NOT NULL,
    decision_id         INTEGER REFERENCES publication_decisions(id),
    effective_from      TEXT NOT NULL,
    effective_to        TEXT,              -- exclusive; NULL while in force
    body                TEXT NOT NULL,     -- JSON: components, fees
    UNIQUE (code, version)
);
CREATE INDEX procedure_versions_in_force ON procedure_versions(code, effective_from);

-- Folded text of the versions, for diacritic-insensitive search (rowid = procedure_versions.id).
CREATE VIRTUAL TABLE procedure_search USING fts5(folded, tokenize = 'unicode61');

CREATE TABLE delegations (
    id              INTEGER PRIMARY KEY,
    tenant          TEXT NOT NULL,
    procedure_code  TEXT NOT NULL,
    from_agency     TEXT NOT NULL,
    to_agency       TEXT NOT NULL,
    kind            TEXT NOT NULL,         -- decentralization | authorization
    decision_number TEXT NOT NULL,
    effective_from  TEXT NOT NULL,
    effective_to    TEXT
);
CREATE INDEX delegations_code ON delegations(procedure_code);

CREATE TABLE simplification_reviews (
    id                INTEGER PRIMARY KEY,
    tenant            TEXT NOT NULL,
    procedure_code    TEXT NOT NULL,
    decision_number   TEXT NOT NULL,
    deadline_before   INTEGER NOT NULL,
    deadline_after    INTEGER NOT NULL,
    cost_before_vnd   INTEGER NOT NULL,
    cost_after_vnd    INTEGER NOT NULL,
    subjects_per_year INTEGER NOT NULL,
    times_per_year    INTEGER NOT NULL
);

CREATE TABLE internal_processes (
    id             INTEGER PRIMARY KEY,
    tenant         TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    agency_code    TEXT NOT NULL,
    steps          TEXT NOT NULL,          -- JSON array of steps
    UNIQUE (procedure_code, agency_code)
);

-- The projection: one row per dossier, rebuilt exactly by replaying its events.
CREATE TABLE dossiers (
    id                   INTEGER PRIMARY KEY,
    tenant               TEXT NOT NULL,
    code                 TEXT NOT NULL UNIQUE,
    verification_key     TEXT NOT NULL,
    agency_code          TEXT NOT NULL,
    handling_agency_code TEXT NOT NULL,
    procedure_code       TEXT NOT NULL,
    channel              TEXT NOT NULL,
    assisted             INTEGER NOT NULL,
    status               INTEGER NOT NULL,  -- national status 1..10
    submitted_at         TEXT NOT NULL,
    received_at          TEXT,
    due_at               TEXT,
    finished_at          TEXT,
    verdict              TEXT NOT NULL,
    applicant_account    INTEGER,
    idempotency_key      TEXT UNIQUE,       -- NULL when none
    version              INTEGER NOT NULL,
    body                 TEXT NOT NULL       -- JSON of the whole projection
);
CREATE INDEX dossiers_queue ON dossiers(handling_agency_code, status, due_at);
CREATE INDEX dossiers_agency ON dossiers(agency_code, received_at);
CREATE INDEX dossiers_account ON dossiers(applicant_account);

-- Atomic per-agency daily counters for dossier codes.
CREATE TABLE dossier_counters (
    agency_code TEXT NOT NULL,
    day         TEXT NOT NULL,              -- 'YYMMDD'
    last        INTEGER NOT NULL,
    PRIMARY KEY (agency_code, day)
) WITHOUT ROWID;

-- The event log: appended, never updated. `data` is the canonical JSON the audit chain hashes.
CREATE TABLE events (
    id         INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
    seq        INTEGER NOT NULL,
    type       TEXT NOT NULL,
    at         TEXT NOT NULL,
    data       TEXT NOT NULL,
    UNIQUE (dossier_id, seq)
);

-- hash = SHA-256(prev_hash ‖ data); one row per event, in event id order.
CREATE TABLE audit_chain (
    event_id  INTEGER PRIMARY KEY REFERENCES events(id),
    prev_hash BLOB NOT NULL,
    hash      BLOB NOT NULL
);

-- Step deadlines, one row per step (and consultation), for queues and lateness attribution.
CREATE TABLE dossier_steps (
    dossier_id   INTEGER NOT NULL REFERENCES dossiers(id),
    step_index   INTEGER NOT NULL,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL,
    agency_code  TEXT NOT NULL,
    assignee     INTEGER,
    started_at   TEXT NOT NULL,
    due_at       TEXT NOT NULL,
    finished_at  TEXT,
    verdict      TEXT NOT NULL,
    consultation INTEGER NOT NULL,
    PRIMARY KEY (dossier_id, step_index)
) WITHOUT ROWID;
CREATE INDEX dossier_steps_open ON dossier_steps(agency_code, finished_at, due_at);

-- Messages to other systems, delivered by the outbox dispatcher.
CREATE TABLE outbox (
    id           INTEGER PRIMARY KEY,
    topic        TEXT NOT NULL,
    key          TEXT NOT NULL,
    dossier_id   INTEGER NOT NULL,
    event_seq    INTEGER NOT NULL,
    created_at   TEXT NOT NULL,
    state        TEXT NOT NULL DEFAULT 'pending',  -- pending | delivered | dead
    attempts     INTEGER NOT NULL DEFAULT 0,
    next_attempt TEXT,
    last_error   TEXT,
    UNIQUE (topic, key)
);
CREATE INDEX outbox_pending ON outbox(state, next_attempt);
