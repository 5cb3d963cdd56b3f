-- 0005_attachments: files handed in with dossiers (DESIGN.md §5, docs/SCHEMA.md, docs/SECURITY.md).
--
-- The files themselves live outside the database, named by content: <attachment dir>/<aa>/<sha256>
-- where <aa> is the first two hex digits. The database keeps metadata only. No name a user sent
-- ever becomes a path: the display name is text for people.

-- One row per stored content (identical content is stored once).
CREATE TABLE attachments (
    sha256       TEXT PRIMARY KEY CHECK (length(sha256) = 64),  -- lower-case hex of the content
    tenant       TEXT NOT NULL,
    size         INTEGER NOT NULL,
    content_type TEXT NOT NULL,          -- MIME type recognised from the bytes, not the name
    stored_at    TEXT NOT NULL
) WITHOUT ROWID;

-- Who uploaded which content, under which display name; one row per uploader and content.
CREATE TABLE attachment_uploads (
    id              INTEGER PRIMARY KEY,
    tenant          TEXT NOT NULL,
    sha256          TEXT NOT NULL REFERENCES attachments(sha256),
    display_name    TEXT NOT NULL,       -- sanitised; for display only
    uploaded_by     INTEGER,             -- account id; NULL for the system
    uploader_agency TEXT NOT NULL DEFAULT '',  -- agency the uploader acted for; '' for citizens
    uploaded_at     TEXT NOT NULL
);
CREATE UNIQUE INDEX attachment_uploads_once
    ON attachment_uploads(sha256, ifnull(uploaded_by, 0), uploader_agency);
CREATE INDEX attachment_uploads_by ON attachment_uploads(uploaded_by, uploaded_at);

-- The attachments each dossier's events carry (Submitted / SupplementReceived), written with the
-- projection in the same transaction as the events; derived data, rebuilt with the projection.
CREATE TABLE dossier_attachments (
    dossier_id     INTEGER NOT NULL REFERENCES dossiers(id),
    component_code TEXT NOT NULL,
    sha256         TEXT NOT NULL REFERENCES attachments(sha256),
    PRIMARY KEY (dossier_id, component_code, sha256)
) WITHOUT ROWID;
CREATE INDEX dossier_attachments_content ON dossier_attachments(sha256);
