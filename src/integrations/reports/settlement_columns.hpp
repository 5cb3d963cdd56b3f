// The columns of the settlement report as a table (forms 06a/07a, spec §11, plus the digital
// service rates), shared by the XLSX and CSV writers so both always agree. Internal to
// integrations/reports.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/kpi/settlement.hpp"

namespace motcua::integrations::reports::internal {

// An empty cell (a figure not available), a text, a count, or a decimal (percent, days,
// minutes).
using Cell = std::variant<std::monostate, std::string, std::int64_t, double>;

enum class ColumnKind { kText, kCount, kPercent, kDays, kMinutes };

struct Column {
    std::string_view header;  // Vietnamese
    ColumnKind kind;
    double width;  // characters, for spreadsheets
    Cell (*value)(const core::kpi::SettlementRow& row);
};

// Every column after "STT", in order.
std::span<const Column> SettlementColumns();

// The figures that are not available in `figures`, as "name: reason" lines.
std::vector<std::string> UnavailableNotes(const core::kpi::SettlementFigures& figures);

// "2026-Q3 (01/07/2026 – 30/09/2026)".
std::string PeriodText(const core::kpi::Period& period);

}  // namespace motcua::integrations::reports::internal
