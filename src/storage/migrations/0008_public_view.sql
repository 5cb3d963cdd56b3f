-- 0008_public_view: the public tracking view of every dossier (docs/SCHEMA.md), so that a public
-- status lookup (GET /api/public/dossiers/{code}?key=…) is one read of one row.
--
-- What anyone holding a dossier's code and verification key may see (core/workflow/
-- public_view.hpp): status, dates, the appointment and a timeline without personal data,
-- assignments or notes. Written with the projection in the transaction of every append (the
-- timeline gains the new events' lines); `motcua rebuild-projections` recomputes it from the
-- events, compares and, with --write, repairs it.
-- A rowid table (not WITHOUT ROWID): a row holds the whole timeline, often more than the ~1 KB
-- an index b-tree keeps on its page, and it is rewritten by every event of its dossier.
CREATE TABLE dossier_public (
    dossier_id           INTEGER PRIMARY KEY REFERENCES dossiers(id),
    code                 TEXT NOT NULL UNIQUE,
    tenant               TEXT NOT NULL,
    verification_key     TEXT NOT NULL,
    procedure_code       TEXT NOT NULL,
    agency_code          TEXT NOT NULL,
    handling_agency_code TEXT NOT NULL,
    channel              TEXT NOT NULL,
    status               INTEGER NOT NULL,  -- national status 1..10
    submitted_at         TEXT NOT NULL,
    received_at          TEXT,
    due_at               TEXT,
    finished_at          TEXT,
    returned_at          TEXT,
    verdict              TEXT NOT NULL,
    version              INTEGER NOT NULL,  -- the projection version it reflects
    -- JSON array, one object per public event in order:
    -- {"at", "event", "title"} plus "reasons" (supplement request, refusal) or "new_due_at"
    -- (apology).
    timeline             TEXT NOT NULL
);

-- The view of the dossiers already there, from their projection rows and events.
INSERT INTO dossier_public(code, tenant, dossier_id, verification_key, procedure_code,
                           agency_code, handling_agency_code, channel, status, submitted_at,
                           received_at, due_at, finished_at, returned_at, verdict, version,
                           timeline)
SELECT d.code, d.tenant, d.id, d.verification_key, d.procedure_code, d.agency_code,
       d.handling_agency_code, d.channel, d.status, d.submitted_at, d.received_at, d.due_at,
       d.finished_at, json_extract(d.body, '$.returned_at'), d.verdict, d.version,
       (SELECT json_group_array(json_patch(
                   json_object('at', e.at, 'event', e.type, 'title', CASE e.type
                       WHEN 'submitted' THEN 'Nộp hồ sơ'
                       WHEN 'received' THEN 'Tiếp nhận hồ sơ'
                       WHEN 'supplement_requested' THEN 'Yêu cầu bổ sung hồ sơ'
                       WHEN 'supplement_received' THEN 'Nhận hồ sơ bổ sung'
                       WHEN 'refused' THEN 'Từ chối hồ sơ'
                       WHEN 'step_started' THEN
                           CASE WHEN json_extract(e.data, '$.data.consultation')
                                THEN 'Lấy ý kiến cơ quan liên quan' ELSE 'Chuyển xử lý' END
                       WHEN 'step_completed' THEN 'Hoàn thành bước xử lý'
                       WHEN 'payment_requested' THEN 'Yêu cầu thực hiện nghĩa vụ tài chính'
                       WHEN 'payment_received' THEN 'Đã thanh toán'
                       WHEN 'result_issued' THEN 'Có kết quả giải quyết'
                       WHEN 'returned' THEN 'Trả kết quả'
                       WHEN 'apology_issued' THEN 'Xin lỗi và hẹn lại ngày trả kết quả'
                       WHEN 'stopped' THEN 'Dừng xử lý'
                       WHEN 'withdrawn' THEN 'Rút hồ sơ'
                       WHEN 'rated' THEN 'Đánh giá'
                   END),
                   CASE
                       WHEN e.type IN ('supplement_requested', 'refused') THEN
                           json_object('reasons', json(json_extract(e.data, '$.data.reasons')))
                       WHEN e.type = 'apology_issued' THEN
                           json_object('new_due_at', json_extract(e.data, '$.data.new_due_at'))
                       ELSE '{}'
                   END))
        FROM (SELECT * FROM events WHERE dossier_id = d.id AND type <> 'step_assigned'
              ORDER BY seq) e)
FROM dossiers d;
