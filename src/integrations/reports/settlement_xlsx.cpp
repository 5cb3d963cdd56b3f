#include "integrations/reports/settlement_xlsx.hpp"

#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string_view>
#include <system_error>
#include <vector>

#include <fmt/format.h>
#include <xlsxwriter.h>

#include "integrations/reports/settlement_columns.hpp"

namespace motcua::integrations::reports {
namespace {

using core::kpi::SettlementReport;
using core::kpi::SettlementRow;
using internal::Cell;
using internal::Column;
using internal::ColumnKind;

struct WorkbookFree {
    void operator()(lxw_workbook* workbook) const { lxw_workbook_free(workbook); }
};

struct Formats {
    lxw_format* header = nullptr;
    lxw_format* count = nullptr;
    lxw_format* decimal = nullptr;
    lxw_format* bold = nullptr;
};

// Writes cells of one sheet; remembers the first libxlsxwriter error.
class Sheet {
public:
    Sheet(lxw_workbook* workbook, std::string_view name) {
        sheet_ = workbook_add_worksheet(workbook, std::string(name).c_str());
        if (sheet_ == nullptr) {
            error_ = LXW_ERROR_MEMORY_MALLOC_FAILED;
        }
    }

    void Text(lxw_row_t row, lxw_col_t col, std::string_view text, lxw_format* format = nullptr) {
        if (sheet_ != nullptr && !text.empty()) {
            Check(worksheet_write_string(sheet_, row, col, std::string(text).c_str(), format));
        }
    }

    void Number(lxw_row_t row, lxw_col_t col, double value, lxw_format* format) {
        if (sheet_ != nullptr) {
            Check(worksheet_write_number(sheet_, row, col, value, format));
        }
    }

    void Width(lxw_col_t col, double width) {
        if (sheet_ != nullptr) {
            Check(worksheet_set_column(sheet_, col, col, width, nullptr));
        }
    }

    lxw_worksheet* get() const { return sheet_; }

    lxw_error LastError() const { return error_; }

private:
    void Check(lxw_error error) {
        if (error_ == LXW_NO_ERROR) {
            error_ = error;
        }
    }

