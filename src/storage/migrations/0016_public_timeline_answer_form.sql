-- 0016_public_timeline_answer_form: every stored public timeline in the exact form of the public
-- answer's "timeline" (GET /api/public/dossiers/{code}), which now copies the stored bytes
-- instead of decoding and writing them again: each line's keys in sorted order ("at", "event",
-- "new_due_at", "reasons", "title"; a reason's "component", "fix", "problem"), no spaces, the
-- strings as JSON writes them. The engine writes lines in this form (storage's
-- EncodePublicEntry); 0008 and 0013 put "title" before "reasons" and "new_due_at". Only lines
-- with reasons or a new appointment differ, so only timelines holding one are written again.
UPDATE dossier_public
SET timeline = (
    SELECT '[' || coalesce(group_concat(line, ','), '') || ']'
    FROM (SELECT '{"at":' || json_quote(t.value ->> 'at') ||
                 ',"event":' || json_quote(t.value ->> 'event') ||
                 CASE WHEN t.value ->> 'new_due_at' IS NOT NULL
                      THEN ',"new_due_at":' || json_quote(t.value ->> 'new_due_at')
                      ELSE '' END ||
                 CASE WHEN json_type(t.value, '$.reasons') = 'array'
                      THEN ',"reasons":[' || coalesce((
                          SELECT group_concat(reason, ',')
                          FROM (SELECT '{"component":' || json_quote(r.value ->> 'component') ||
                                       ',"fix":' || json_quote(r.value ->> 'fix') ||
                                       ',"problem":' || json_quote(r.value ->> 'problem') ||
                                       '}' AS reason
                                FROM json_each(t.value, '$.reasons') r
                                ORDER BY r.key)), '') || ']'
                      ELSE '' END ||
                 ',"title":' || json_quote(t.value ->> 'title') || '}' AS line
          FROM json_each(dossier_public.timeline) t
          ORDER BY t.key))
WHERE timeline LIKE '%"reasons":%' OR timeline LIKE '%"new_due_at":%';
