-- 0002_accounts: accounts, sessions, API tokens, pending self-registrations and the
-- notification sink (docs/SECURITY.md, docs/SCHEMA.md).
--
-- Instants here are UTC, 'YYYY-MM-DDTHH:MM:SS.ffffffZ' (fixed width, so they sort): sessions
-- and lockouts are measured in seconds, not in civil minutes. Secrets are stored only as
-- hashes: passwords as argon2id encodings, session and API tokens as hex SHA-256.

CREATE TABLE accounts (
    id            INTEGER PRIMARY KEY,
    tenant        TEXT NOT NULL,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL,           -- citizen | one_stop_officer | specialist | …
    agency_code   TEXT NOT NULL DEFAULT '',
    phone         TEXT UNIQUE,             -- '0xxxxxxxxx' or NULL
    email         TEXT UNIQUE,             -- lower-case or NULL
    password_hash TEXT NOT NULL,
    demo          INTEGER NOT NULL DEFAULT 0,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until  TEXT,
    created_at    TEXT NOT NULL,
    last_login_at TEXT
);
CREATE INDEX accounts_role ON accounts(role, agency_code);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,         -- SHA-256 of the cookie's token
    tenant       TEXT NOT NULL,
    account_id   INTEGER NOT NULL REFERENCES accounts(id),
    csrf_token   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL             -- absolute end
) WITHOUT ROWID;
CREATE INDEX sessions_account ON sessions(account_id);
CREATE INDEX sessions_expiry ON sessions(expires_at);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    tenant       TEXT NOT NULL,
    account_id   INTEGER NOT NULL REFERENCES accounts(id),
    name         TEXT NOT NULL,
    prefix       TEXT NOT NULL,            -- first characters of the token, for lists
    token_hash   TEXT NOT NULL UNIQUE,     -- SHA-256 of the token
    created_at   TEXT NOT NULL,
    expires_at   TEXT,
    last_used_at TEXT,
    revoked_at   TEXT
);
CREATE INDEX api_tokens_account ON api_tokens(account_id);

-- Self-registrations waiting for their one-time code; one per contact.
CREATE TABLE pending_registrations (
    contact       TEXT PRIMARY KEY,        -- normalised phone or e-mail
    tenant        TEXT NOT NULL,
    kind          TEXT NOT NULL,           -- phone | email
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    code_salt     TEXT NOT NULL,
    code_hash     TEXT NOT NULL,           -- SHA-256(code_salt ':' code)
    attempts      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL
) WITHOUT ROWID;

-- Messages handed to the built-in SMS / e-mail sink (the simulator reads them).
CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    tenant     TEXT NOT NULL,
    channel    TEXT NOT NULL,              -- sms | email
    recipient  TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX notifications_recipient ON notifications(recipient, id);
