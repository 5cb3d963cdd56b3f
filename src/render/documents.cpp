#include "render/documents.hpp"

#include <algorithm>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "core/workflow/rule_set.hpp"
#include "render/internal/pdf_writer.hpp"
#include "render/internal/qr.hpp"
#include "render/vietnamese_text.hpp"

namespace motcua::render {
namespace {

using core::calendar::LocalDate;
using core::calendar::LocalDateTime;
using core::workflow::ApologyIssued;
using core::workflow::Channel;
using core::workflow::DocumentInput;
using core::workflow::DocumentKind;
using core::workflow::Dossier;
using core::workflow::Event;
using core::workflow::Reason;
using core::workflow::Received;
using core::workflow::Refused;
using core::workflow::Role;
using core::workflow::StepRecord;
using core::workflow::Stopped;
using core::workflow::SupplementRequested;
using internal::Align;
using internal::Escape;
using internal::kMm;
using internal::PdfWriter;
using internal::TableColumn;
using internal::TextStyle;

// ---- Small helpers -------------------------------------------------------------------------

LocalDate DayOf(LocalDateTime t) {
    return std::chrono::floor<std::chrono::days>(t);
}

std::string IsoDate(LocalDateTime t) {
    const LocalDate day = DayOf(t);
    const std::chrono::hh_mm_ss hms(t - day);
    const core::calendar::CivilParts p = core::calendar::Parts(day);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:00+07:00",
                       p.year,
                       p.month,
                       p.day,
                       hms.hours().count(),
                       hms.minutes().count());
}

TextStyle Body() {
    TextStyle s;
    s.size = 11.5;
    s.line_spacing = 1.0;
    s.align = Align::kJustify;
    return s;
}

// Paragraphs of a letter (apology, stop notice): indented first line, as NĐ 30/2020 lays out
// the body of an administrative document.
TextStyle Letter() {
    TextStyle s = Body();
    s.size = 12;
    s.line_spacing = 1.05;
    s.first_line_indent = 10 * kMm;
    return s;
}

TextStyle Style(double size, bool bold, bool italic, Align align) {
    TextStyle s;
    s.size = size;
    s.bold = bold;
    s.italic = italic;
    s.align = align;
    s.line_spacing = 1.0;
    return s;
}

std::string Bold(std::string_view text) {
    return "<b>" + Escape(text) + "</b>";
}

std::string Italic(std::string_view text) {
    return "<i>" + Escape(text) + "</i>";
}

// "Label: value" with the value escaped (and bold when asked).
std::string Field(std::string_view label, std::string_view value, bool bold = false) {
    return Escape(label) + ": " + (bold ? Bold(value) : Escape(value));
}

// The last event whose payload is T, with the payload.
template <class T>
std::optional<std::pair<const Event*, const T*>> Last(const std::vector<Event>& events) {
    for (auto it = events.rbegin(); it != events.rend(); ++it) {
        if (const T* data = std::get_if<T>(&it->data)) {
            return std::pair{&*it, data};
        }
    }
    return std::nullopt;
}

template <class T>
Result<std::pair<const Event*, const T*>> Require(const std::vector<Event>& events,
                                                  std::string_view what) {
    auto found = Last<T>(events);
    if (!found.has_value()) {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("the dossier's events have no {} event", what),
                    fmt::format("lịch sử hồ sơ thiếu sự kiện \"{}\"", what),
                    "events");
    }
    return *found;
}

std::string SignerName(const Event* event, const DocumentInput& in) {
    if (event != nullptr && !event->actor.name.empty()) {
        return event->actor.name;
    }
    return in.officer_name;
}

// The signature title of the person who acted (NĐ 61/2018 Đ17, Đ19).
std::string_view SignerTitle(const Event* event) {
    const Role role = event != nullptr ? event->actor.role : Role::kOneStopOfficer;
    switch (role) {
        case Role::kAgencyLeader:
            return "THỦ TRƯỞNG CƠ QUAN";
        case Role::kSpecialist:
            return "CÁN BỘ THỤ LÝ HỒ SƠ";
        default:
            return "NGƯỜI TIẾP NHẬN HỒ SƠ";
    }
}

std::string ComponentName(const DocumentInput& in, std::string_view code) {
    if (code == "chung" || code.empty()) {
        return "Toàn bộ hồ sơ";
    }
    for (const auto& c : in.procedure.components) {
        if (c.code == code) {
            return c.name;
        }
    }
    return std::string(code);
}

std::string AgencyName(const DocumentInput& in, std::string_view code) {
    if (auto it = in.agency_names.find(code); it != in.agency_names.end()) {
        return it->second;
    }
    if (code == in.dossier.handling_agency_code && !in.handling_agency.name.empty()) {
        return in.handling_agency.name;
    }
    if (code == in.dossier.agency_code && !in.receiving_agency.name.empty()) {
        return in.receiving_agency.name;
    }
    return std::string(code);
}

