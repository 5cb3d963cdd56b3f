// JSON forms of the indicator engine's results (core/kpi): the QĐ 766 index of a scope, the
// rankings, the settlement report and a drill-down page. Field names are snake_case English;
// names and reasons are Vietnamese; dates "YYYY-MM-DD", times "YYYY-MM-DDTHH:MM"; a figure that
// is not available is null (with its reason beside it, never 0). docs/INDICATORS.md lists the
// fields. Pure.
#pragma once

#include <string>

#include "core/kpi/kpi_service.hpp"
#include "core/kpi/settlement.hpp"
#include "core/ports/kpi_store.hpp"

namespace motcua::integrations::reports {

// `indent` < 0: compact; otherwise pretty-printed with that many spaces.
std::string IndexJson(const core::kpi::IndexReport& report, int indent = -1);
std::string RankingJson(const core::kpi::RankingReport& report, int indent = -1);
std::string SettlementJson(const core::kpi::SettlementReport& report, int indent = -1);
std::string DrillDownJson(const core::ports::DrillDownPage& page, int indent = -1);

}  // namespace motcua::integrations::reports
