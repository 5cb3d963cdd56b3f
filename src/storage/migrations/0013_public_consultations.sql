-- 0013_public_consultations: the public timeline names the steps of a consultation of another
-- agency for what they are (core/workflow/public_view.hpp): "consultation_started" (Lấy ý kiến
-- cơ quan liên quan) instead of "step_started", and "consultation_answered" (Có ý kiến của cơ
-- quan liên quan) instead of "step_completed". The timelines of dossiers that had a consultation
-- are written again from their events, line for line as 0008 writes them.
UPDATE dossier_public
SET timeline = (
    SELECT json_group_array(json_patch(
               json_object(
                   'at', e.at,
                   'event', CASE
                       WHEN e.type = 'step_started' AND json_extract(e.data, '$.data.consultation')
                           THEN 'consultation_started'
                       WHEN e.type = 'step_completed' AND e.consulted THEN 'consultation_answered'
                       ELSE e.type
                   END,
                   'title', CASE e.type
                       WHEN 'submitted' THEN 'Nộp hồ sơ'
                       WHEN 'received' THEN 'Tiếp nhận hồ sơ'
                       WHEN 'supplement_requested' THEN 'Yêu cầu bổ sung hồ sơ'
                       WHEN 'supplement_received' THEN 'Nhận hồ sơ bổ sung'
                       WHEN 'refused' THEN 'Từ chối hồ sơ'
                       WHEN 'step_started' THEN
                           CASE WHEN json_extract(e.data, '$.data.consultation')
                                THEN 'Lấy ý kiến cơ quan liên quan' ELSE 'Chuyển xử lý' END
                       WHEN 'step_completed' THEN
                           CASE WHEN e.consulted THEN 'Cơ quan liên quan đã cho ý kiến'
                                ELSE 'Hoàn thành bước xử lý' END
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
    FROM (SELECT ev.*,
                 ev.type = 'step_completed' AND EXISTS (
                     SELECT 1 FROM events s
                     WHERE s.dossier_id = ev.dossier_id AND s.type = 'step_started'
                       AND json_extract(s.data, '$.data.consultation')
                       AND json_extract(s.data, '$.data.index') =
                           json_extract(ev.data, '$.data.index')) AS consulted
          FROM events ev
          WHERE ev.dossier_id = dossier_public.dossier_id AND ev.type <> 'step_assigned'
          ORDER BY ev.seq) e)
WHERE dossier_id IN (
    SELECT dossier_id FROM events
    WHERE type = 'step_started' AND json_extract(data, '$.data.consultation'));
