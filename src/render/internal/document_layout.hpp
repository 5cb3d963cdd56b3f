// The parts the dossier's documents are made of (internal to render/): text styles and markup,
// what the documents look up in their input (events, signers, names of components and agencies),
// and the page parts of NĐ 30/2020 — the heading, the title, paragraphs, signature blocks, the
// applicant's lines and the table of reasons. Markup arguments are Pango markup; plain-text
// arguments are escaped here.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "common/result.hpp"
#include "core/workflow/documents.hpp"
#include "render/internal/pdf_writer.hpp"

namespace motcua::render::internal {

// ---- Small helpers -------------------------------------------------------------------------

// The day of `t`.
core::calendar::LocalDate DayOf(core::calendar::LocalDateTime t);
// `t` as ISO 8601 in Vietnam's offset ("2026-03-02T09:00:00+07:00"), for the PDF's dates.
std::string IsoDate(core::calendar::LocalDateTime t);

// Justified 11.5 pt body text.
TextStyle Body();
// Paragraphs of a letter (apology, stop notice): indented first line, as NĐ 30/2020 lays out
// the body of an administrative document.
TextStyle Letter();
// A single-spaced style.
TextStyle Style(double size, bool bold, bool italic, Align align);

// `text` escaped, in bold / in italics.
std::string Bold(std::string_view text);
std::string Italic(std::string_view text);
// "Label: value" with the value escaped (and bold when asked).
std::string Field(std::string_view label, std::string_view value, bool bold = false);

// The last event whose payload is T, with the payload.
template <class T>
std::optional<std::pair<const core::workflow::Event*, const T*>> Last(
    const std::vector<core::workflow::Event>& events) {
    for (auto it = events.rbegin(); it != events.rend(); ++it) {
        if (const T* data = std::get_if<T>(&it->data)) {
            return std::pair{&*it, data};
        }
    }
    return std::nullopt;
}

template <class T>
Result<std::pair<const core::workflow::Event*, const T*>> Require(
    const std::vector<core::workflow::Event>& events,
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

// Who signs for `event`: its actor's name, else the printing officer's.
std::string SignerName(const core::workflow::Event* event, const core::workflow::DocumentInput& in);
// The signature title of the person who acted (NĐ 61/2018 Đ17, Đ19).
std::string_view SignerTitle(const core::workflow::Event* event);
// The name of the procedure's component `code` ("Toàn bộ hồ sơ" for "chung" or none).
std::string ComponentName(const core::workflow::DocumentInput& in, std::string_view code);
// The name of agency `code` (from the input's names or agencies), else the code.
std::string AgencyName(const core::workflow::DocumentInput& in, std::string_view code);
// "Bộ phận Một cửa – <receiving agency>".
std::string OneStop(const core::workflow::DocumentInput& in);
// The document's number: input.number, else the dossier code.
std::string NumberOf(const core::workflow::DocumentInput& in);

// ---- Page parts ----------------------------------------------------------------------------

// The two-column heading of NĐ 30/2020: agency on the left with the number under it, the
// national motto on the right with the place and date under it; `form` (the form's name) in
// italics above on the right when not empty. Leaves the cursor below both.
void Heading(PdfWriter& w,
             const core::workflow::DocumentAgency& agency,
             std::string_view number,
             core::calendar::LocalDate date,
             const core::workflow::DocumentInput& in,
             std::string_view form);
// The document's title, centred in bold.
void Title(PdfWriter& w, core::workflow::DocumentKind kind);
// A centred line of markup, then `after` points.
void Centered(PdfWriter& w, const std::string& markup, double after = 2);
// A body paragraph of markup.
void Para(PdfWriter& w, const std::string& markup, double indent = 0, double after = 1.5);
// A letter paragraph of markup (Letter()).
void LetterPara(PdfWriter& w, const std::string& markup);

// One signature block: title, hint (e.g. "(Ký và ghi rõ họ tên)") and name.
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
                const std::vector<std::string>& recipients = {});

// Applicant lines shared by the forms: "<label>: Ông/Bà <name>", identity, address, contact,
// the procedure asked for.
void ApplicantLines(PdfWriter& w, const core::workflow::DocumentInput& in, std::string_view label);

// STT | component | problem | fix.
void ReasonsTable(PdfWriter& w,
                  const core::workflow::DocumentInput& in,
                  const std::vector<core::workflow::Reason>& reasons,
                  std::string_view problem_header,
                  std::string_view fix_header);

}  // namespace motcua::render::internal
