// A small flowing-layout PDF writer on cairo + pango: A4 portrait pages with the margins of
// NĐ 30/2020 (top and bottom 20 mm, left 30 mm, right 15 mm), paragraphs of Pango markup that
// continue on the next page line by line, tables whose rows split across pages with the header
// repeated, rules, QR codes, and a footer on every page, all in Noto Serif (one family keeps the
// embedded font subsets, and the time spent compressing them, small). Output is deterministic
// for the same calls and PdfInfo. Internal to render/.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "render/internal/qr.hpp"

namespace motcua::render::internal {

inline constexpr double kMm = 72.0 / 25.4;  // points per millimetre
inline constexpr double kPageWidth = 210 * kMm;
inline constexpr double kPageHeight = 297 * kMm;

enum class Align { kLeft, kCenter, kRight, kJustify };

struct TextStyle {
    double size = 12;  // points
    bool bold = false;
    bool italic = false;
    Align align = Align::kLeft;
    double line_spacing = 1.1;     // factor of the font's line height
    double first_line_indent = 0;  // points
};

struct PdfInfo {
    std::string title;
    std::string subject;
    std::string author;
    std::string keywords;
    // ISO 8601 with offset ("2026-03-02T09:00:00+07:00"): creation and modification date.
    std::string date;
    std::string footer_left;   // printed bottom left on every page
    std::string footer_right;  // printed bottom right, followed by "Trang N"
};

struct TableColumn {
    double width = 0;  // points; the columns' widths should add up to the text width
    Align align = Align::kLeft;
};

// Escapes `text` for Pango markup after NormalizeVi.
std::string Escape(std::string_view text);

class PdfWriter {
public:
    // Starts a document with one empty page. kUnavailable when Noto Serif is not installed
    // (Debian fonts-noto-core); kInternal when cairo fails.
    [[nodiscard]] static Result<std::unique_ptr<PdfWriter>> Create(PdfInfo info);

    ~PdfWriter();
    PdfWriter(const PdfWriter&) = delete;
    PdfWriter& operator=(const PdfWriter&) = delete;

    double Left() const;   // x of the left margin
    double Width() const;  // width of the text area
    double Y() const;      // the cursor: top of the next block
    void SetY(double y);
    double Bottom() const;  // lowest y a block may reach
    int Page() const;       // 1, 2, …

    // Height of `markup` laid out `width` wide.
    double Measure(std::string_view markup, const TextStyle& style, double width);
    // Width of `markup` on one line (no wrapping).
    double TextWidth(std::string_view markup, const TextStyle& style);
    // Draws `markup` with its top at (x, y), `width` wide, without page breaks; returns the
    // height drawn.
    double DrawAt(std::string_view markup,
                  const TextStyle& style,
                  double x,
                  double y,
                  double width);
    // Flows `markup` at the cursor from Left() + indent to the right margin, breaking pages
    // between lines; moves the cursor below it plus `after` points.
    void Paragraph(std::string_view markup,
                   const TextStyle& style,
                   double indent = 0,
                   double after = 3);
    // Moves the cursor down by `points` (to the next page's top when it passes the bottom).
    void Skip(double points);
    // Starts a new page unless `height` points fit below the cursor.
    void KeepSpace(double height);
    void NewPage();
    // A horizontal line from x1 to x2 at y.
    void Rule(double x1, double x2, double y, double line_width = 0.6);
    // The QR symbol with a 4-module quiet zone in a `size`-point square at (x, y).
    void Qr(const QrMatrix& qr, double x, double y, double size);
    // A bordered table at the cursor: one header row (bold, shaded, repeated after page breaks)
    // and the rows, each cell Pango markup; rows taller than the room left continue on the next
    // page. Moves the cursor below the table plus `after` points.
    void Table(const std::vector<TableColumn>& columns,
               const std::vector<std::string>& header,
               const std::vector<std::vector<std::string>>& rows,
               double font_size = 10.5,
               double after = 6);

    // Ends the document and returns the PDF bytes; kInternal when cairo reports an error.
    [[nodiscard]] Result<std::string> Finish();

private:
    struct Impl;
    explicit PdfWriter(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace motcua::render::internal
