// Test-only: the sample dossier the answer tests write out (DossierBody, PublicViewBody), an
// online dossier of one province agency, fresh or in processing with a consultation, and its
// public view. Header-only; the tests pin exact bytes of these values.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/calendar/civil_time.hpp"
#include "core/workflow/dossier.hpp"
#include "core/workflow/public_view.hpp"

namespace motcua::http::testing {

// The civil time of "YYYY-MM-DDTHH:MM" `text`, which must be valid.
inline core::calendar::LocalDateTime At(std::string_view text) {
    return *core::calendar::ParseDateTime(text);
}

// Dossier 42 (code 000.00.21.H99-260302-0001), just submitted online on 2026-03-02 09:00: an
// applicant with an account, components TP1 and TP2, one attachment for TP1, no steps.
inline core::workflow::Dossier SubmittedDossier() {
    namespace wf = core::workflow;
    wf::Dossier d;
    d.id = core::model::DossierId{42};
    d.version = 1;
    d.code = "000.00.21.H99-260302-0001";
    d.verification_key = "K7QX2M9P";
    d.agency_code = "000.00.21.H99";
    d.handling_agency_code = "000.00.21.H99";
    d.procedure_code = "1.001193";
    d.procedure_version = core::model::ProcedureVersionId{7};
    d.rule_set = "tt01-2018";
    d.channel = wf::Channel::kOnline;
    d.applicant = {"Nguyễn Văn An",
                   "001099012345",
                   "0912345678",
                   "an@example.vn",
                   "12 Hàng Bạc, Hoàn Kiếm, Hà Nội",
                   core::model::UserId{9}};
    d.components = {"TP1", "TP2"};
    d.attachments = {{"TP1", std::string(64, 'a'), "to-khai.pdf", 12345, "application/pdf"}};
    d.idempotency_key = "k-1";
    d.status = wf::DossierStatus::kSubmitted;
    d.submitted_at = At("2026-03-02T09:00");
    return d;
}

// Step `index` of agency 000.00.10.H99, assigned to user 100 + index, started 2026-03-02 10:30
// and due 2026-03-09 17:00; an agency leader's consultation or a specialist's step; when
// `finished`, finished early on 2026-03-04 15:45.
inline core::workflow::StepRecord SampleStep(int index,
                                             std::string name,
                                             bool consultation,
                                             bool finished) {
    namespace wf = core::workflow;
    wf::StepRecord s;
    s.index = index;
    s.name = std::move(name);
    s.role = consultation ? wf::Role::kAgencyLeader : wf::Role::kSpecialist;
    s.agency_code = "000.00.10.H99";
    s.assignee = core::model::UserId{100 + index};
    s.started_at = At("2026-03-02T10:30");
    s.due_at = At("2026-03-09T17:00");
    if (finished) {
        s.finished_at = At("2026-03-04T15:45");
        s.verdict = wf::Verdict::kEarly;
    }
    s.consultation = consultation;
    s.note = "Đã kiểm tra";
    return s;
}

// SubmittedDossier received by 000.00.10.H99 on 2026-03-02 10:30, due 2026-03-16 17:00, in
// processing (version 6, 150,000 VND due): step 0 finished, step 1 (the current step) not
// assigned, step 2 a consultation.
inline core::workflow::Dossier ProcessingDossier() {
    namespace wf = core::workflow;
    wf::Dossier d = SubmittedDossier();
    d.version = 6;
    d.status = wf::DossierStatus::kProcessing;
    d.handling_agency_code = "000.00.10.H99";
    d.received_at = At("2026-03-02T10:30");
    d.due_at = At("2026-03-16T17:00");
    d.steps = {SampleStep(0, "Tiếp nhận", false, true),
               SampleStep(1, "Thẩm định", false, false),
               SampleStep(2, "Lấy ý kiến Sở Xây dựng", true, false)};
    d.steps[1].assignee.reset();
    d.amount_due_vnd = 150'000;
    return d;
}

// The public view of ProcessingDossier with four timeline lines: submitted, received, a
// supplement request (one reason, with quotes) and an apology (new appointment 2026-03-16
// 17:00).
inline core::workflow::PublicView ProcessingPublicView() {
    namespace wf = core::workflow;
    wf::PublicView v = wf::PublicHeader(ProcessingDossier());
    v.timeline = {
        {At("2026-03-02T09:00"), "submitted", "Nộp hồ sơ", std::nullopt, std::nullopt},
        {At("2026-03-02T10:30"), "received", "Tiếp nhận hồ sơ", std::nullopt, std::nullopt},
        {At("2026-03-03T08:00"),
         "supplement_requested",
         "Yêu cầu bổ sung hồ sơ",
         std::vector<wf::Reason>{{"TP2", "Giấy chứng sinh bị mờ \"bản 1\"", "Nộp bản rõ nét"}},
         std::nullopt},
        {At("2026-03-05T08:00"),
         "apology_issued",
         "Xin lỗi và hẹn lại ngày trả kết quả",
         std::nullopt,
         At("2026-03-16T17:00")},
    };
    return v;
}

}  // namespace motcua::http::testing
