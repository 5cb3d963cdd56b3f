#include "render/internal/pdf_writer.hpp"

#include <algorithm>
#include <cmath>
#include <new>
#include <utility>

#include <cairo-pdf.h>
#include <cairo.h>
#include <fmt/format.h>
#include <glib-object.h>
#include <glib.h>
#include <pango/pangocairo.h>

#include "render/vietnamese_text.hpp"

namespace motcua::render::internal {
namespace {

constexpr double kTopMargin = 20 * kMm;
constexpr double kBottomMargin = 20 * kMm;
constexpr double kLeftMargin = 30 * kMm;
constexpr double kRightMargin = 15 * kMm;
constexpr double kFooterTop = kPageHeight - 14 * kMm;
constexpr double kCellPadding = 3;
constexpr const char* kSerif = "Noto Serif";

struct GObjectUnref {
    void operator()(gpointer object) const { g_object_unref(object); }
};
template <class T>
using GPtr = std::unique_ptr<T, GObjectUnref>;

struct SurfaceDestroy {
    void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};

struct CairoDestroy {
    void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};

struct FontDescriptionFree {
    void operator()(PangoFontDescription* d) const { pango_font_description_free(d); }
};

struct IterFree {
    void operator()(PangoLayoutIter* it) const { pango_layout_iter_free(it); }
};

struct GFree {
    void operator()(gchar* p) const { g_free(p); }
};

double ToPoints(int pango_units) {
    return static_cast<double>(pango_units) / PANGO_SCALE;
}

int ToPango(double points) {
    return static_cast<int>(std::lround(points * PANGO_SCALE));
}

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
    try {
        static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    } catch (const std::bad_alloc&) {
        return CAIRO_STATUS_NO_MEMORY;
    }
    return CAIRO_STATUS_SUCCESS;
}

// The family fontconfig actually picks for `family` (another one when it is not installed).
std::string ResolvedFamily(PangoContext* context, const char* family) {
    const std::unique_ptr<PangoFontDescription, FontDescriptionFree> wanted(
        pango_font_description_from_string(family));
    const GPtr<PangoFont> font(pango_context_load_font(context, wanted.get()));
    if (font == nullptr) {
        return {};
    }
    const std::unique_ptr<PangoFontDescription, FontDescriptionFree> got(
        pango_font_describe(font.get()));
    const char* name = pango_font_description_get_family(got.get());
    return name != nullptr ? name : "";
}

// Checks once per thread (Pango's default font map is per thread) that Noto Serif resolves to
// itself rather than to a fallback.
Result<void> CheckFonts(PangoContext* context) {
    thread_local bool checked = false;
    if (checked) {
        return {};
    }
    const std::string resolved = ResolvedFamily(context, kSerif);
    if (resolved != kSerif) {
        return Fail(ErrorCode::kUnavailable,
                    fmt::format("font '{}' is not installed (got '{}'); install the Debian "
                                "package fonts-noto-core",
                                kSerif,
                                resolved),
                    fmt::format("chưa cài phông chữ {} (gói fonts-noto-core)", kSerif));
    }
    checked = true;
    return {};
}

// One line of a laid-out block, in points from the block's top.
struct LineBox {
    double top = 0;
    double bottom = 0;
    double baseline = 0;
    double x = 0;  // offset from the block's left edge (alignment)
};

struct Block {
    GPtr<PangoLayout> layout;
    std::vector<LineBox> lines;

    std::size_t Count() const { return lines.size(); }

    // Height of lines [from, to).
    double Height(std::size_t from, std::size_t to) const {
        return from >= to ? 0.0 : lines[to - 1].bottom - lines[from].top;
    }

    double Height() const { return Height(0, lines.size()); }
};

}  // namespace

std::string Escape(std::string_view text) {
    const std::string nfc = NormalizeVi(text);
    const std::unique_ptr<gchar, GFree> escaped(
        g_markup_escape_text(nfc.c_str(), static_cast<gssize>(nfc.size())));
    return escaped.get();
}

struct PdfWriter::Impl {
    PdfInfo info;
    std::unique_ptr<std::string> bytes = std::make_unique<std::string>();
    std::unique_ptr<cairo_surface_t, SurfaceDestroy> surface;
    std::unique_ptr<cairo_t, CairoDestroy> cr;
    GPtr<PangoContext> context;
    double y = kTopMargin;
    int page = 1;

