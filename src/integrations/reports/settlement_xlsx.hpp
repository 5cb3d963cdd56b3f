// The settlement report as an Excel workbook (libxlsxwriter):
//
//   Thông tin   period, dates, scope, and the figures not available with their reasons
//   Tổng hợp    the scope's total and the total of each level
//   Cấp tỉnh    one row per provincial agency of the scope        (when the scope has any)
//   Cấp xã      one row per commune of the scope                   (when the scope has any)
//   Lĩnh vực    one row per sector                                 (when any has figures)
//
// Every data sheet has the same columns (reports/settlement_columns.hpp): a bold header in row 1,
// frozen with the code and name columns; counts formatted "#,##0", percents and days "0.00";
// a figure that is not available is an empty cell. Thread-safe for distinct paths.
#pragma once

#include <string>

#include "common/result.hpp"
#include "core/kpi/settlement.hpp"

namespace motcua::integrations::reports {

// Writes the workbook at `path` (replacing any file there). kUnavailable when the file cannot be
// written; kInternal when libxlsxwriter fails otherwise.
[[nodiscard]] Result<void> WriteSettlementXlsx(const std::string& path,
                                               const core::kpi::SettlementReport& report);

// The workbook's bytes (written through a temporary file that is removed), for HTTP responses.
[[nodiscard]] Result<std::string> SettlementXlsx(const core::kpi::SettlementReport& report);

}  // namespace motcua::integrations::reports
