#include "integrations/reports/report_formats.hpp"

#include "integrations/reports/report_json.hpp"
#include "integrations/reports/settlement_csv.hpp"
#include "integrations/reports/settlement_xlsx.hpp"

namespace motcua::integrations::reports {

std::string ReportWriters::IndexJson(const core::kpi::IndexReport& report) {
    return reports::IndexJson(report);
}

std::string ReportWriters::RankingJson(const core::kpi::RankingReport& report) {
    return reports::RankingJson(report);
}

std::string ReportWriters::SettlementJson(const core::kpi::SettlementReport& report) {
    return reports::SettlementJson(report);
}

std::string ReportWriters::DrillDownJson(const core::ports::DrillDownPage& page) {
    return reports::DrillDownJson(page);
}

Result<std::string> ReportWriters::SettlementXlsx(const core::kpi::SettlementReport& report) {
    return reports::SettlementXlsx(report);
}

Result<std::string> ReportWriters::SettlementCsv(const core::kpi::SettlementReport& report) {
    return reports::SettlementCsv(report);
}

}  // namespace motcua::integrations::reports