    Block Layout(std::string_view markup, const TextStyle& style, double width) const {
        Block block;
        block.layout.reset(pango_layout_new(context.get()));
        PangoLayout* layout = block.layout.get();
        const std::unique_ptr<PangoFontDescription, FontDescriptionFree> font(
            pango_font_description_new());
        pango_font_description_set_family_static(font.get(), kSerif);
        pango_font_description_set_weight(font.get(),
                                          style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
        pango_font_description_set_style(font.get(),
                                         style.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
        pango_font_description_set_absolute_size(font.get(), style.size * PANGO_SCALE);
        pango_layout_set_font_description(layout, font.get());
        pango_layout_set_width(layout, width < 0 ? -1 : ToPango(width));
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_line_spacing(layout, static_cast<float>(style.line_spacing));
        if (style.first_line_indent != 0) {
            pango_layout_set_indent(layout, ToPango(style.first_line_indent));
        }
        switch (style.align) {
            case Align::kLeft:
                pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT);
                break;
            case Align::kCenter:
                pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER);
                break;
            case Align::kRight:
                pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT);
                break;
            case Align::kJustify:
                pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT);
                pango_layout_set_justify(layout, TRUE);
                break;
        }
        pango_layout_set_markup(layout, markup.data(), static_cast<int>(markup.size()));
        const std::unique_ptr<PangoLayoutIter, IterFree> it(pango_layout_get_iter(layout));
        do {
            int top = 0;
            int bottom = 0;
            pango_layout_iter_get_line_yrange(it.get(), &top, &bottom);
            PangoRectangle logical{};
            pango_layout_iter_get_line_extents(it.get(), nullptr, &logical);
            block.lines.push_back({ToPoints(top),
                                   ToPoints(bottom),
                                   ToPoints(pango_layout_iter_get_baseline(it.get())),
                                   ToPoints(logical.x)});
        } while (pango_layout_iter_next_line(it.get()) != FALSE);
        return block;
    }

    // Draws lines [from, to) of `block` with the top of line `from` at (x, top).
    void DrawLines(const Block& block, std::size_t from, std::size_t to, double x, double top) {
        const double origin = block.lines[from].top;
        for (std::size_t i = from; i < to; ++i) {
            PangoLayoutLine* line =
                pango_layout_get_line_readonly(block.layout.get(), static_cast<int>(i));
            cairo_move_to(cr.get(), x + block.lines[i].x, top + block.lines[i].baseline - origin);
            pango_cairo_show_layout_line(cr.get(), line);
        }
    }

    void Footer() {
        TextStyle style;
        style.size = 7.5;
        style.line_spacing = 1.0;
        const double width = kPageWidth - kLeftMargin - kRightMargin;
        cairo_set_source_rgb(cr.get(), 0.35, 0.35, 0.35);
        Block left = Layout(Escape(info.footer_left), style, width * 0.6);
        DrawLines(left, 0, left.Count(), kLeftMargin, kFooterTop);
        style.align = Align::kRight;
        const std::string right =
            info.footer_right.empty()
                ? fmt::format("Trang {}", page)
                : fmt::format("{} · Trang {}", Escape(info.footer_right), page);
        Block right_block = Layout(right, style, width * 0.4);
        DrawLines(right_block, 0, right_block.Count(), kLeftMargin + width * 0.6, kFooterTop);
        cairo_set_source_rgb(cr.get(), 0, 0, 0);
    }

    void NextPage() {
        Footer();
        cairo_show_page(cr.get());
        ++page;
        y = kTopMargin;
    }
};

PdfWriter::PdfWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

PdfWriter::~PdfWriter() = default;

Result<std::unique_ptr<PdfWriter>> PdfWriter::Create(PdfInfo info) {
    auto impl = std::make_unique<Impl>();
    impl->info = std::move(info);
    impl->surface.reset(cairo_pdf_surface_create_for_stream(
        AppendToString, impl->bytes.get(), kPageWidth, kPageHeight));
    if (cairo_surface_status(impl->surface.get()) != CAIRO_STATUS_SUCCESS) {
        return Fail(ErrorCode::kInternal,
                    fmt::format("cairo: {}",
                                cairo_status_to_string(cairo_surface_status(impl->surface.get()))));
    }
    cairo_surface_t* s = impl->surface.get();
    const PdfInfo& i = impl->info;
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, i.title.c_str());
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, i.subject.c_str());
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, i.author.c_str());
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_KEYWORDS, i.keywords.c_str());
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "motcua");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, i.date.c_str());
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, i.date.c_str());
    impl->cr.reset(cairo_create(s));
    impl->context.reset(pango_cairo_create_context(impl->cr.get()));
    pango_context_set_round_glyph_positions(impl->context.get(), FALSE);
    MOTCUA_TRY(CheckFonts(impl->context.get()));
    cairo_set_source_rgb(impl->cr.get(), 0, 0, 0);
    return std::unique_ptr<PdfWriter>(new PdfWriter(std::move(impl)));
}