std::string OneStop(const DocumentInput& in) {
    return "Bộ phận Một cửa – " + in.receiving_agency.name;
}

std::string NumberOf(const DocumentInput& in) {
    return in.number.empty() ? in.dossier.code : in.number;
}

// ---- Page parts ----------------------------------------------------------------------------

// The two-column heading of NĐ 30/2020: agency on the left with the number under it, the
// national motto on the right with the place and date under it. Leaves the cursor below both.
void Heading(PdfWriter& w,
             const core::workflow::DocumentAgency& agency,
             std::string_view number,
             LocalDate date,
             const DocumentInput& in,
             std::string_view form) {
    const double left_width = w.Width() * 0.43;
    const double right_x = w.Left() + left_width;
    const double right_width = w.Width() - left_width;
    const double top = w.Y();
    if (!form.empty()) {
        w.DrawAt(Italic(form),
                 Style(9, false, true, Align::kRight),
                 right_x,
                 top - 8 * kMm,
                 right_width);
    }

    // Left: governing body, agency (bold), a short rule, the number.
    double y = top;
    if (!agency.parent_name.empty()) {
        y += w.DrawAt(Escape(UpperVi(agency.parent_name)),
                      Style(12, false, false, Align::kCenter),
                      w.Left(),
                      y,
                      left_width);
    }
    y += w.DrawAt(Bold(UpperVi(agency.name)),
                  Style(12, true, false, Align::kCenter),
                  w.Left(),
                  y,
                  left_width);
    const double rule = left_width / 3;
    w.Rule(w.Left() + (left_width - rule) / 2, w.Left() + (left_width + rule) / 2, y + 2);
    y += 8;
    if (!number.empty()) {
        // One line: a long number (the dossier code) is set smaller rather than broken.
        TextStyle style = Style(12, false, false, Align::kCenter);
        const double natural = w.TextWidth(Escape(number), style);
        if (natural > left_width) {
            style.size = std::max(8.0, style.size * left_width / natural * 0.98);
        }
        y += w.DrawAt(Escape(number), style, w.Left(), y, left_width);
    }

    // Right: motto, a rule as long as its second line, place and date.
    double ry = top;
    ry += w.DrawAt(Bold("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                   Style(12, true, false, Align::kCenter),
                   right_x,
                   ry,
                   right_width);
    const std::string motto = Bold("Độc lập - Tự do - Hạnh phúc");
    const TextStyle motto_style = Style(13, true, false, Align::kCenter);
    ry += w.DrawAt(motto, motto_style, right_x, ry, right_width);
    const double motto_width = w.TextWidth(motto, motto_style);
    w.Rule(right_x + (right_width - motto_width) / 2,
           right_x + (right_width + motto_width) / 2,
           ry + 2);
    ry += 10;
    ry += w.DrawAt(Italic(PlaceDateLineVi(in.province_name, date)),
                   Style(12, false, true, Align::kCenter),
                   right_x,
                   ry,
                   right_width);
    w.SetY(std::max(y, ry) + 10);
}

void Title(PdfWriter& w, DocumentKind kind) {
    w.Paragraph(
        Bold(core::workflow::DocumentTitleVi(kind)), Style(14, true, false, Align::kCenter), 0, 2);
}

void Centered(PdfWriter& w, const std::string& markup, double after = 2) {
    w.Paragraph(markup, Style(12, false, false, Align::kCenter), 0, after);
}

void Para(PdfWriter& w, const std::string& markup, double indent = 0, double after = 1.5) {
    w.Paragraph(markup, Body(), indent, after);
}

void LetterPara(PdfWriter& w, const std::string& markup) {
    w.Paragraph(markup, Letter(), 0, 2);
}

struct Signature {
    std::string title;
    std::string hint;
    std::string name;
};

// Signature blocks side by side (left may be empty) with "Nơi nhận" in the left column when
// `recipients` is not empty.
void Signatures(PdfWriter& w,
                const std::optional<Signature>& left,
                const Signature& right,
                const std::vector<std::string>& recipients = {}) {
    constexpr double kGap = 46;  // room for the signature and the seal
    const double half = w.Width() / 2;
    const TextStyle title = Style(12, true, false, Align::kCenter);
    const TextStyle hint = Style(11, false, true, Align::kCenter);
    auto block_height = [&](const Signature& s) {
        return w.Measure(Bold(s.title), title, half) + w.Measure(Italic(s.hint), hint, half) +
               kGap + w.Measure(Bold(s.name), title, half);
    };
    double height = block_height(right);
    if (left.has_value()) {
        height = std::max(height, block_height(*left));
    }
    w.Skip(4);
    w.KeepSpace(height + 4);
    const double top = w.Y();
    auto draw = [&](const Signature& s, double x) {
        double y = top;
        y += w.DrawAt(Bold(s.title), title, x, y, half);
        y += w.DrawAt(Italic(s.hint), hint, x, y, half);
        y += kGap;
        y += w.DrawAt(Bold(s.name), title, x, y, half);
        return y;
    };
    double left_bottom = top;
    if (left.has_value()) {
        left_bottom = draw(*left, w.Left());
    } else if (!recipients.empty()) {
        double y = top;
        y += w.DrawAt(
            "<b><i>Nơi nhận:</i></b>", Style(11, true, true, Align::kLeft), w.Left(), y, half);
        for (const std::string& r : recipients) {
            y += w.DrawAt(
                Escape("- " + r), Style(10, false, false, Align::kLeft), w.Left(), y, half);
        }
        left_bottom = y;
    }
    const double right_bottom = draw(right, w.Left() + half);
    w.SetY(std::max(left_bottom, right_bottom) + 4);
}

// Applicant lines shared by the forms: "<label>: Ông/Bà <name>", identity, address, contact,
// the procedure asked for.
void ApplicantLines(PdfWriter& w, const DocumentInput& in, std::string_view label) {
    const auto& a = in.dossier.applicant;
    Para(w, Field(label, "Ông/Bà " + a.name, true));
    if (!a.id_number.empty()) {
        Para(w, Field("Số định danh cá nhân/mã số doanh nghiệp", a.id_number));
    }
    if (!a.address.empty()) {
        Para(w, Field("Địa chỉ", a.address));
    }
    std::string contact;
    if (!a.phone.empty()) {
        contact = Field("Số điện thoại", a.phone);
    }
    if (!a.email.empty()) {
        contact += (contact.empty() ? "" : "    ") + Field("Thư điện tử", a.email);
    }
    if (!contact.empty()) {
        Para(w, contact);
    }
    Para(w,
         Field("Nội dung yêu cầu giải quyết", in.procedure.name, true) +
             Escape(in.procedure.code.empty() ? "" : " (mã thủ tục " + in.procedure.code + ")"));
}

// STT | component | problem | fix.
void ReasonsTable(PdfWriter& w,
                  const DocumentInput& in,
                  const std::vector<Reason>& reasons,
                  std::string_view problem_header,
                  std::string_view fix_header) {
    const double width = w.Width();
    const std::vector<TableColumn> columns = {{width * 0.07, Align::kCenter},
                                              {width * 0.25, Align::kLeft},
                                              {width * 0.34, Align::kLeft},
                                              {width * 0.34, Align::kLeft}};
    std::vector<std::vector<std::string>> rows;
    int n = 0;
    for (const Reason& r : reasons) {
        rows.push_back({fmt::format("{}", ++n),
                        Escape(ComponentName(in, r.component)),
                        Escape(r.problem),
                        Escape(r.fix)});
    }
    w.Table(columns, {"STT", "Thành phần hồ sơ", Escape(problem_header), Escape(fix_header)}, rows);
}

// ---- The documents -------------------------------------------------------------------------

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

}  // namespace

