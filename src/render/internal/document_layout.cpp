#include "render/internal/document_layout.hpp"

#include <algorithm>
#include <chrono>

#include "render/vietnamese_text.hpp"

namespace motcua::render::internal {

using core::calendar::LocalDate;
using core::calendar::LocalDateTime;
using core::workflow::DocumentInput;
using core::workflow::DocumentKind;
using core::workflow::Event;
using core::workflow::Reason;
using core::workflow::Role;

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
std::string Field(std::string_view label, std::string_view value, bool bold) {
    return Escape(label) + ": " + (bold ? Bold(value) : Escape(value));
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

void Centered(PdfWriter& w, const std::string& markup, double after) {
    w.Paragraph(markup, Style(12, false, false, Align::kCenter), 0, after);
}

void Para(PdfWriter& w, const std::string& markup, double indent, double after) {
    w.Paragraph(markup, Body(), indent, after);
}

void LetterPara(PdfWriter& w, const std::string& markup) {
    w.Paragraph(markup, Letter(), 0, 2);
}

// Signature blocks side by side (left may be empty) with "Nơi nhận" in the left column when
// `recipients` is not empty.
void Signatures(PdfWriter& w,
                const std::optional<Signature>& left,
                const Signature& right,
                const std::vector<std::string>& recipients) {
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

}  // namespace motcua::render::internal