double PdfWriter::Left() const {
    return kLeftMargin;
}

double PdfWriter::Width() const {
    return kPageWidth - kLeftMargin - kRightMargin;
}

double PdfWriter::Y() const {
    return impl_->y;
}

void PdfWriter::SetY(double y) {
    impl_->y = y;
}

double PdfWriter::Bottom() const {
    return kPageHeight - kBottomMargin;
}

int PdfWriter::Page() const {
    return impl_->page;
}

double PdfWriter::Measure(std::string_view markup, const TextStyle& style, double width) {
    return impl_->Layout(markup, style, width).Height();
}

double PdfWriter::TextWidth(std::string_view markup, const TextStyle& style) {
    const Block block = impl_->Layout(markup, style, -1);
    PangoRectangle logical{};
    pango_layout_get_extents(block.layout.get(), nullptr, &logical);
    return ToPoints(logical.width);
}

double PdfWriter::DrawAt(std::string_view markup,
                         const TextStyle& style,
                         double x,
                         double y,
                         double width) {
    const Block block = impl_->Layout(markup, style, width);
    impl_->DrawLines(block, 0, block.Count(), x, y);
    return block.Height();
}

void PdfWriter::Paragraph(std::string_view markup,
                          const TextStyle& style,
                          double indent,
                          double after) {
    const Block block = impl_->Layout(markup, style, Width() - indent);
    std::size_t from = 0;
    while (from < block.Count()) {
        std::size_t to = from;
        while (to < block.Count() && impl_->y + block.Height(from, to + 1) <= Bottom()) {
            ++to;
        }
        if (to == from) {
            if (impl_->y > kTopMargin) {
                impl_->NextPage();
                continue;
            }
            to = from + 1;  // a line taller than a page: draw it anyway
        }
        impl_->DrawLines(block, from, to, Left() + indent, impl_->y);
        impl_->y += block.Height(from, to);
        from = to;
        if (from < block.Count()) {
            impl_->NextPage();
        }
    }
    impl_->y += after;
}

void PdfWriter::Skip(double points) {
    impl_->y += points;
    if (impl_->y > Bottom()) {
        impl_->NextPage();
    }
}

void PdfWriter::KeepSpace(double height) {
    if (impl_->y + height > Bottom() && impl_->y > kTopMargin) {
        impl_->NextPage();
    }
}

void PdfWriter::NewPage() {
    impl_->NextPage();
}

void PdfWriter::Rule(double x1, double x2, double y, double line_width) {
    cairo_t* cr = impl_->cr.get();
    cairo_set_line_width(cr, line_width);
    cairo_move_to(cr, x1, y);
    cairo_line_to(cr, x2, y);
    cairo_stroke(cr);
}

void PdfWriter::Qr(const QrMatrix& qr, double x, double y, double size) {
    cairo_t* cr = impl_->cr.get();
    const double module = size / (qr.size + 8);
    const double x0 = x + 4 * module;
    const double y0 = y + 4 * module;
    for (int row = 0; row < qr.size; ++row) {
        int col = 0;
        while (col < qr.size) {
            if (!qr.Dark(col, row)) {
                ++col;
                continue;
            }
            const int start = col;
            while (col < qr.size && qr.Dark(col, row)) {
                ++col;
            }
            cairo_rectangle(
                cr, x0 + start * module, y0 + row * module, (col - start) * module, module);
        }
    }
    cairo_fill(cr);
}

