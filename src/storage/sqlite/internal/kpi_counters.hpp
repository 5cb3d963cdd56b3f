// The KPI counter tables (migrations/0004_kpi.sql) as storage writes and reads them: adding the
// facts of appended events in the event's transaction, the procedure traits facts depend on, and
// the day/month bucket arithmetic of the rollups. Internal to storage.
//
// Tables: kpi_pending (0017) holds the facts of appended events not yet added to the counters
// (see StagePendingFacts); kpi_counters holds every fact by (day, metric, agency, procedure,
// sector) and kpi_counter_months the same rows per month (0010); the rollups kpi_agency_rollups
// (bucket, metric, agency), kpi_sector_rollups (bucket, metric, sector; 0010) and
// kpi_procedure_rollups (bucket, metric, sector, procedure) hold the same sums per day (bucket
// YYYYMMDD), per ten days (YYYYMMD, 0012), per month (YYYYMM) and per quarter (YYYYQ), so a period
// is read as whole quarters, months and ten-day periods plus at most a few days left over whatever
// its length. Keys start with the day so the facts of one transaction (around "now") land on
// neighbouring pages.
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
#include "storage/sqlite/database.hpp"

namespace motcua::storage::sqlite::internal {

// YYYYMMDD, YYYYMMD (ten-day period D: 1 for days 1–10, 2 for 11–20, 3 for 21 to the month's
// end), YYYYMM and YYYYQ (quarter 1–4) of a day.
std::int64_t DayBucket(core::calendar::LocalDate day);
std::int64_t DekadBucket(core::calendar::LocalDate day);
std::int64_t MonthBucket(core::calendar::LocalDate day);
std::int64_t QuarterBucket(core::calendar::LocalDate day);

enum class BucketKind { kDay, kDekad, kMonth, kQuarter };

// The kind of a bucket number (8, 7, 6 or 5 digits).
BucketKind KindOf(std::int64_t bucket);

// The day of a YYYYMMDD bucket; kInvalidArgument for anything else.
[[nodiscard]] Result<core::calendar::LocalDate> DayOfBucket(std::int64_t bucket);

// The buckets that together cover the days [from, to] exactly once, in order: when `rollups`
// (the rollups hold quarters and ten-day periods; the per-fact tables do not) whole quarters as
// quarter buckets and whole ten-day periods as such; whole months as month buckets, the other
// days as day buckets.
std::vector<std::int64_t> Buckets(core::calendar::LocalDate from,
                                  core::calendar::LocalDate to,
                                  bool rollups = false);

// A bucket whose rows are added (sign +1) or subtracted (-1).
struct SignedBucket {
    std::int64_t bucket = 0;
    int sign = 1;

    bool operator==(const SignedBucket&) const = default;
};

// Reading a month bucket costs about as much as reading this many day buckets (rows per month
// bucket ÷ rows per day bucket, 2.5–3.7 on the demo province), a ten-day bucket this many.
inline constexpr int kMonthCostInDays = 3;
inline constexpr int kDekadCostInDays = 2;

// Buckets whose signed sum covers the days [from, to] exactly once, in order of their days:
// whole quarters as quarter buckets when `rollups`, whole months as month buckets; the days a
// period covers of a month it covers in part at the lower cost (in kMonthCostInDays and
// kDekadCostInDays) of either those days or the month bucket minus the month's other days (so
// the running month up to today is its month bucket minus the days to come, which hold only
// projected level changes, and ties go to the month). Either set of days of one month is read,
// when `rollups`, as whole ten-day buckets plus days, or a ten-day bucket minus the days of it
// not wanted where that costs less than its days.
std::vector<SignedBucket> SignedBuckets(core::calendar::LocalDate from,
                                        core::calendar::LocalDate to,
                                        bool rollups = false);

// An inclusive range of consecutive buckets of one kind, all with the same sign.
struct BucketRange {
    std::int64_t first = 0;
    std::int64_t last = 0;
    int sign = 1;

    bool operator==(const BucketRange&) const = default;
};

// SignedBuckets for the rollups (quarters and ten-day periods) as ranges of consecutive buckets
// of one kind and one sign, e.g. days subtracted, months, quarters, months, ten-day periods,
// days. A range of quarters, months or ten-day periods may span a year or month end and a range
// of days a month end: the numbers in between are not buckets, so no row holds them.
std::vector<BucketRange> BucketRanges(core::calendar::LocalDate from, core::calendar::LocalDate to);

// The traits of a procedure version (sector, fee, online level); defaults when absent.
[[nodiscard]] Result<core::kpi::ProcedureTraits> TraitsOf(Connection& c,
                                                          core::model::ProcedureVersionId id);

// Adds `facts` to the counter table, its month sums and the three rollups (day, ten-day, month
// and quarter buckets; rows merged per table, then multi-row upserts; zero sums are skipped,
// existing rows may reach 0 and stay).
[[nodiscard]] Result<void> AddFacts(Connection& c, std::span<const core::kpi::Fact> facts);

// Appends `facts`, merged by key, to kpi_pending in the caller's transaction (the facts of a
// batch's appends, committed with their events; AddFacts adds them to the counters later, see
// FoldPendingFacts); the number of rows written.
[[nodiscard]] Result<std::size_t> StagePendingFacts(Connection& c,
                                                    std::vector<core::kpi::Fact> facts);

// Adds every kpi_pending row to the counters (AddFacts) and deletes them, in the caller's
// transaction; the number of rows folded.
[[nodiscard]] Result<std::int64_t> FoldPendingFacts(Connection& c);

// When kpi_pending holds rows, folds them (FoldPendingFacts) in one write job, so that reads
// begun afterwards see every fact of the events committed before. Not from a writer job.
[[nodiscard]] Result<void> FoldPendingFacts(Database& db);

// The procedure version a dossier was submitted under, from its whole log (`events` from the
// first, a Submitted); none (id 0) when the log does not start with the submission.
[[nodiscard]] core::model::ProcedureVersionId SubmittedVersion(
    std::span<const core::workflow::Event> events);

// The procedure version whose traits the facts of `events` appended to `before` carry: the
// submitted one for a new dossier, else the dossier's.
[[nodiscard]] core::model::ProcedureVersionId FactsVersion(
    const core::workflow::Dossier& before,
    std::span<const core::workflow::Event> events);

}  // namespace motcua::storage::sqlite::internal
