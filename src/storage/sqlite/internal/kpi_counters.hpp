// The KPI counter tables (migrations/0004_kpi.sql) as storage writes and reads them: adding the
// facts of appended events in the event's transaction, the procedure traits facts depend on, and
// the day/month bucket arithmetic of the rollups. Internal to storage.
//
// Tables: kpi_counters holds every fact by (day, metric, agency, procedure, sector); the rollups
// kpi_agency_rollups (bucket, metric, agency) and kpi_procedure_rollups (bucket, metric, sector,
// procedure) hold the same sums per day (bucket YYYYMMDD) and per month (YYYYMM), so a period is
// read as a few bucket ranges whatever its length. Keys start with the day so the facts of one
// transaction (around "now") land on neighbouring pages.
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "core/calendar/civil_time.hpp"
#include "core/kpi/facts.hpp"
#include "core/model/ids.hpp"
#include "core/workflow/dossier.hpp"
#include "storage/sqlite/connection.hpp"

namespace motcua::storage::sqlite::internal {

// YYYYMMDD and YYYYMM of a day.
std::int64_t DayBucket(core::calendar::LocalDate day);
std::int64_t MonthBucket(core::calendar::LocalDate day);

// The day of a YYYYMMDD bucket; kInvalidArgument for anything else.
[[nodiscard]] Result<core::calendar::LocalDate> DayOfBucket(std::int64_t bucket);

// The buckets that together cover the days [from, to] exactly once, in order: whole months as
// month buckets, the other days as day buckets.
std::vector<std::int64_t> Buckets(core::calendar::LocalDate from, core::calendar::LocalDate to);

// The same as inclusive ranges of consecutive buckets of one kind (at most three: days, months,
// days). A range of months may span a year end: the numbers in between are not months, so no
// row holds them.
std::vector<std::pair<std::int64_t, std::int64_t>> BucketRanges(core::calendar::LocalDate from,
                                                                core::calendar::LocalDate to);

// The traits of a procedure version (sector, fee, online level); defaults when absent.
[[nodiscard]] Result<core::kpi::ProcedureTraits> TraitsOf(Connection& c,
                                                          core::model::ProcedureVersionId id);

// Adds `facts` to the counter table and both rollups (rows merged per table, then multi-row
// upserts; zero sums are skipped, existing rows may reach 0 and stay).
[[nodiscard]] Result<void> AddFacts(Connection& c, std::span<const core::kpi::Fact> facts);

// Adds the facts of `events` appended to `before` (a default Dossier for a new one), with the
// traits of the dossier's procedure version. Runs inside the caller's transaction.
[[nodiscard]] Result<void> AddEventFacts(Connection& c,
                                         const core::workflow::Dossier& before,
                                         std::span<const core::workflow::Event> events);

}  // namespace motcua::storage::sqlite::internal
