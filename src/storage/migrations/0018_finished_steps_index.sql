-- The step drill-down of the indicators reads the steps an agency finished in a period; only
-- finished steps need indexing for it. dossier_steps_open (0001) also indexed every unfinished
-- step by due date, so each step was written into it when it started and moved when it finished,
-- and nothing reads that part. The partial index gets one entry per step, when it finishes.
DROP INDEX dossier_steps_open;
CREATE INDEX dossier_steps_finished ON dossier_steps(agency_code, finished_at)
    WHERE finished_at IS NOT NULL;
