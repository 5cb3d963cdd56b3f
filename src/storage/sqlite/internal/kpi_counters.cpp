#include "storage/sqlite/internal/kpi_counters.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

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

cal::LocalDate NextMonth(cal::LocalDate day) {
    const std::chrono::year_month_day ymd{day};
    const std::chrono::year_month ym = ymd.year() / ymd.month() + std::chrono::months{1};
    return cal::LocalDate{ym / 1};
}

// One table's upsert: `columns` key columns then value.
struct Table {
    std::string_view name;
    std::string_view columns;  // "day, metric, agency_code, procedure_code, sector_code"
    int keys;                  // number of key columns
};

constexpr Table kCounters{"kpi_counters",
                          "day, metric, agency_code, procedure_code, sector_code",
                          5};
constexpr Table kMonths{"kpi_counter_months",
                        "month, metric, agency_code, procedure_code, sector_code",
                        5};
constexpr Table kAgency{"kpi_agency_rollups", "bucket, metric, agency_code", 3};
constexpr Table kSector{"kpi_sector_rollups", "bucket, metric, sector_code", 3};
constexpr Table kProcedure{"kpi_procedure_rollups",
                           "bucket, metric, sector_code, procedure_code",
                           4};

std::string UpsertSql(const Table& t, int rows) {
    std::string row = "(";
    for (int i = 0; i <= t.keys; ++i) {
        row += i == 0 ? "?" : ", ?";
    }
    row += ")";
    std::string sql = fmt::format("INSERT INTO {}({}, value) VALUES ", t.name, t.columns);
    for (int r = 0; r < rows; ++r) {
        sql += r == 0 ? row : ", " + row;
    }
    return sql + " ON CONFLICT DO UPDATE SET value = value + excluded.value";
}

// Rows keyed by (bucket, metric, text…): the texts are views into the facts being written.
template <std::size_t N>
using Rows = std::map<std::tuple<std::int64_t, int, std::array<std::string_view, N>>, std::int64_t>;

// UpsertSql(t, rows), built once per thread (no lock; in practice the writer thread).
const std::string& CachedUpsertSql(const Table& t, int rows) {
    thread_local std::map<std::pair<const char*, int>, std::string> built;
    auto [it, fresh] = built.try_emplace({t.name.data(), rows});
    if (fresh) {
        it->second = UpsertSql(t, rows);
    }
    return it->second;
}

