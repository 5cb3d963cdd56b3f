-- 0014_dossier_names_batched: new dossiers' rows in the applicant-name index (0009) are written by
-- the engine, once per group-commit batch, instead of by a trigger per dossier: FTS5 writes its
-- pending terms as a new index segment at every savepoint, so the trigger made one segment per new
-- dossier. The engine adds each new dossier's (id, applicant_folded) in the same transaction as
-- its projection row. The update and delete triggers stay.
DROP TRIGGER dossier_names_insert;
