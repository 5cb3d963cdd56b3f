-- 0003_queues: what the dossier queues and lists read (docs/WORKFLOW.md "Queues and lists",
-- docs/SCHEMA.md): the folded applicant name, the active flag of step rows, indexes for every
-- queue shape, and per-status counters kept by triggers.

-- FoldVietnamese(applicant name), written with the projection, for name search. Rows written
-- before this migration hold '' until `motcua rebuild-projections --write` (which reports them).
ALTER TABLE dossiers ADD COLUMN applicant_folded TEXT NOT NULL DEFAULT '';

-- Scope by receiving agency (dossiers_queue serves the handling agency).
CREATE INDEX dossiers_receiving_queue ON dossiers(agency_code, status, due_at);
-- Open dossiers by due time across the province: the controller's queue, overdue, due soon.
-- Queries must repeat the condition `status IN (1, 2, 4, 5, 6)` word for word to use it.
CREATE INDEX dossiers_open_due ON dossiers(due_at) WHERE status IN (1, 2, 4, 5, 6);
-- Lists newest first: the province's, and an agency's (receiving or handling), read from the
-- index alone.
CREATE INDEX dossiers_submitted ON dossiers(submitted_at);
CREATE INDEX dossiers_receiving_submitted ON dossiers(agency_code, submitted_at);
CREATE INDEX dossiers_handling_submitted ON dossiers(handling_agency_code, submitted_at);
-- The citizen's own dossiers, newest first (replaces dossiers_account).
DROP INDEX dossiers_account;
CREATE INDEX dossiers_account ON dossiers(applicant_account, submitted_at);

-- 1 while the step waits for work: unfinished, on a dossier still in processing. A dossier
-- refused, stopped or withdrawn mid-step keeps its step unfinished (the projection says so) but
-- no queue should show it. Written with the step rows.
ALTER TABLE dossier_steps ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
UPDATE dossier_steps SET active = 0
    WHERE finished_at IS NOT NULL
       OR dossier_id IN (SELECT id FROM dossiers WHERE status NOT IN (1, 2, 4, 5, 6));
-- Active steps and consultations by agency (scope), and by assignee (a specialist's queue).
-- Queries must repeat `active = 1` to use them.
CREATE INDEX dossier_steps_active ON dossier_steps(agency_code) WHERE active = 1;
CREATE INDEX dossier_steps_assignee ON dossier_steps(assignee) WHERE active = 1;

-- Dossiers per national status, kept exact by the triggers below in the same transaction as
-- every projection write (derived data: rebuilt by this migration's INSERT from `dossiers`).
CREATE TABLE dossier_status_counts (
    status   INTEGER PRIMARY KEY,  -- national status 1..10
    dossiers INTEGER NOT NULL
);
INSERT INTO dossier_status_counts(status, dossiers)
    VALUES (1, 0), (2, 0), (3, 0), (4, 0), (5, 0), (6, 0), (7, 0), (8, 0), (9, 0), (10, 0);
UPDATE dossier_status_counts SET dossiers = c.n
    FROM (SELECT status, count(*) AS n FROM dossiers GROUP BY status) AS c
    WHERE c.status = dossier_status_counts.status;

CREATE TRIGGER dossiers_count_insert AFTER INSERT ON dossiers BEGIN
    UPDATE dossier_status_counts SET dossiers = dossiers + 1 WHERE status = NEW.status;
END;
CREATE TRIGGER dossiers_count_update AFTER UPDATE OF status ON dossiers
    WHEN OLD.status IS NOT NEW.status BEGIN
    UPDATE dossier_status_counts SET dossiers = dossiers - 1 WHERE status = OLD.status;
    UPDATE dossier_status_counts SET dossiers = dossiers + 1 WHERE status = NEW.status;
END;
CREATE TRIGGER dossiers_count_delete AFTER DELETE ON dossiers BEGIN
    UPDATE dossier_status_counts SET dossiers = dossiers - 1 WHERE status = OLD.status;
END;
