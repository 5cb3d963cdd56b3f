// The ReportFormats port on the JSON, XLSX (libxlsxwriter) and CSV writers of this folder.
#pragma once

#include "core/ports/report_formats.hpp"

namespace motcua::integrations::reports {

class ReportWriters final : public core::ports::ReportFormats {
public:
    std::string IndexJson(const core::kpi::IndexReport& report) override;
    std::string RankingJson(const core::kpi::RankingReport& report) override;
    std::string SettlementJson(const core::kpi::SettlementReport& report) override;
    std::string DrillDownJson(const core::ports::DrillDownPage& page) override;
    Result<std::string> SettlementXlsx(const core::kpi::SettlementReport& report) override;
    Result<std::string> SettlementCsv(const core::kpi::SettlementReport& report) override;
};

}  // namespace motcua::integrations::reports
