-- 0007_admin: what the administration pages change (docs/SCHEMA.md, docs/WORKFLOW.md).
--
-- Disabled accounts: an administrator can disable an account (its sessions end at once; it
-- cannot sign in and its API tokens are refused) and enable it again.
ALTER TABLE accounts ADD COLUMN disabled_at TEXT;  -- UTC instant like the other account times

-- Every saved version of an internal process. `internal_processes` (0001) keeps the newest
-- version of each procedure × agency; a dossier follows the version that applied when it was
-- received: the highest version whose applies_from is at or before the dossier's reception
-- (or the first version, for a dossier received before any). Saving through the administration
-- makes a version apply from the minute after the save. Times are Vietnamese civil time
-- 'YYYY-MM-DDTHH:MM'.
CREATE TABLE internal_process_versions (
    id             INTEGER PRIMARY KEY,
    tenant         TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    agency_code    TEXT NOT NULL,
    version        INTEGER NOT NULL,        -- 1, 2, … per procedure × agency
    steps          TEXT NOT NULL,           -- JSON array of steps, as in internal_processes
    applies_from   TEXT NOT NULL,
    saved_at       TEXT NOT NULL,
    saved_by       TEXT NOT NULL DEFAULT '', -- administrator's username; '' when seeded
    UNIQUE (procedure_code, agency_code, version)
);

-- The processes saved before versions were kept become version 1 of each, applying to every
-- dossier received so far.
INSERT INTO internal_process_versions(tenant, procedure_code, agency_code, version, steps,
                                      applies_from, saved_at)
SELECT tenant, procedure_code, agency_code, 1, steps, '1900-01-01T00:00', '1900-01-01T00:00'
FROM internal_processes;
