-- 0020_public_view_in_dossiers: the public tracking view (0008, 0013, 0016) becomes part of the
-- dossier's projection row instead of a row of its own, so an append writes one row per dossier
-- and a public status lookup (GET /api/public/dossiers/{code}?key=…) still reads one row, found
-- by the unique `code` of `dossiers`.
--
-- The view's code, verification key, procedure, agencies, channel, status, dates, verdict and
-- version are the projection's own columns (core/workflow/public_view.hpp: PublicHeader takes
-- them from the projection); what only the view had becomes two columns of `dossiers`:
--   returned_at  when the result was handed to the applicant (NULL before);
--   timeline     the public timeline, a JSON array in exactly the form of the public answer's
--                "timeline" (keys sorted, no spaces), one line per public event in order; an
--                append adds its events' lines to it.
ALTER TABLE dossiers ADD COLUMN returned_at TEXT;
ALTER TABLE dossiers ADD COLUMN timeline TEXT NOT NULL DEFAULT '[]';

-- The stored views of the dossiers already there, copied as they are (bytes included: a lookup
-- copies the timeline into its answer). Only these two columns are written, so the triggers on
-- `dossiers` (status counts, applicant-name index) do not fire.
UPDATE dossiers
SET returned_at = p.returned_at,
    timeline = p.timeline
FROM dossier_public AS p
WHERE p.dossier_id = dossiers.id;

-- A bulk load defers only the indexes of dossiers, dossier_steps, outbox and
-- dossier_attachments, never one of dossier_public; a statement naming the dropped table would
-- stop the database from opening, so none is kept.
DELETE FROM deferred_indexes WHERE sql LIKE '%dossier_public%';

DROP TABLE dossier_public;
