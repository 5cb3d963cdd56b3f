// The documents of reception: the receipt and appointment slip, and the control slip.
#include <algorithm>
#include <optional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include "render/internal/document_forms.hpp"
#include "render/internal/document_layout.hpp"
#include "render/internal/qr.hpp"
#include "render/vietnamese_text.hpp"

namespace motcua::render::internal {

using core::calendar::LocalDateTime;
using core::workflow::Channel;
using core::workflow::DocumentInput;
using core::workflow::DocumentKind;
using core::workflow::Dossier;
using core::workflow::Event;
using core::workflow::Received;
using core::workflow::StepRecord;

namespace {

// Components handed in up to reception: the submission plus supplements before reception,
// each code once.
std::vector<std::string> ComponentsAtReception(const std::vector<Event>& events) {
    std::vector<std::string> codes;
    auto add = [&](const std::vector<std::string>& more) {
        for (const std::string& c : more) {
            if (std::find(codes.begin(), codes.end(), c) == codes.end()) {
                codes.push_back(c);
            }
        }
    };
    for (const Event& e : events) {
        if (const auto* s = std::get_if<core::workflow::Submitted>(&e.data)) {
            add(s->components);
        } else if (const auto* r = std::get_if<core::workflow::SupplementReceived>(&e.data)) {
            add(r->components);
        } else if (std::holds_alternative<Received>(e.data)) {
            break;
        }
    }
    return codes;
}

std::string ChannelVi(Channel channel) {
    switch (channel) {
        case Channel::kOnline:
            return "Trực tuyến";
        case Channel::kCounter:
            return "Trực tiếp tại Bộ phận Một cửa";
        case Channel::kPostal:
            return "Qua dịch vụ bưu chính công ích";
    }
    return "";
}

const StepRecord* FindStep(const Dossier& d, int index) {
    for (const StepRecord& s : d.steps) {
        if (s.index == index) {
            return &s;
        }
    }
    return nullptr;
}

std::string ReturnMethodVi(core::workflow::ReturnMethod method) {
    switch (method) {
        case core::workflow::ReturnMethod::kCounter:
            return "trực tiếp tại Bộ phận Một cửa";
        case core::workflow::ReturnMethod::kPostal:
            return "qua dịch vụ bưu chính công ích";
        case core::workflow::ReturnMethod::kOnline:
            return "trực tuyến";
    }
    return "";
}

}  // namespace

Result<void> Receipt(PdfWriter& w, const DocumentInput& in, std::string_view form) {
    const Dossier& d = in.dossier;
    MOTCUA_ASSIGN_OR_RETURN(const auto received, Require<Received>(in.events, "received"));
    MOTCUA_ASSIGN_OR_RETURN(const internal::QrMatrix qr, internal::EncodeQr(in.tracking_url));
    const LocalDateTime received_at = received.first->at;
    Heading(w, in.receiving_agency, "Số: " + NumberOf(in) + "/TNHS", DayOf(received_at), in, form);
    Title(w, DocumentKind::kReceipt);
    w.Skip(4);

    // Code, key and QR side by side.
    const double qr_size = 27 * kMm;
    const double text_width = w.Width() - qr_size - 6;
    const double top = w.Y();
    double y = top;
    const TextStyle line = Style(12, false, false, Align::kLeft);
    y += w.DrawAt(Field("Mã hồ sơ", d.code, true), line, w.Left(), y, text_width) + 2;
    y += w.DrawAt(Field("Mã tra cứu", d.verification_key, true), line, w.Left(), y, text_width) + 2;
    y += w.DrawAt(Escape("Tra cứu tình trạng giải quyết hồ sơ: quét mã QR bên cạnh hoặc truy cập " +
                         in.tracking_url),
                  Style(9.5, false, true, Align::kLeft),
                  w.Left(),
                  y,
                  text_width);
    w.Qr(qr, w.Left() + w.Width() - qr_size, top - 8, qr_size);
    w.SetY(std::max(y, top - 8 + qr_size) + 2);

    Para(w, Field("Bộ phận tiếp nhận và trả kết quả", OneStop(in)));
    ApplicantLines(w, in, "Tiếp nhận hồ sơ của");
    std::string channel = ChannelVi(d.channel);
    if (d.assisted) {
        channel += " (cán bộ nhập hồ sơ thay người nộp)";
    }
    Para(w, Field("Cách thức nộp hồ sơ", channel));

    Para(w, Escape("1. Thành phần hồ sơ nộp gồm:"));
    const double width = w.Width();
    std::vector<std::vector<std::string>> rows;
    int n = 0;
    for (const std::string& code : ComponentsAtReception(in.events)) {
        std::string kind = "—";
        std::string copies = "—";
        for (const auto& c : in.procedure.components) {
            if (c.code == code) {
                kind = c.original ? "Bản chính" : "Bản sao";
                copies = FormatIntegerVi(c.copies);
            }
        }
        rows.push_back({fmt::format("{}", ++n),
                        Escape(ComponentName(in, code)),
                        Escape(kind),
                        Escape(copies)});
    }
    w.Table({{width * 0.07, Align::kCenter},
             {width * 0.63, Align::kLeft},
             {width * 0.16, Align::kCenter},
             {width * 0.14, Align::kCenter}},
            {"STT", "Tên giấy tờ", "Loại bản", "Số lượng"},
            rows);
    Para(w, Escape("2. Số lượng hồ sơ: 01 bộ."));
    Para(w,
         Escape("3. Thời gian giải quyết hồ sơ theo quy định: " +
                FormatPeriodVi(in.procedure.deadline, in.procedure.deadline_unit) + "."));
    Para(w, Escape("4. Thời gian nhận hồ sơ: " + FormatLongDateTimeVi(received_at) + "."));
    Para(w,
         Escape("5. Thời gian hẹn trả kết quả giải quyết hồ sơ: ") +
             Bold(FormatLongDateTimeVi(received.second->due_at)) + ".");
    if (d.due_at.has_value() && *d.due_at != received.second->due_at) {
        Para(w,
             Italic("Ngày hẹn trả kết quả đã được điều chỉnh thành " +
                    FormatLongDateTimeVi(*d.due_at) + "."),
             14);
    }
    std::int64_t total = 0;
    std::vector<std::string> fees;
    for (const auto& fee : in.procedure.fees) {
        total += fee.amount_vnd;
        if (fee.amount_vnd > 0) {
            fees.push_back(fmt::format("{}: {}",
                                       fee.name.empty() ? "Phí, lệ phí" : fee.name,
                                       FormatMoneyVi(fee.amount_vnd)));
        }
    }
    std::string fee_text = "Không thu phí, lệ phí";
    if (total > 0) {
        fee_text.clear();
        for (const std::string& f : fees) {
            fee_text += (fee_text.empty() ? "" : "; ") + f;
        }
        if (fees.size() > 1) {
            fee_text += "; tổng cộng " + FormatMoneyVi(total);
        }
    }
    Para(w, Escape("6. Phí, lệ phí: " + fee_text + "."));
    std::string where = OneStop(in);
    if (d.channel == Channel::kPostal) {
        where = "Địa chỉ của người nộp, qua dịch vụ bưu chính công ích";
    } else if (d.channel == Channel::kOnline) {
        where = "Trực tuyến, hoặc tại " + OneStop(in);
    }
    Para(w, Escape("7. Nơi trả kết quả: " + where + "."));
    Para(w,
         Italic("Lưu ý: Khi đến nhận kết quả, Ông/Bà mang theo Giấy tiếp nhận này; trường hợp "
                "nhận thay phải có giấy ủy quyền theo quy định của pháp luật."));

    const Signature officer{
        "NGƯỜI TIẾP NHẬN HỒ SƠ", "(Ký và ghi rõ họ tên)", SignerName(received.first, in)};
    if (d.channel == Channel::kOnline) {
        Signatures(w, std::nullopt, officer);
    } else {
        Signatures(
            w, Signature{"NGƯỜI NỘP HỒ SƠ", "(Ký và ghi rõ họ tên)", d.applicant.name}, officer);
    }
    return {};
}

Result<void> ControlSlip(PdfWriter& w, const DocumentInput& in, std::string_view form) {
    const Dossier& d = in.dossier;
    MOTCUA_ASSIGN_OR_RETURN(const auto received, Require<Received>(in.events, "received"));
    Heading(w, in.receiving_agency, "", DayOf(in.printed_at), in, form);
    Title(w, DocumentKind::kControlSlip);
    Centered(w, Field("Mã hồ sơ", d.code, true));
    Centered(
        w,
        Italic("(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả số: " + NumberOf(in) + "/TNHS)"));
    w.Skip(8);
    Para(w, Field("Người nộp hồ sơ", "Ông/Bà " + d.applicant.name));
    Para(w, Field("Thủ tục", in.procedure.name));
    Para(w, Field("Cơ quan (bộ phận) giải quyết hồ sơ", in.handling_agency.name));
    std::vector<std::string> partners;
    for (const StepRecord& s : d.steps) {
        const std::string name = AgencyName(in, s.agency_code);
        if (s.agency_code != d.handling_agency_code &&
            std::find(partners.begin(), partners.end(), name) == partners.end()) {
            partners.push_back(name);
        }
    }
    std::string partner_text;
    for (const std::string& p : partners) {
        partner_text += (partner_text.empty() ? "" : "; ") + p;
    }
    Para(w, Field("Cơ quan phối hợp giải quyết hồ sơ", partners.empty() ? "Không" : partner_text));
    std::string due_line =
        Escape("Thời gian tiếp nhận: " + FormatShortDateTimeVi(received.first->at) +
               "; hẹn trả kết quả: ");
    if (d.due_at.has_value()) {
        due_line += Bold(FormatShortDateTimeVi(*d.due_at));
        if (d.original_due_at.has_value() && *d.original_due_at != *d.due_at) {
            due_line +=
                Escape(" (hẹn lại; hẹn ban đầu " + FormatShortDateTimeVi(*d.original_due_at) + ")");
        }
    }
    Para(w, due_line);

    std::vector<std::vector<std::string>> rows;
    auto row = [&](const std::string& what,
                   std::optional<LocalDateTime> at,
                   std::optional<LocalDateTime> due,
                   std::optional<LocalDateTime> done,
                   std::string_view verdict) {
        rows.push_back({fmt::format("{}", rows.size() + 1),
                        what,
                        at ? Escape(FormatShortDateTimeVi(*at)) : "",
                        due ? Escape(FormatShortDateTimeVi(*due)) : "",
                        done ? Escape(FormatShortDateTimeVi(*done)) : "",
                        Escape(verdict)});
    };
    auto by = [&](const Event& e) {
        return e.actor.name.empty() ? std::string()
                                    : "\n" + Italic("Người thực hiện: " + e.actor.name);
    };
    std::string holder = OneStop(in);
    for (const Event& e : in.events) {
        std::visit(
            [&](const auto& x) {
                using T = std::decay_t<decltype(x)>;
                namespace wf = core::workflow;
                if constexpr (std::is_same_v<T, wf::Submitted>) {
                    if (x.channel == Channel::kOnline) {
                        row(Escape("Nộp hồ sơ trực tuyến") + by(e),
                            e.at,
                            std::nullopt,
                            std::nullopt,
                            "");
                    }
                } else if constexpr (std::is_same_v<T, wf::Received>) {
                    row(Escape("Tiếp nhận hồ sơ: " + OneStop(in)) + by(e),
                        e.at,
                        x.due_at,
                        e.at,
                        "");
                } else if constexpr (std::is_same_v<T, wf::StepStarted>) {
                    const StepRecord* s = FindStep(d, x.index);
                    const std::string agency = AgencyName(in, x.agency_code);
                    std::string what;
                    if (x.consultation) {
                        what = Escape("Lấy ý kiến: " + agency);
                        if (!x.note.empty()) {
                            what += "\n" + Italic("Nội dung: " + x.note);
                        }
                        if (s != nullptr && s->finished_at.has_value() && s->note != x.note &&
                            !s->note.empty()) {
                            what += "\n" + Italic("Trả lời: " + s->note);
                        }
                    } else {
                        const std::string receiver = x.name + " – " + agency;
                        what = Escape("Giao: " + holder) + "\n" + Escape("Nhận: " + receiver);
                        holder = receiver;
                    }
                    what += by(e);
                    const bool finished = s != nullptr && s->finished_at.has_value();
                    row(what,
                        e.at,
                        x.due_at,
                        finished ? s->finished_at : std::optional<LocalDateTime>(),
                        s != nullptr ? VerdictVi(s->verdict) : "");
                } else if constexpr (std::is_same_v<T, wf::SupplementRequested>) {
                    row(Escape(fmt::format("Yêu cầu bổ sung, hoàn thiện hồ sơ ({} nội dung)",
                                           x.reasons.size())) +
                            by(e),
                        e.at,
                        std::nullopt,
                        std::nullopt,
                        "");
                } else if constexpr (std::is_same_v<T, wf::SupplementReceived>) {
                    row(Escape("Nhận hồ sơ bổ sung, hoàn thiện") + by(e),
                        e.at,
                        x.new_due_at,
                        std::nullopt,
                        "");
                } else if constexpr (std::is_same_v<T, wf::PaymentRequested>) {
                    row(Escape("Yêu cầu thực hiện nghĩa vụ tài chính: " +
                               FormatMoneyVi(x.amount_vnd)) +
                            by(e),
                        e.at,
                        std::nullopt,
                        std::nullopt,
                        "");
                } else if constexpr (std::is_same_v<T, wf::PaymentReceived>) {
                    row(Escape("Đã thực hiện nghĩa vụ tài chính: " + FormatMoneyVi(x.amount_vnd)) +
                            by(e),
                        e.at,
                        x.new_due_at,
                        std::nullopt,
                        "");
                } else if constexpr (std::is_same_v<T, wf::ApologyIssued>) {
                    row(Escape("Xin lỗi và hẹn lại ngày trả kết quả. Lý do: " + x.reason) + by(e),
                        e.at,
                        x.new_due_at,
                        std::nullopt,
                        "");
                } else if constexpr (std::is_same_v<T, wf::Refused>) {
                    row(Escape("Từ chối giải quyết hồ sơ") + by(e),
                        e.at,
                        d.due_at,
                        e.at,
                        VerdictVi(d.verdict));
                } else if constexpr (std::is_same_v<T, wf::Stopped>) {
                    row(Escape("Dừng giải quyết hồ sơ") + by(e),
                        e.at,
                        d.due_at,
                        e.at,
                        VerdictVi(x.verdict));
                } else if constexpr (std::is_same_v<T, wf::ResultIssued>) {
                    row(Escape("Giao: " + holder) + "\n" +
                            Escape("Nhận: " + OneStop(in) + " (kết quả: " + x.result + ")") + by(e),
                        e.at,
                        d.due_at,
                        e.at,
                        VerdictVi(x.verdict));
                    holder = OneStop(in);
                } else if constexpr (std::is_same_v<T, wf::Returned>) {
                    row(Escape("Trả kết quả cho người nộp " + ReturnMethodVi(x.method)) + by(e),
                        e.at,
                        std::nullopt,
                        e.at,
                        "");
                } else if constexpr (std::is_same_v<T, wf::Withdrawn>) {
                    row(Escape("Rút hồ sơ theo yêu cầu của người nộp" +
                               (x.reason.empty() ? std::string() : ". Lý do: " + x.reason)) +
                            by(e),
                        e.at,
                        std::nullopt,
                        e.at,
                        "");
                }
            },
            e.data);
    }
    const double width = w.Width();
    w.Table({{width * 0.06, Align::kCenter},
             {width * 0.40, Align::kLeft},
             {width * 0.135, Align::kCenter},
             {width * 0.135, Align::kCenter},
             {width * 0.135, Align::kCenter},
             {width * 0.135, Align::kCenter}},
            {"STT", "Giao, nhận hồ sơ và xử lý", "Thời điểm", "Hạn xử lý", "Hoàn thành", "Kết quả"},
            rows,
            9.5);
    Para(w,
         Escape("Kết quả giải quyết hồ sơ: ") + Bold(VerdictVi(d.verdict)) +
             Escape(" (trạng thái: " + std::string(core::workflow::StatusNameVi(d.status)) + ")."));
    Para(w,
         Italic("Kết quả của từng bước: Trước hạn, Đúng hạn hoặc Quá hạn so với thời hạn được "
                "giao (Thông tư 01/2018/TT-VPCP, Điều 13)."));
    return {};
}

}  // namespace motcua::render::internal
