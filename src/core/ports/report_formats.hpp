// The formats reports are delivered in (JSON for the API, XLSX and CSV for download). Core
// computes the figures; an adapter (integrations/reports) writes them. Thread-safe.
#pragma once

#include <string>

#include "common/result.hpp"
#include "core/kpi/kpi_service.hpp"
#include "core/kpi/settlement.hpp"
#include "core/ports/kpi_store.hpp"

namespace motcua::core::ports {

class ReportFormats {
public:
    virtual ~ReportFormats() = default;

    // JSON documents (UTF-8), shapes in the OpenAPI document.
    virtual std::string IndexJson(const kpi::IndexReport& report) = 0;
    virtual std::string RankingJson(const kpi::RankingReport& report) = 0;
    virtual std::string SettlementJson(const kpi::SettlementReport& report) = 0;
    virtual std::string DrillDownJson(const DrillDownPage& page) = 0;
    // The settlement report as a workbook or as CSV; kInternal when the writer fails.
    [[nodiscard]] virtual Result<std::string> SettlementXlsx(
        const kpi::SettlementReport& report) = 0;
    [[nodiscard]] virtual Result<std::string> SettlementCsv(
        const kpi::SettlementReport& report) = 0;
};

}  // namespace motcua::core::ports
