// The KPI counter tables (migrations/0004_kpi.sql) as storage writes and reads them: adding the
// facts of appended events in the event's transaction, the procedure traits facts depend on, and
// the day/month/year bucket arithmetic of the rollups. Internal to storage.
//
// Tables: kpi_counters holds every fact by (day, metric, procedure, agency, sector); the rollups
// kpi_agency_rollups (bucket, metric, agency) and kpi_sector_rollups (bucket, metric, agency,
// sector) hold the same sums per day (bucket YYYYMMDD), month (YYYYMM) and year (YYYY), so a
// period is read as a handful of bucket ranges whatever its length. Keys start with the day so
// the facts of one transaction (around "now") land on neighbouring pages.
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

// YYYYMMDD, YYYYMM, YYYY of a day.
std::int64_t DayBucket(core::calendar::LocalDate day);
std::int64_t MonthBucket(core::calendar::LocalDate day);
std::int64_t YearBucket(core::calendar::LocalDate day);

// The day of a YYYYMMDD bucket; kInvalidArgument for anything else.
[[nodiscard]] Result<core::calendar::LocalDate> DayOfBucket(std::int64_t bucket);

// Inclusive bucket ranges whose buckets together cover the days [from, to] exactly once: whole
// years as year buckets, whole months as month buckets, the rest as days. At most five ranges.
std::vector<std::pair<std::int64_t, std::int64_t>> BucketRanges(core::calendar::LocalDate from,
                                                                core::calendar::LocalDate to);

// The first day any level sum starts from.
inline constexpr core::calendar::LocalDate kEpoch{std::chrono::year{1900} / 1 / 1};

// The traits of a procedure version (sector, fee, online level); defaults when absent.
[[nodiscard]] Result<core::kpi::ProcedureTraits> TraitsOf(Connection& c,
                                                          core::model::ProcedureVersionId id);

// Adds `facts` to the counter table and both rollups (upserts; zero sums are kept as rows).
[[nodiscard]] Result<void> AddFacts(Connection& c, std::span<const core::kpi::Fact> facts);

// Adds the facts of `events` appended to `before` (a default Dossier for a new one), with the
// traits of the dossier's procedure version. Runs inside the caller's transaction.
[[nodiscard]] Result<void> AddEventFacts(Connection& c,
                                         const core::workflow::Dossier& before,
                                         std::span<const core::workflow::Event> events);

}  // namespace motcua::storage::sqlite::internal
