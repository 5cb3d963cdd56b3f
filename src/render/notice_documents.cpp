// The notices: supplement request, refusal, apology with a new appointment, stop notice.
#include <optional>
#include <string>
#include <variant>

#include <fmt/format.h>

#include "core/workflow/rule_set.hpp"
#include "render/internal/document_forms.hpp"
#include "render/internal/document_layout.hpp"
#include "render/vietnamese_text.hpp"

namespace motcua::render::internal {

using core::calendar::LocalDateTime;
using core::workflow::ApologyIssued;
using core::workflow::DocumentInput;
using core::workflow::DocumentKind;
using core::workflow::Dossier;
using core::workflow::Event;
using core::workflow::Received;
using core::workflow::Refused;
using core::workflow::Stopped;
using core::workflow::SupplementRequested;

namespace {

// The lines shared by the apology and the stop notice: addressee, reception, appointment.
void LetterOpening(PdfWriter& w, const DocumentInput& in, std::optional<LocalDateTime> due) {
    const Dossier& d = in.dossier;
    w.Skip(6);
    Centered(w, Escape("Kính gửi: ") + Bold("Ông/Bà " + d.applicant.name), 8);
    const LocalDateTime received_at = d.received_at.value_or(d.submitted_at);
    std::string date = FormatLongDateVi(DayOf(received_at));  // "ngày …"
    date[0] = 'N';
    LetterPara(w,
               Escape(date + ", " + OneStop(in) +
                      " tiếp nhận hồ sơ đề nghị giải quyết thủ tục hành chính của Ông/Bà."));
    LetterPara(w, Field("Nội dung yêu cầu giải quyết", in.procedure.name, true));
    std::string code_line = Field("Mã hồ sơ", d.code, true);
    if (due.has_value()) {
        code_line += Escape(
            "; thời gian hẹn trả kết quả giải quyết hồ sơ: " + FormatLongDateTimeVi(*due) + ".");
    }
    LetterPara(w, code_line);
}

}  // namespace

Result<void> SupplementRequest(PdfWriter& w, const DocumentInput& in, std::string_view form) {
    const Dossier& d = in.dossier;
    MOTCUA_ASSIGN_OR_RETURN(const auto request,
                            Require<SupplementRequested>(in.events, "supplement_requested"));
    const Event* event = request.first;
    // Before reception the Bộ phận Một cửa asks; after, the settling agency through it.
    auto received = Last<Received>(in.events);
    const bool after_reception = received.has_value() && received->first->seq < event->seq;
    const auto& agency = after_reception ? in.handling_agency : in.receiving_agency;
    Heading(w, agency, "Số: " + NumberOf(in) + "/PBSHS", DayOf(event->at), in, form);
    Title(w, DocumentKind::kSupplementRequest);
    int count = 0;
    for (const Event& e : in.events) {
        if (std::holds_alternative<SupplementRequested>(e.data) && e.seq <= event->seq) {
            ++count;
        }
    }
    Centered(w, Field("Mã hồ sơ", d.code, true));
    if (count > 1) {
        Centered(w, Italic(fmt::format("(Yêu cầu bổ sung lần thứ {})", count)));
    }
    w.Skip(8);
    ApplicantLines(w, in, "Hồ sơ của");
    Para(w, Field("Thời gian nộp hồ sơ", FormatLongDateTimeVi(d.submitted_at)));
    if (after_reception) {
        Para(w, Field("Thời gian tiếp nhận hồ sơ", FormatLongDateTimeVi(received->first->at)));
    }
    Para(w,
         Escape("Sau khi xem xét, " + agency.name +
                " đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ với những nội dung sau:"));
    ReasonsTable(w,
                 in,
                 request.second->reasons,
                 "Nội dung cần bổ sung, hoàn thiện",
                 "Cách bổ sung, hoàn thiện");
    if (after_reception) {
        const auto rule_set = core::workflow::RuleSetNamed(d.rule_set);
        const bool restarts = rule_set.has_value() && (*rule_set)->supplement_restarts_period;
        Para(w,
             Escape(restarts ? "Thời hạn giải quyết hồ sơ được tính lại từ đầu kể từ ngày nhận "
                               "đủ hồ sơ đã bổ sung, hoàn thiện."
                             : "Thời gian bổ sung, hoàn thiện hồ sơ không tính vào thời hạn "
                               "giải quyết."));
    } else {
        Para(w,
             Escape("Hồ sơ chưa được tiếp nhận; thời hạn giải quyết được tính từ khi tiếp nhận "
                    "hồ sơ đầy đủ, hợp lệ."));
    }
    const std::string signer = SignerName(event, in);
    Para(w,
         Escape("Trong quá trình bổ sung, hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ " +
                (signer.empty() ? std::string() : "ông/bà " + signer + ", ") + OneStop(in) +
                " để được hướng dẫn."));
    Signatures(w, std::nullopt, {"NGƯỜI HƯỚNG DẪN", "(Ký và ghi rõ họ tên)", signer});
    return {};
}

Result<void> Refusal(PdfWriter& w, const DocumentInput& in, std::string_view form) {
    const Dossier& d = in.dossier;
    MOTCUA_ASSIGN_OR_RETURN(const auto refused, Require<Refused>(in.events, "refused"));
    const Event* event = refused.first;
    const bool after_reception = d.received_at.has_value();
    const auto& agency = after_reception ? in.handling_agency : in.receiving_agency;
    Heading(w, agency, "Số: " + NumberOf(in) + "/PTCHS", DayOf(event->at), in, form);
    Title(w, DocumentKind::kRefusal);
    Centered(w, Field("Mã hồ sơ", d.code, true));
    w.Skip(8);
    Para(w, Field("Bộ phận tiếp nhận và trả kết quả", OneStop(in)));
    ApplicantLines(w, in, "Tiếp nhận hồ sơ của");
    Para(w, Field("Thời gian nộp hồ sơ", FormatLongDateTimeVi(d.submitted_at)));
    if (after_reception) {
        Para(w, Field("Thời gian tiếp nhận hồ sơ", FormatLongDateTimeVi(*d.received_at)));
    }
    Para(w,
         Escape("Qua xem xét, " + agency.name +
                " thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:"));
    ReasonsTable(w, in, refused.second->reasons, "Lý do", "Hướng dẫn");
    Para(w, Escape("Xin thông báo để Ông/Bà được biết và thực hiện./."));
    Signatures(w,
               std::nullopt,
               {std::string(SignerTitle(event)), "(Ký và ghi rõ họ tên)", SignerName(event, in)});
    return {};
}

Result<void> Apology(PdfWriter& w, const DocumentInput& in, std::string_view form) {
    const Dossier& d = in.dossier;
    MOTCUA_ASSIGN_OR_RETURN(const auto apology,
                            Require<ApologyIssued>(in.events, "apology_issued"));
    const Event* event = apology.first;
    Heading(w, in.handling_agency, "Số: " + NumberOf(in) + "/PXL", DayOf(event->at), in, form);
    Title(w, DocumentKind::kApology);
    std::optional<LocalDateTime> old_due = d.original_due_at;
    if (!old_due.has_value()) {
        if (auto received = Last<Received>(in.events)) {
            old_due = received->second->due_at;
        }
    }
    LetterOpening(w, in, old_due);
    LetterPara(w,
               Escape("Tuy nhiên đến nay, " + in.handling_agency.name +
                      " chưa thể trả kết quả giải quyết hồ sơ của Ông/Bà đúng thời gian đã hẹn."));
    LetterPara(w, Escape("Lý do: " + apology.second->reason + "."));
    LetterPara(w,
               Escape("Sự chậm trễ này đã gây phiền hà, tốn kém chi phí, công sức của Ông/Bà. " +
                      in.handling_agency.name +
                      " xin lỗi Ông/Bà và hẹn trả kết quả giải quyết hồ sơ vào ") +
                   Bold(FormatLongDateTimeVi(apology.second->new_due_at)) + ".");
    LetterPara(w, Escape("Rất mong nhận được sự thông cảm của Ông/Bà vì sự chậm trễ này./."));
    Signatures(w,
               std::nullopt,
               {"THỦ TRƯỞNG CƠ QUAN", "(Ký, ghi rõ họ tên và đóng dấu)", SignerName(event, in)},
               {"Như trên;", OneStop(in) + ";", "Lưu: VT."});
    return {};
}

Result<void> StopNotice(PdfWriter& w, const DocumentInput& in, std::string_view form) {
    const Dossier& d = in.dossier;
    MOTCUA_ASSIGN_OR_RETURN(const auto stopped, Require<Stopped>(in.events, "stopped"));
    const Event* event = stopped.first;
    Heading(w, in.handling_agency, "Số: " + NumberOf(in) + "/TB-DGQ", DayOf(event->at), in, form);
    Title(w, DocumentKind::kStopNotice);
    LetterOpening(w, in, d.due_at);
    LetterPara(w,
               Escape(in.handling_agency.name + " thông báo dừng giải quyết hồ sơ nêu trên kể từ " +
                      FormatLongDateTimeVi(event->at) + " với lý do cụ thể như sau:"));
    ReasonsTable(w, in, stopped.second->reasons, "Lý do dừng giải quyết", "Hướng dẫn");
    LetterPara(w, Escape("Mọi vướng mắc, Ông/Bà liên hệ " + OneStop(in) + " để được hướng dẫn./."));
    Signatures(w,
               std::nullopt,
               {"THỦ TRƯỞNG CƠ QUAN", "(Ký, ghi rõ họ tên và đóng dấu)", SignerName(event, in)},
               {"Như trên;", OneStop(in) + ";", "Lưu: VT."});
    return {};
}

}  // namespace motcua::render::internal
