// The SQLite KpiStore: sums of the incremental KPI counters that SqliteDossierStore::Append writes
// with every event (migrations/0004_kpi.sql; the facts waiting in kpi_pending, 0017, are folded
// in before the counters are read), the reference data of the indicators, the dossiers
// behind a figure; and the full recomputation of the counters from the event log that proves
// them right (VerifyKpiCounters). Thread-safe; each call reads one snapshot.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/ports/kpi_store.hpp"
#include "storage/sqlite/database.hpp"

namespace motcua::storage::sqlite {

class SqliteKpiStore final : public core::ports::KpiStore {
public:
    explicit SqliteKpiStore(Database& db) : db_(db) {}

    // Read from the rollups — by agency, by sector (the province by sector, or one sector), by
    // sector and procedure (one procedure) — or, for some agencies by sector or procedure, from
    // the per-fact counters (kpi_counter_months for whole months, kpi_counters for days). Flows
    // are read as the ranges of internal::BucketRanges (quarters, months, ten-day periods,
    // days, months or ten-day periods minus days), levels bucket by bucket from the first month
    // counted (quarters, months, ten-day periods, days; months and days from the per-fact
    // counters).
    Result<std::vector<core::ports::CounterRow>> Flows(
        const core::ports::CounterQuery& query) override;
    Result<std::vector<core::ports::CounterRow>> Levels(
        const core::ports::CounterQuery& query) override;
    Result<std::vector<std::pair<std::string, std::string>>> ActiveProcedures(
        core::kpi::Metric metric,
        core::calendar::LocalDate from,
        core::calendar::LocalDate to,
        bool by_agency,
        const std::vector<std::string>& agencies) override;
    Result<core::ports::KpiReference> Reference(core::calendar::LocalDate on) override;
    // Candidates come from the dossier columns (or the step rows, or for returns and ratings
    // the event log), then each candidate's events are replayed through core::kpi::FactsOf to
    // keep exactly the dossiers whose facts make the figure.
    Result<core::ports::DrillDownPage> Dossiers(const core::ports::DrillDownQuery& query) override;
    // Reads the `drafts` table (migration 0006): rows created in the period, grouped in memory.
    Result<std::vector<core::kpi::DraftTally>> DraftsStarted(core::calendar::LocalDate from,
                                                             core::calendar::LocalDate to) override;

private:
    Database& db_;
};

struct KpiCheckReport {
    std::int64_t dossiers = 0;
    std::int64_t events = 0;
    std::int64_t facts = 0;                     // non-zero counter rows recomputed
    std::int64_t mismatches = 0;                // counter and rollup rows that differ
    std::optional<std::string> first_mismatch;  // a readable description of one of them
    bool repaired = false;
};

// Folds the facts waiting in kpi_pending into the counters, then recomputes every counter from
// the events (replaying each dossier through core::kpi::FactsOf) and compares with the stored
// counters and their month sums, then checks the three rollups against the counters; zero rows
// are ignored. With `repair`, rewrites the five tables from the recomputation (in one
// transaction with the fold, blocking other writes meanwhile) when they differ; the rollups are
// then not compared when the counters already differ.
[[nodiscard]] Result<KpiCheckReport> VerifyKpiCounters(Database& db, bool repair);

// Rewrites the five counter tables from the recomputation of VerifyKpiCounters, without comparing
// (for a bulk load, which writes no counters with its events), in one write job; the facts
// waiting in kpi_pending are dropped, the recomputation counts them. `mismatches` stays 0.
[[nodiscard]] Result<KpiCheckReport> RebuildKpiCounters(Database& db);

}  // namespace motcua::storage::sqlite
