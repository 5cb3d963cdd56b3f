// The port the indicator engine (core/kpi) reads through: sums of the incremental KPI counters
// (core/kpi/facts.hpp), the reference data the indicators classify by, and the dossiers behind
// a figure. Implementations must be thread-safe and read each call in one snapshot.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "core/calendar/civil_time.hpp"
#include "core/catalog/procedure.hpp"
#include "core/kpi/facts.hpp"
#include "core/kpi/settlement.hpp"
#include "core/model/agency.hpp"
#include "core/model/ids.hpp"
#include "core/workflow/dossier.hpp"

namespace motcua::core::ports {

// Which counters a sum reads.
struct CounterQuery {
    calendar::LocalDate from;    // flows: days [from, to]; levels: ignored
    calendar::LocalDate to;      // levels: at the end of this day
    bool by_sector = false;      // one row per (agency, sector) instead of per agency
    std::string sector_code;     // only this sector; empty for all
    std::string procedure_code;  // only this procedure; empty for all
    // With a sector or procedure filter or by sector: only these agencies (empty: the whole
    // province, and then rows carry an empty agency code). Otherwise ignored: rows are per
    // agency.
    std::vector<std::string> agencies;
};

// The sum of one metric for one agency (and sector, when asked by sector; else empty).
struct CounterRow {
    std::string agency_code;
    std::string sector_code;
    kpi::Metric metric = kpi::Metric::kPending;
    std::int64_t value = 0;

    bool operator==(const CounterRow&) const = default;
};

struct KpiAgency {
    std::string code;
    std::string name;
    model::AgencyKind kind = model::AgencyKind::kDepartment;
    std::string parent_code;  // empty for the root

    bool operator==(const KpiAgency&) const = default;
};

// What the indicators need to know about a procedure version in force.
struct KpiProcedure {
    std::string code;
    std::string name;
    std::string sector_code;
    std::string sector_name;
    catalog::ProcedureLevel level = catalog::ProcedureLevel::kCommune;
    catalog::OnlineLevel online_level = catalog::OnlineLevel::kNone;
    bool has_fee = false;  // some fee > 0
    // Constituent parts published (NĐ 63/2010 Đ8.2): every one must be for indicator 1.3.
    bool has_name = false;
    bool has_steps = false;
    bool has_components = false;
    bool has_subjects = false;
    bool has_agency = false;

    bool operator==(const KpiProcedure&) const = default;
};

struct KpiReference {
    std::vector<KpiAgency> agencies;       // every agency, parents before children
    std::vector<KpiProcedure> procedures;  // versions in force on the day asked, by code
    // Competence: (procedure code, agency code) for every internal process.
    std::vector<std::pair<std::string, std::string>> processes;
    // Sector names of every sector ever published (code → name), for report rows.
    std::vector<std::pair<std::string, std::string>> sectors;
};

// Which dossiers make a figure.
struct DrillDownQuery {
    kpi::Metric metric = kpi::Metric::kSettledLate;
    calendar::LocalDate from;  // flows: facts on days [from, to]; levels: at the end of `to`
    calendar::LocalDate to;
    std::vector<std::string> agencies;  // agency codes counted; empty for all
    std::string sector_code;            // empty for all
    std::string procedure_code;         // empty for all
    int offset = 0;
    int limit = 50;
};

// One dossier behind a figure, as it stood at the end of the query's last day.
struct FigureDossier {
    model::DossierId id;
    std::string code;
    std::string agency_code;  // the agency the figure counts it under
    std::string procedure_code;
    std::string sector_code;
    workflow::Channel channel = workflow::Channel::kCounter;
    workflow::DossierStatus status = workflow::DossierStatus::kSubmitted;
    std::optional<workflow::LocalDateTime> received_at;
    std::optional<workflow::LocalDateTime> due_at;
    std::optional<workflow::LocalDateTime> original_due_at;
    std::optional<workflow::LocalDateTime> finished_at;
    workflow::Verdict verdict = workflow::Verdict::kPending;
    std::int64_t contribution = 0;  // what it adds to the figure (1 for most metrics)
    // Lateness attribution: the steps that overran their budget, and at which agency.
    std::vector<kpi::StepOverrun> overruns;

    bool operator==(const FigureDossier&) const = default;
};

struct DrillDownPage {
    std::int64_t total = 0;            // dossiers contributing, over all pages
    std::int64_t sum = 0;              // their contributions: equals the figure
    std::vector<FigureDossier> items;  // by dossier code
};

class KpiStore {
public:
    virtual ~KpiStore() = default;

    // Sums of flow metrics over the days [from, to], one row per agency (and sector) and
    // metric with a non-zero sum; by sector or filtered by sector or procedure, one row per
    // (agency of `agencies`, sector) — or per sector for the whole province — and metric.
    [[nodiscard]] virtual Result<std::vector<CounterRow>> Flows(const CounterQuery& query) = 0;

    // Levels at the end of `query.to`, one row per agency (and sector) and level metric with a
    // non-zero level.
    [[nodiscard]] virtual Result<std::vector<CounterRow>> Levels(const CounterQuery& query) = 0;

    // The (agency code, procedure code) pairs with a non-zero sum of `metric` over [from, to],
    // of the agencies in `agencies` (empty: of every agency); without `by_agency`, the
    // procedures for the whole province (agency codes empty, `agencies` ignored).
    [[nodiscard]] virtual Result<std::vector<std::pair<std::string, std::string>>> ActiveProcedures(
        kpi::Metric metric,
        calendar::LocalDate from,
        calendar::LocalDate to,
        bool by_agency,
        const std::vector<std::string>& agencies) = 0;

    // Agencies, procedures in force on `on`, internal processes, sector names.
    [[nodiscard]] virtual Result<KpiReference> Reference(calendar::LocalDate on) = 0;

    // The dossiers whose facts make the figure of `query` (their contributions sum to it), one
    // page of them by dossier code, each with its lateness attribution as of the end of
    // `query.to`. kInvalidArgument for a negative offset or a limit outside 1..1000.
    [[nodiscard]] virtual Result<DrillDownPage> Dossiers(const DrillDownQuery& query) = 0;

    // The online drafts (ports/draft_store.hpp) started on the Vietnamese civil days
    // [from, to], deleted and expired ones included, grouped as kpi::DraftTally; a draft counts
    // as submitted when it was submitted by the end of `to`.
    [[nodiscard]] virtual Result<std::vector<kpi::DraftTally>> DraftsStarted(
        calendar::LocalDate from,
        calendar::LocalDate to) = 0;
};

}  // namespace motcua::core::ports
