#include "integrations/reports/settlement_csv.hpp"

#include <string_view>

#include <fmt/format.h>

#include "integrations/reports/settlement_columns.hpp"

namespace motcua::integrations::reports {
namespace {

using core::kpi::SettlementRow;
using internal::Cell;

void Field(std::string& out, std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
        out += text;
        return;
    }
    out += '"';
    for (const char c : text) {
        if (c == '"') {
            out += '"';
        }
        out += c;
    }
    out += '"';
}

void Line(std::string& out,
          std::string_view part,
          std::string_view number,
          const SettlementRow& r) {
    Field(out, part);
    out += ',';
    out += number;
    for (const internal::Column& c : internal::SettlementColumns()) {
        out += ',';
        const Cell cell = c.value(r);
        if (const auto* text = std::get_if<std::string>(&cell)) {
            Field(out, *text);
        } else if (const auto* count = std::get_if<std::int64_t>(&cell)) {
            out += fmt::format("{}", *count);
        } else if (const auto* decimal = std::get_if<double>(&cell)) {
            out += fmt::format("{:.2f}", *decimal);
        }
    }
    out += "\r\n";
}

}  // namespace

std::string SettlementCsv(const core::kpi::SettlementReport& report) {
    std::string out = "\xEF\xBB\xBF";
    Field(out, "Phần");
    out += ",STT";
    for (const internal::Column& c : internal::SettlementColumns()) {
        out += ',';
        Field(out, c.header);
    }
    out += "\r\n";
    Line(out, "Tổng hợp", "", report.total);
    for (const core::kpi::SettlementSection& s : report.sections) {
        int number = 0;
        for (const SettlementRow& r : s.rows) {
            Line(out, s.title, fmt::format("{}", ++number), r);
        }
        Line(out, s.title, "", s.total);
    }
    return out;
}

}  // namespace motcua::integrations::reports
