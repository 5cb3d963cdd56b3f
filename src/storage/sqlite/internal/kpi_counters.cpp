#include "storage/sqlite/internal/kpi_counters.hpp"

#include <optional>
#include <string_view>

#include <fmt/format.h>

#include "storage/sqlite/statement.hpp"

namespace motcua::storage::sqlite::internal {
namespace {

namespace cal = core::calendar;
namespace kpi = core::kpi;
using std::chrono::days;

// The traits of a version row; the fee test runs in SQL so the body is never decoded here.
constexpr std::string_view kTraitsSql =
    "SELECT sector_code, online_level, EXISTS(SELECT 1 FROM json_each(body, '$.fees') "
    "WHERE json_extract(value, '$.amount_vnd') > 0) FROM procedure_versions WHERE id = ?1";

constexpr std::string_view kAddCounter =
    "INSERT INTO kpi_counters(metric, procedure_code, day, agency_code, sector_code, value) "
    "VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO UPDATE SET value = value + excluded.value";
constexpr std::string_view kAddAgency =
    "INSERT INTO kpi_agency_rollups(metric, bucket, agency_code, value) VALUES(?1, ?2, ?3, ?4) "
    "ON CONFLICT DO UPDATE SET value = value + excluded.value";
constexpr std::string_view kAddSector =
    "INSERT INTO kpi_sector_rollups(metric, bucket, agency_code, sector_code, value) "
    "VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT DO UPDATE SET value = value + excluded.value";

enum class Level { kDay, kMonth, kYear };

cal::LocalDate NextMonth(cal::LocalDate day) {
    const std::chrono::year_month_day ymd{day};
    const std::chrono::year_month ym = ymd.year() / ymd.month() + std::chrono::months{1};
    return cal::LocalDate{ym / 1};
}

cal::LocalDate NextYear(cal::LocalDate day) {
    const std::chrono::year_month_day ymd{day};
    return cal::LocalDate{(ymd.year() + std::chrono::years{1}) / 1 / 1};
}

}  // namespace

std::int64_t DayBucket(cal::LocalDate day) {
    const cal::CivilParts p = cal::Parts(day);
    return std::int64_t{p.year} * 10000 + p.month * 100 + p.day;
}

std::int64_t MonthBucket(cal::LocalDate day) {
    const cal::CivilParts p = cal::Parts(day);
    return std::int64_t{p.year} * 100 + p.month;
}

std::int64_t YearBucket(cal::LocalDate day) {
    return cal::Parts(day).year;
}

Result<cal::LocalDate> DayOfBucket(std::int64_t bucket) {
    if (bucket < 10000000 || bucket > 99991231) {
        return Fail(ErrorCode::kInvalidArgument, fmt::format("{} is not a day bucket", bucket));
    }
    return cal::MakeDate(static_cast<int>(bucket / 10000),
                         static_cast<int>(bucket / 100 % 100),
                         static_cast<int>(bucket % 100));
}

std::vector<std::pair<std::int64_t, std::int64_t>> BucketRanges(cal::LocalDate from,
                                                                cal::LocalDate to) {
    std::vector<std::pair<std::int64_t, std::int64_t>> out;
    std::optional<Level> last;
    // Appends a bucket, extending the last range when it holds the previous bucket of the same
    // level (nothing of another level between them, so the range covers no other day).
    const auto add = [&](Level level, std::int64_t bucket) {
        if (last == level) {
            out.back().second = bucket;
        } else {
            out.emplace_back(bucket, bucket);
            last = level;
        }
    };
    cal::LocalDate day = from;
    while (day <= to) {
        const std::chrono::year_month_day ymd{day};
        if (ymd.day() == std::chrono::day{1}) {
            if (ymd.month() == std::chrono::January && NextYear(day) - days{1} <= to) {
                add(Level::kYear, YearBucket(day));
                day = NextYear(day);
                continue;
            }
            if (NextMonth(day) - days{1} <= to) {
                add(Level::kMonth, MonthBucket(day));
                day = NextMonth(day);
                continue;
            }
        }
        add(Level::kDay, DayBucket(day));
        day += days{1};
    }
    return out;
}

Result<kpi::ProcedureTraits> TraitsOf(Connection& c, core::model::ProcedureVersionId id) {
    kpi::ProcedureTraits traits;
    MOTCUA_ASSIGN_OR_RETURN(CachedStatement st, c.Cached(kTraitsSql));
    MOTCUA_TRY(st->Bind(1, id.value()));
    MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
    if (!row) {
        return traits;
    }
    traits.sector_code = std::string(st->ColumnText(0));
    MOTCUA_ASSIGN_OR_RETURN(traits.online_level,
                            core::catalog::ParseOnlineLevel(st->ColumnText(1)));
    traits.has_fee = st->ColumnInt(2) != 0;
    return traits;
}

Result<void> AddFacts(Connection& c, std::span<const kpi::Fact> facts) {
    if (facts.empty()) {
        return {};
    }
    MOTCUA_ASSIGN_OR_RETURN(CachedStatement counter, c.Cached(kAddCounter));
    MOTCUA_ASSIGN_OR_RETURN(CachedStatement agency, c.Cached(kAddAgency));
    MOTCUA_ASSIGN_OR_RETURN(CachedStatement sector, c.Cached(kAddSector));
    for (const kpi::Fact& f : facts) {
        const int metric = static_cast<int>(f.metric);
        MOTCUA_TRY(counter->BindAll(metric,
                                    std::string_view(f.procedure_code),
                                    DayBucket(f.day),
                                    std::string_view(f.agency_code),
                                    std::string_view(f.sector_code),
                                    f.value));
        MOTCUA_TRY(counter->Run());
        counter->Reset();
        for (const std::int64_t bucket :
             {DayBucket(f.day), MonthBucket(f.day), YearBucket(f.day)}) {
            MOTCUA_TRY(agency->BindAll(metric, bucket, std::string_view(f.agency_code), f.value));
            MOTCUA_TRY(agency->Run());
            agency->Reset();
            MOTCUA_TRY(sector->BindAll(metric,
                                       bucket,
                                       std::string_view(f.agency_code),
                                       std::string_view(f.sector_code),
                                       f.value));
            MOTCUA_TRY(sector->Run());
            sector->Reset();
        }
    }
    return {};
}

Result<void> AddEventFacts(Connection& c,
                           const core::workflow::Dossier& before,
                           std::span<const core::workflow::Event> events) {
    if (events.empty()) {
        return {};
    }
    core::model::ProcedureVersionId version = before.procedure_version;
    if (const auto* s = std::get_if<core::workflow::Submitted>(&events.front().data)) {
        version = s->procedure_version;
    }
    MOTCUA_ASSIGN_OR_RETURN(const kpi::ProcedureTraits traits, TraitsOf(c, version));
    const std::vector<kpi::Fact> facts = kpi::FactsOf(before, events, traits);
    return AddFacts(c, facts);
}

}  // namespace motcua::storage::sqlite::internal