void PdfWriter::Table(const std::vector<TableColumn>& columns,
                      const std::vector<std::string>& header,
                      const std::vector<std::vector<std::string>>& rows,
                      double font_size,
                      double after) {
    Impl& d = *impl_;
    cairo_t* cr = d.cr.get();
    TextStyle head_style;
    head_style.size = font_size;
    head_style.bold = true;
    head_style.align = Align::kCenter;
    head_style.line_spacing = 1.0;

    auto lay_out_row = [&](const std::vector<std::string>& cells, const TextStyle* fixed) {
        std::vector<Block> blocks;
        for (std::size_t c = 0; c < columns.size(); ++c) {
            TextStyle style;
            style.size = font_size;
            style.line_spacing = 1.0;
            style.align = columns[c].align;
            const std::string_view text = c < cells.size() ? cells[c] : std::string_view();
            blocks.push_back(d.Layout(
                text, fixed != nullptr ? *fixed : style, columns[c].width - 2 * kCellPadding));
        }
        return blocks;
    };
    auto borders = [&](double top, double height) {
        cairo_set_line_width(cr, 0.5);
        double x = Left();
        for (const TableColumn& column : columns) {
            cairo_rectangle(cr, x, top, column.width, height);
            x += column.width;
        }
        cairo_stroke(cr);
    };

    const std::vector<Block> head = lay_out_row(header, &head_style);
    double head_height = 0;
    for (const Block& b : head) {
        head_height = std::max(head_height, b.Height());
    }
    head_height += 2 * kCellPadding;
    auto draw_header = [&]() {
        double total = 0;
        for (const TableColumn& column : columns) {
            total += column.width;
        }
        cairo_set_source_rgb(cr, 0.90, 0.90, 0.90);
        cairo_rectangle(cr, Left(), d.y, total, head_height);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        double x = Left();
        for (std::size_t c = 0; c < columns.size(); ++c) {
            d.DrawLines(head[c], 0, head[c].Count(), x + kCellPadding, d.y + kCellPadding);
            x += columns[c].width;
        }
        borders(d.y, head_height);
        d.y += head_height;
    };
    auto new_page = [&]() {
        d.NextPage();
        draw_header();
    };

    KeepSpace(head_height + 2 * kCellPadding + 2 * font_size);
    draw_header();
    for (const std::vector<std::string>& row : rows) {
        const std::vector<Block> cells = lay_out_row(row, nullptr);
        double full = 0;
        for (const Block& b : cells) {
            full = std::max(full, b.Height());
        }
        full += 2 * kCellPadding;
        const double page_room = Bottom() - kTopMargin - head_height;
        if (d.y + full > Bottom() && full <= page_room) {
            new_page();
        }
        std::vector<std::size_t> next(cells.size(), 0);
        for (;;) {
            const double room = Bottom() - d.y - 2 * kCellPadding;
            std::vector<std::size_t> end = next;
            bool progress = false;
            for (std::size_t c = 0; c < cells.size(); ++c) {
                while (end[c] < cells[c].Count() && cells[c].Height(next[c], end[c] + 1) <= room) {
                    ++end[c];
                }
                progress = progress || end[c] > next[c];
            }
            if (!progress) {
                const double top_of_body = kTopMargin + head_height;
                if (d.y > top_of_body) {
                    new_page();
                    continue;
                }
                // A single line taller than a page: draw one line of each cell anyway.
                for (std::size_t c = 0; c < cells.size(); ++c) {
                    end[c] = std::min(next[c] + 1, cells[c].Count());
                }
            }
            double height = 0;
            double x = Left();
            for (std::size_t c = 0; c < cells.size(); ++c) {
                height = std::max(height, cells[c].Height(next[c], end[c]));
                if (end[c] > next[c]) {
                    d.DrawLines(cells[c], next[c], end[c], x + kCellPadding, d.y + kCellPadding);
                }
                x += columns[c].width;
            }
            height += 2 * kCellPadding;
            borders(d.y, height);
            d.y += height;
            next = end;
            bool done = true;
            for (std::size_t c = 0; c < cells.size(); ++c) {
                done = done && next[c] >= cells[c].Count();
            }
            if (done) {
                break;
            }
            new_page();
        }
    }
    d.y += after;
}

Result<std::string> PdfWriter::Finish() {
    impl_->Footer();
    const cairo_status_t drawing = cairo_status(impl_->cr.get());
    if (drawing != CAIRO_STATUS_SUCCESS) {
        return Fail(
            ErrorCode::kInternal,
            fmt::format("cairo could not draw the PDF: {}", cairo_status_to_string(drawing)));
    }
    impl_->context.reset();
    impl_->cr.reset();
    cairo_surface_finish(impl_->surface.get());
    const cairo_status_t status = cairo_surface_status(impl_->surface.get());
    impl_->surface.reset();
    if (status != CAIRO_STATUS_SUCCESS) {
        return Fail(
            ErrorCode::kInternal,
            fmt::format("cairo could not write the PDF: {}", cairo_status_to_string(status)));
    }
    return std::move(*impl_->bytes);
}

}  // namespace motcua::render::internal
