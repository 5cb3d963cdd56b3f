-- 0009: a full-text index over the folded applicant names (docs/SCHEMA.md), so an officer's
-- name search reads the few matching dossiers instead of scanning every dossier in scope.
--
-- External-content FTS5 over dossiers.applicant_folded (FoldVietnamese of the applicant's
-- name: lower case, no diacritics, đ → d), kept by the triggers below in the same transaction as
-- the projection row. The projection's upsert names applicant_folded on every event; the update
-- trigger acts only when the folded name really changes.
CREATE VIRTUAL TABLE dossier_names USING fts5(
    applicant_folded,
    content = 'dossiers',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 0'
);
INSERT INTO dossier_names(dossier_names) VALUES ('rebuild');

CREATE TRIGGER dossier_names_insert AFTER INSERT ON dossiers BEGIN
    INSERT INTO dossier_names(rowid, applicant_folded) VALUES (new.id, new.applicant_folded);
END;

CREATE TRIGGER dossier_names_update AFTER UPDATE OF applicant_folded ON dossiers
WHEN old.applicant_folded IS NOT new.applicant_folded BEGIN
    INSERT INTO dossier_names(dossier_names, rowid, applicant_folded)
        VALUES ('delete', old.id, old.applicant_folded);
    INSERT INTO dossier_names(rowid, applicant_folded) VALUES (new.id, new.applicant_folded);
END;

CREATE TRIGGER dossier_names_delete AFTER DELETE ON dossiers BEGIN
    INSERT INTO dossier_names(dossier_names, rowid, applicant_folded)
        VALUES ('delete', old.id, old.applicant_folded);
END;
