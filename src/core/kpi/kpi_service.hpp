// KpiService: the indicator engine's entry points — the QĐ 766 index of a scope, the rankings of
// agencies and communes with the head-of-agency flags, the settlement report, and the dossiers
// behind any figure. It reads sums of the incremental counters through ports::KpiStore (so each
// call costs a few indexed range reads, whatever the number of dossiers) and computes with the
// pure functions of index766.hpp and settlement.hpp. Periods still running are cut at today
// (from the injected Clock). Thread-safe when the store is; holds no mutable state.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "core/kpi/index766.hpp"
#include "core/kpi/period.hpp"
#include "core/kpi/settlement.hpp"
#include "core/ports/kpi_store.hpp"

namespace motcua::core::kpi {

// What a figure covers: an agency and everything below it (empty: the whole province), and
// optionally one sector or one procedure.
struct Scope {
    std::string agency_code;
    std::string sector_code;
    std::string procedure_code;

    bool operator==(const Scope&) const = default;
};

struct IndexReport {
    Period period;              // cut at as_of when still running
    calendar::LocalDate as_of;  // figures as of the end of this day
    Scope scope;
    std::string agency_name;  // of scope.agency_code; the province's name when empty
    Index766 index;
};

struct RankingReport {
    Period period;
    calendar::LocalDate as_of;
    std::string config_version;
    FlagRule flag;
    std::vector<RankedAgency> agencies;  // sở, ban, ngành (each with its subtree)
    std::vector<RankedAgency> communes;  // xã, phường, đặc khu
};

class KpiService {
public:
    // `configs`: the QĐ 766 configurations by effective date (BuiltinIndex766Configs()).
    KpiService(ports::KpiStore& store,
               const Clock& clock,
               std::vector<Index766Config> configs = BuiltinIndex766Configs())
        : store_(store), clock_(clock), configs_(std::move(configs)) {}

    // The index of `scope` for `period`. kNotFound for an unknown agency; kInvalidArgument for
    // a period that has not begun or an invalid configuration; store errors.
    [[nodiscard]] Result<IndexReport> Index(const Period& period, const Scope& scope);

    // Departments and communes ranked by their index for `period`, the last places flagged
    // under the configuration's rule (which may look at earlier periods). Errors as Index.
    [[nodiscard]] Result<RankingReport> Ranking(const Period& period);

    // The settlement report of `agency_code`'s subtree (empty: the province): per agency by
    // level, per sector, and the total. Errors as Index.
    [[nodiscard]] Result<SettlementReport> Settlement(const Period& period,
                                                      std::string_view agency_code);

    // The dossiers behind `metric` for `period` and `scope` (flows: facts in the period; levels:
    // at its end), one page by dossier code. Errors as Index; kInvalidArgument for a bad page.
    [[nodiscard]] Result<ports::DrillDownPage> Dossiers(Metric metric,
                                                        const Period& period,
                                                        const Scope& scope,
                                                        int offset = 0,
                                                        int limit = 50);

private:
    [[nodiscard]] Result<Period> Clamp(const Period& period) const;
    [[nodiscard]] Result<Index766Config> Config(calendar::LocalDate day) const;

    ports::KpiStore& store_;
    const Clock& clock_;
    std::vector<Index766Config> configs_;
};

}  // namespace motcua::core::kpi
