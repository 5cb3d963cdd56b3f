-- 0006_drafts: drafts of online submissions kept on the server (hồ sơ đang soạn; "lưu và quay
-- lại"), so an applicant can resume on another device (docs/SCHEMA.md, docs/API.md).
--
-- The rules are DraftService's (core/drafts/draft_service.hpp): only the owner sees a draft;
-- every save names the version it replaces (compare and set on `version`); a submitted draft is
-- read-only; a draft is gone `expires_at` on (30 days after its last change). A draft deleted by
-- its owner or purged after expiry is discarded: `answers` and `attachments` are erased and
-- `discarded_at` set, but the row stays as the record that a submission was started — the
-- settlement report counts drafts started and submitted in a period (docs/INDICATORS.md).
--
-- Instants are UTC 'YYYY-MM-DDTHH:MM:SS.ffffffZ' (fixed width, so they sort), as in 0002.

CREATE TABLE drafts (
    id             TEXT PRIMARY KEY,          -- random, unguessable (base64url)
    tenant         TEXT NOT NULL,
    owner_id       INTEGER NOT NULL REFERENCES accounts(id),
    procedure_code TEXT NOT NULL,
    agency_code    TEXT NOT NULL DEFAULT '',  -- receiving agency; '' until chosen; the
                                              -- dossier's once submitted
    answers        TEXT NOT NULL,             -- the web client's JSON, verbatim; '' once discarded
    attachments    TEXT NOT NULL DEFAULT '[]',  -- JSON array of SHA-256 (hex) of uploaded files
    version        INTEGER NOT NULL,          -- 1, 2, … one per save
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    expires_at     TEXT NOT NULL,
    dossier_code   TEXT,                      -- the dossier it became (then read-only)
    submitted_at   TEXT,
    discarded_at   TEXT                       -- deleted by the owner or purged after expiry
);
-- "My drafts": the open ones of an account, newest first; also counted for the per-account limit.
CREATE INDEX drafts_open_by_owner ON drafts(owner_id, updated_at)
    WHERE discarded_at IS NULL AND submitted_at IS NULL;
-- Purging expired drafts.
CREATE INDEX drafts_expiry ON drafts(expires_at) WHERE discarded_at IS NULL;
-- The settlement report: drafts started in a period.
CREATE INDEX drafts_created ON drafts(created_at);