Result<std::string> RenderDocument(DocumentKind kind, const DocumentInput& input) {
    MOTCUA_TRY(core::workflow::DocumentAvailable(kind, input.dossier));
    const std::string form = core::workflow::DocumentFormVi(kind, input.dossier.rule_set);
    internal::PdfInfo info;
    info.title = fmt::format("{} – {}", core::workflow::DocumentTitleVi(kind), input.dossier.code);
    info.subject = input.procedure.name;
    const bool handling = kind == DocumentKind::kApology || kind == DocumentKind::kStopNotice;
    info.author = handling ? input.handling_agency.name : input.receiving_agency.name;
    info.keywords = input.dossier.code;
    info.date = IsoDate(input.printed_at);
    info.footer_left = fmt::format(
        "Mã hồ sơ {} · In lúc {}", input.dossier.code, FormatShortDateTimeVi(input.printed_at));
    MOTCUA_ASSIGN_OR_RETURN(const std::unique_ptr<PdfWriter> writer,
                            PdfWriter::Create(std::move(info)));
    switch (kind) {
        case DocumentKind::kReceipt:
            MOTCUA_TRY(Receipt(*writer, input, form));
            break;
        case DocumentKind::kSupplementRequest:
            MOTCUA_TRY(SupplementRequest(*writer, input, form));
            break;
        case DocumentKind::kRefusal:
            MOTCUA_TRY(Refusal(*writer, input, form));
            break;
        case DocumentKind::kApology:
            MOTCUA_TRY(Apology(*writer, input, form));
            break;
        case DocumentKind::kStopNotice:
            MOTCUA_TRY(StopNotice(*writer, input, form));
            break;
        case DocumentKind::kControlSlip:
            MOTCUA_TRY(ControlSlip(*writer, input, form));
            break;
    }
    return writer->Finish();
}

Result<std::string> PdfDocumentRenderer::Render(DocumentKind kind, const DocumentInput& input) {
    return RenderDocument(kind, input);
}

}  // namespace motcua::render