    lxw_worksheet* sheet_ = nullptr;
    lxw_error error_ = LXW_NO_ERROR;
};

// The header row, frozen with STT, code and name.
void Header(Sheet& sheet, const Formats& f) {
    sheet.Text(0, 0, "STT", f.header);
    sheet.Width(0, 6);
    lxw_col_t col = 1;
    for (const Column& c : internal::SettlementColumns()) {
        sheet.Text(0, col, c.header, f.header);
        sheet.Width(col, c.width);
        ++col;
    }
    if (sheet.get() != nullptr) {
        worksheet_set_row(sheet.get(), 0, 45, nullptr);
        worksheet_freeze_panes(sheet.get(), 1, 3);
    }
}

void Row(Sheet& sheet, lxw_row_t row, int number, const SettlementRow& r, const Formats& f) {
    if (number > 0) {
        sheet.Number(row, 0, number, f.count);
    }
    lxw_col_t col = 1;
    for (const Column& c : internal::SettlementColumns()) {
        const Cell cell = c.value(r);
        if (const auto* text = std::get_if<std::string>(&cell)) {
            sheet.Text(row, col, *text, number > 0 ? nullptr : f.bold);
        } else if (const auto* count = std::get_if<std::int64_t>(&cell)) {
            sheet.Number(row, col, static_cast<double>(*count), f.count);
        } else if (const auto* decimal = std::get_if<double>(&cell)) {
            sheet.Number(row, col, *decimal, f.decimal);
        }
        ++col;
    }
}

// A data sheet: header, numbered rows, then the total (unnumbered, bold name).
void DataSheet(Sheet& sheet,
               const std::vector<SettlementRow>& rows,
               const SettlementRow* total,
               const Formats& f) {
    Header(sheet, f);
    lxw_row_t row = 1;
    int number = 1;
    for (const SettlementRow& r : rows) {
        Row(sheet, row++, number++, r, f);
    }
    if (total != nullptr) {
        Row(sheet, row, 0, *total, f);
    }
}

tl::unexpected<Error> Failed(const std::string& path, lxw_error error) {
    return Fail(ErrorCode::kInternal,
                fmt::format("cannot build workbook '{}': {}", path, lxw_strerror(error)),
                "không tạo được bảng tính báo cáo");
}

}  // namespace

Result<void> WriteSettlementXlsx(const std::string& path, const SettlementReport& report) {
    std::unique_ptr<lxw_workbook, WorkbookFree> workbook(workbook_new(path.c_str()));
    if (!workbook) {
        return Fail(ErrorCode::kInternal,
                    fmt::format("cannot create workbook '{}': out of memory", path),
                    "không tạo được bảng tính báo cáo");
    }
    Formats f;
    f.header = workbook_add_format(workbook.get());
    format_set_bold(f.header);
    format_set_text_wrap(f.header);
    format_set_align(f.header, static_cast<std::uint8_t>(LXW_ALIGN_CENTER));
    format_set_align(f.header, static_cast<std::uint8_t>(LXW_ALIGN_VERTICAL_CENTER));
    f.count = workbook_add_format(workbook.get());
    format_set_num_format(f.count, "#,##0");
    f.decimal = workbook_add_format(workbook.get());
    format_set_num_format(f.decimal, "0.00");
    f.bold = workbook_add_format(workbook.get());
    format_set_bold(f.bold);

    std::vector<std::unique_ptr<Sheet>> sheets;
    // Thông tin.
    sheets.push_back(std::make_unique<Sheet>(workbook.get(), "Thông tin"));
    Sheet& info = *sheets.back();
    info.Width(0, 28);
    info.Width(1, 90);
    lxw_row_t row = 0;
    const auto line = [&](std::string_view key, std::string_view value) {
        info.Text(row, 0, key, f.bold);
        info.Text(row, 1, value);
        ++row;
    };
    line("Báo cáo", "Tình hình, kết quả giải quyết thủ tục hành chính");
    line("Kỳ báo cáo", internal::PeriodText(report.period));
    line("Số liệu đến hết ngày", core::calendar::FormatDateVi(report.as_of));
    line("Phạm vi",
         report.agency_code.empty()
             ? report.agency_name
             : fmt::format("{} ({})", report.agency_name, report.agency_code));
    for (const std::string& note : internal::UnavailableNotes(report.total.figures)) {
        line("Chưa có số liệu", note);
    }

    // Tổng hợp: the scope, then each level's total.
    sheets.push_back(std::make_unique<Sheet>(workbook.get(), "Tổng hợp"));
    std::vector<SettlementRow> summary{report.total};
    for (const core::kpi::SettlementSection& s : report.sections) {
        if (s.key != "sectors") {
            SettlementRow r = s.total;
            r.name = s.title;
            summary.push_back(std::move(r));
        }
    }
    DataSheet(*sheets.back(), summary, nullptr, f);

    for (const core::kpi::SettlementSection& s : report.sections) {
        sheets.push_back(std::make_unique<Sheet>(workbook.get(), s.title));
        DataSheet(*sheets.back(), s.rows, &s.total, f);
    }
    for (const std::unique_ptr<Sheet>& s : sheets) {
        if (s->LastError() != LXW_NO_ERROR) {
            return Failed(path, s->LastError());
        }
    }
    const lxw_error closed = workbook_close(workbook.release());
    if (closed != LXW_NO_ERROR) {
        return Fail(ErrorCode::kUnavailable,
                    fmt::format("cannot write workbook '{}': {}", path, lxw_strerror(closed)),
                    fmt::format("không ghi được tệp báo cáo '{}'", path));
    }
    return {};
}

Result<std::string> SettlementXlsx(const SettlementReport& report) {
    std::random_device random;
    std::error_code ec;
    const std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
    if (ec) {
        return Fail(ErrorCode::kUnavailable,
                    fmt::format("no temporary directory: {}", ec.message()),
                    "không có thư mục tạm để tạo báo cáo");
    }
    const std::filesystem::path path =
        dir / fmt::format("motcua-report-{:08x}{:08x}.xlsx", random(), random());
    auto written = WriteSettlementXlsx(path.string(), report);
    std::string bytes;
    if (written) {
        std::ifstream in(path, std::ios::binary);
        std::ostringstream out;
        out << in.rdbuf();
        if (!in.good() && !in.eof()) {
            written = Fail(ErrorCode::kUnavailable,
                           fmt::format("cannot read back '{}'", path.string()),
                           "không đọc lại được tệp báo cáo");
        }
        bytes = std::move(out).str();
    }
    std::filesystem::remove(path, ec);
    MOTCUA_TRY(written);
    return bytes;
}

}  // namespace motcua::integrations::reports
