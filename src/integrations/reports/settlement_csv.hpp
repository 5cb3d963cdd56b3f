// The settlement report as CSV (RFC 4180: comma-separated, fields quoted when they hold a comma,
// a quote or a line break, CRLF line ends), UTF-8 with a byte-order mark so spreadsheet programs
// read the Vietnamese text. One header line, then one line per row of every part of the report
// in order — "Tổng hợp" (the scope), then each level's agencies and its total, then the sectors —
// with the part in the first column and the columns of the XLSX sheets after it. A figure that is
// not available is an empty field; decimals use a dot and two digits.
#pragma once

#include <string>

#include "core/kpi/settlement.hpp"

namespace motcua::integrations::reports {

// The whole file. Pure.
std::string SettlementCsv(const core::kpi::SettlementReport& report);

}  // namespace motcua::integrations::reports