// Upserts every non-zero row, up to 8 in one statement (one statement per table for an
// append's facts).
template <std::size_t N>
Result<void> Write(Connection& c, const Table& t, const Rows<N>& rows) {
    constexpr int kChunk = 8;
    std::vector<const typename Rows<N>::value_type*> todo;
    todo.reserve(rows.size());
    for (const auto& row : rows) {
        if (row.second != 0) {
            todo.push_back(&row);
        }
    }
    std::size_t next = 0;
    while (next < todo.size()) {
        const int n = static_cast<int>(std::min(todo.size() - next, std::size_t{kChunk}));
        MOTCUA_ASSIGN_OR_RETURN(CachedStatement st, c.Cached(CachedUpsertSql(t, n)));
        int index = 0;
        for (int r = 0; r < n; ++r) {
            const auto& [key, value] = *todo[next++];
            MOTCUA_TRY(st->Bind(++index, std::get<0>(key)));
            MOTCUA_TRY(st->Bind(++index, std::get<1>(key)));
            for (const std::string_view text : std::get<2>(key)) {
                MOTCUA_TRY(st->Bind(++index, text));
            }
            MOTCUA_TRY(st->Bind(++index, value));
        }
        MOTCUA_TRY(st->Run());
        st->Reset();
    }
    return {};
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

std::int64_t QuarterBucket(cal::LocalDate day) {
    const cal::CivilParts p = cal::Parts(day);
    return std::int64_t{p.year} * 10 + (p.month - 1) / 3 + 1;
}

BucketKind KindOf(std::int64_t bucket) {
    if (bucket >= 10000000) {
        return BucketKind::kDay;
    }
    return bucket >= 100000 ? BucketKind::kMonth : BucketKind::kQuarter;
}

Result<cal::LocalDate> DayOfBucket(std::int64_t bucket) {
    if (bucket < 10000000 || bucket > 99991231) {
        return Fail(ErrorCode::kInvalidArgument, fmt::format("{} is not a day bucket", bucket));
    }
    return cal::MakeDate(static_cast<int>(bucket / 10000),
                         static_cast<int>(bucket / 100 % 100),
                         static_cast<int>(bucket % 100));
}

namespace {

// The last day of the quarter that starts on `day`, when `day` is the first day of a quarter.
std::optional<cal::LocalDate> QuarterFrom(cal::LocalDate day) {
    const std::chrono::year_month_day ymd{day};
    const unsigned month = static_cast<unsigned>(ymd.month());
    if (ymd.day() != std::chrono::day{1} || (month - 1) % 3 != 0) {
        return std::nullopt;
    }
    const std::chrono::year_month next = ymd.year() / ymd.month() + std::chrono::months{3};
    return cal::LocalDate{next / 1} - days{1};
}

}  // namespace

std::vector<std::int64_t> Buckets(cal::LocalDate from, cal::LocalDate to, bool quarters) {
    std::vector<std::int64_t> out;
    cal::LocalDate day = from;
    while (day <= to) {
        const std::chrono::year_month_day ymd{day};
        if (const auto last = QuarterFrom(day); quarters && last && *last <= to) {
            out.push_back(QuarterBucket(day));
            day = *last + days{1};
        } else if (ymd.day() == std::chrono::day{1} && NextMonth(day) - days{1} <= to) {
            out.push_back(MonthBucket(day));
            day = NextMonth(day);
        } else {
            out.push_back(DayBucket(day));
            day += days{1};
        }
    }
    return out;
}

std::vector<SignedBucket> SignedBuckets(cal::LocalDate from, cal::LocalDate to, bool quarters) {
    std::vector<SignedBucket> out;
    cal::LocalDate day = from;
    while (day <= to) {
        if (const auto quarter_last = QuarterFrom(day);
            quarters && quarter_last && *quarter_last <= to) {
            out.push_back({QuarterBucket(day), 1});
            day = *quarter_last + days{1};
            continue;
        }
        const std::chrono::year_month_day ymd{day};
        const cal::LocalDate month_first{ymd.year() / ymd.month() / 1};
        const cal::LocalDate month_last = NextMonth(day) - days{1};
        const cal::LocalDate last = std::min(to, month_last);
        const auto inside = (last - day).count() + 1;
        const auto outside = (month_last - month_first).count() + 1 - inside;
        if (outside == 0) {
            out.push_back({MonthBucket(day), 1});
        } else if (outside + kMonthCostInDays <= inside) {
            for (cal::LocalDate d = month_first; d < day; d += days{1}) {
                out.push_back({DayBucket(d), -1});
            }
            out.push_back({MonthBucket(day), 1});
            for (cal::LocalDate d = last + days{1}; d <= month_last; d += days{1}) {
                out.push_back({DayBucket(d), -1});
            }
        } else {
            for (cal::LocalDate d = day; d <= last; d += days{1}) {
                out.push_back({DayBucket(d), 1});
            }
        }
        day = month_last + days{1};
    }
    return out;
}

std::vector<BucketRange> BucketRanges(cal::LocalDate from, cal::LocalDate to) {
    std::vector<BucketRange> out;
    // The bucket that would extend the last range: the next day, month or quarter.
    std::int64_t next = 0;
    for (const SignedBucket& b : SignedBuckets(from, to, /*quarters=*/true)) {
        if (!out.empty() && b.bucket == next && b.sign == out.back().sign) {
            out.back().last = b.bucket;
        } else {
            out.push_back({b.bucket, b.bucket, b.sign});
        }
        switch (KindOf(b.bucket)) {
            case BucketKind::kQuarter:
                next = b.bucket % 10 == 4 ? (b.bucket / 10 + 1) * 10 + 1 : b.bucket + 1;
                break;
            case BucketKind::kMonth:
                next = b.bucket % 100 == 12 ? (b.bucket / 100 + 1) * 100 + 1 : b.bucket + 1;
                break;
            case BucketKind::kDay: {
                const auto d = DayOfBucket(b.bucket);
                next = d ? DayBucket(*d + days{1}) : 0;
                break;
            }
        }
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
    Rows<3> counters;
    Rows<3> months;
    Rows<1> agency;
    Rows<1> sector;
    Rows<2> procedure;
    for (const kpi::Fact& f : facts) {
        const int metric = static_cast<int>(f.metric);
        counters[{DayBucket(f.day), metric, {f.agency_code, f.procedure_code, f.sector_code}}] +=
            f.value;
        months[{MonthBucket(f.day), metric, {f.agency_code, f.procedure_code, f.sector_code}}] +=
            f.value;
        for (const std::int64_t bucket :
             {DayBucket(f.day), MonthBucket(f.day), QuarterBucket(f.day)}) {
            agency[{bucket, metric, {f.agency_code}}] += f.value;
            sector[{bucket, metric, {f.sector_code}}] += f.value;
            procedure[{bucket, metric, {f.sector_code, f.procedure_code}}] += f.value;
        }
    }
    MOTCUA_TRY(Write(c, kCounters, counters));
    MOTCUA_TRY(Write(c, kMonths, months));
    MOTCUA_TRY(Write(c, kAgency, agency));
    MOTCUA_TRY(Write(c, kSector, sector));
    return Write(c, kProcedure, procedure);
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
