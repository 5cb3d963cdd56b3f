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

std::int64_t DekadBucket(cal::LocalDate day) {
    const cal::CivilParts p = cal::Parts(day);
    return (std::int64_t{p.year} * 100 + p.month) * 10 + std::min(3, (p.day - 1) / 10 + 1);
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
    if (bucket >= 1000000) {
        return BucketKind::kDekad;
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

// The first and last day of the ten-day period of `day`.
std::pair<cal::LocalDate, cal::LocalDate> DekadOf(cal::LocalDate day) {
    const std::chrono::year_month_day ymd{day};
    const unsigned n = std::min(3U, (static_cast<unsigned>(ymd.day()) - 1) / 10 + 1);
    const cal::LocalDate first{ymd.year() / ymd.month() / std::chrono::day{(n - 1) * 10 + 1}};
    return {first, n == 3 ? NextMonth(day) - days{1} : first + days{9}};
}

// Signed buckets that count the days [a, b] of one month once, times `sign`, and what reading
// them costs in day buckets.
struct Cover {
    std::vector<SignedBucket> buckets;
    int cost = 0;
};

void AddDays(Cover& cover, cal::LocalDate a, cal::LocalDate b, int sign) {
    for (cal::LocalDate d = a; d <= b; d += days{1}) {
        cover.buckets.push_back({DayBucket(d), sign});
        ++cover.cost;
    }
}

// Days, or with `rollups` whole ten-day periods, a ten-day period minus its other days where
// that costs less than its days, and the other days.
Cover CoverInMonth(cal::LocalDate a, cal::LocalDate b, int sign, bool rollups) {
    Cover out;
    if (!rollups) {
        AddDays(out, a, b, sign);
        return out;
    }
    cal::LocalDate d = a;
    while (d <= b) {
        const auto [first, last] = DekadOf(d);
        const cal::LocalDate end = std::min(b, last);
        const auto inside = (end - d).count() + 1;
        const auto outside = (last - first).count() + 1 - inside;
        if (outside == 0 || kDekadCostInDays + outside < inside) {
            AddDays(out, first, d - days{1}, -sign);
            out.buckets.push_back({DekadBucket(d), sign});
            out.cost += kDekadCostInDays;
            AddDays(out, end + days{1}, last, -sign);
        } else {
            AddDays(out, d, end, sign);
        }
        d = last + days{1};
    }
    return out;
}

}  // namespace

std::vector<std::int64_t> Buckets(cal::LocalDate from, cal::LocalDate to, bool rollups) {
    std::vector<std::int64_t> out;
    cal::LocalDate day = from;
    while (day <= to) {
        const std::chrono::year_month_day ymd{day};
        if (const auto last = QuarterFrom(day); rollups && last && *last <= to) {
            out.push_back(QuarterBucket(day));
            day = *last + days{1};
        } else if (ymd.day() == std::chrono::day{1} && NextMonth(day) - days{1} <= to) {
            out.push_back(MonthBucket(day));
            day = NextMonth(day);
        } else if (const auto [first, dekad_last] = DekadOf(day);
                   rollups && first == day && dekad_last <= to) {
            out.push_back(DekadBucket(day));
            day = dekad_last + days{1};
        } else {
            out.push_back(DayBucket(day));
            day += days{1};
        }
    }
    return out;
}

std::vector<SignedBucket> SignedBuckets(cal::LocalDate from, cal::LocalDate to, bool rollups) {
    std::vector<SignedBucket> out;
    const auto append = [&out](const Cover& cover) {
        out.insert(out.end(), cover.buckets.begin(), cover.buckets.end());
    };
    cal::LocalDate day = from;
    while (day <= to) {
        if (const auto quarter_last = QuarterFrom(day);
            rollups && quarter_last && *quarter_last <= to) {
            out.push_back({QuarterBucket(day), 1});
            day = *quarter_last + days{1};
            continue;
        }
        const std::chrono::year_month_day ymd{day};
        const cal::LocalDate month_first{ymd.year() / ymd.month() / 1};
        const cal::LocalDate month_last = NextMonth(day) - days{1};
        const cal::LocalDate last = std::min(to, month_last);
        if (day == month_first && last == month_last) {
            out.push_back({MonthBucket(day), 1});
        } else {
            const Cover inside = CoverInMonth(day, last, 1, rollups);
            const Cover before = CoverInMonth(month_first, day - days{1}, -1, rollups);
            const Cover after = CoverInMonth(last + days{1}, month_last, -1, rollups);
            if (kMonthCostInDays + before.cost + after.cost <= inside.cost) {
                append(before);
                out.push_back({MonthBucket(day), 1});
                append(after);
            } else {
                append(inside);
            }
        }
        day = month_last + days{1};
    }
    return out;
}

std::vector<BucketRange> BucketRanges(cal::LocalDate from, cal::LocalDate to) {
    std::vector<BucketRange> out;
    // The bucket that would extend the last range: the next day, ten days, month or quarter.
    std::int64_t next = 0;
    for (const SignedBucket& b : SignedBuckets(from, to, /*rollups=*/true)) {
        if (!out.empty() && b.bucket == next && b.sign == out.back().sign) {
            out.back().last = b.bucket;
        } else {
            out.push_back({b.bucket, b.bucket, b.sign});
        }
        const auto next_month = [](std::int64_t month) {
            return month % 100 == 12 ? (month / 100 + 1) * 100 + 1 : month + 1;
        };
        switch (KindOf(b.bucket)) {
            case BucketKind::kQuarter:
                next = b.bucket % 10 == 4 ? (b.bucket / 10 + 1) * 10 + 1 : b.bucket + 1;
                break;
            case BucketKind::kMonth:
                next = next_month(b.bucket);
                break;
            case BucketKind::kDekad:
                next = b.bucket % 10 == 3 ? next_month(b.bucket / 10) * 10 + 1 : b.bucket + 1;
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
             {DayBucket(f.day), DekadBucket(f.day), MonthBucket(f.day), QuarterBucket(f.day)}) {
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

Result<std::size_t> StagePendingFacts(Connection& c, std::vector<kpi::Fact> facts) {
    const std::vector<kpi::Fact> merged = kpi::Merge(std::move(facts));
    if (merged.empty()) {
        return std::size_t{0};
    }
    MOTCUA_ASSIGN_OR_RETURN(
        CachedStatement st,
        c.Cached("INSERT INTO kpi_pending(day, metric, agency_code, procedure_code, sector_code, "
                 "value) VALUES(?1, ?2, ?3, ?4, ?5, ?6)"));
    for (const kpi::Fact& f : merged) {
        MOTCUA_TRY(st->BindAll(DayBucket(f.day),
                               static_cast<int>(f.metric),
                               std::string_view(f.agency_code),
                               std::string_view(f.procedure_code),
                               std::string_view(f.sector_code),
                               f.value));
        MOTCUA_TRY(st->Run());
        st->Reset();
    }
    return merged.size();
}

Result<std::int64_t> FoldPendingFacts(Connection& c) {
    std::vector<kpi::Fact> facts;
    {
        MOTCUA_ASSIGN_OR_RETURN(
            CachedStatement st,
            c.Cached("SELECT day, metric, agency_code, procedure_code, sector_code, value "
                     "FROM kpi_pending"));
        for (;;) {
            MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
            if (!row) {
                break;
            }
            MOTCUA_ASSIGN_OR_RETURN(const cal::LocalDate day, DayOfBucket(st->ColumnInt64(0)));
            kpi::Fact& f = facts.emplace_back();
            f.day = day;
            f.metric = static_cast<kpi::Metric>(st->ColumnInt(1));
            f.agency_code = std::string(st->ColumnText(2));
            f.procedure_code = std::string(st->ColumnText(3));
            f.sector_code = std::string(st->ColumnText(4));
            f.value = st->ColumnInt64(5);
        }
        st->Reset();
    }
    if (facts.empty()) {
        return std::int64_t{0};
    }
    MOTCUA_TRY(AddFacts(c, facts));
    MOTCUA_TRY(c.Exec("DELETE FROM kpi_pending"));
    return static_cast<std::int64_t>(facts.size());
}

Result<void> FoldPendingFacts(Database& db) {
    MOTCUA_ASSIGN_OR_RETURN(const bool pending, db.ReadLatest([](Connection& c) -> Result<bool> {
        MOTCUA_ASSIGN_OR_RETURN(CachedStatement st,
                                c.Cached("SELECT EXISTS(SELECT 1 FROM kpi_pending)"));
        MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
        const bool any = row && st->ColumnInt(0) != 0;
        st->Reset();
        return any;
    }));
    if (!pending) {
        return {};
    }
    return db.Write([](Connection& c) { return FoldPendingFacts(c); }).map([](std::int64_t) {});
}

core::model::ProcedureVersionId SubmittedVersion(std::span<const core::workflow::Event> events) {
    if (!events.empty()) {
        if (const auto* s = std::get_if<core::workflow::Submitted>(&events.front().data)) {
            return s->procedure_version;
        }
    }
    return {};
}

core::model::ProcedureVersionId FactsVersion(const core::workflow::Dossier& before,
                                             std::span<const core::workflow::Event> events) {
    if (!events.empty()) {
        if (const auto* s = std::get_if<core::workflow::Submitted>(&events.front().data)) {
            return s->procedure_version;
        }
    }
    return before.procedure_version;
}

}  // namespace motcua::storage::sqlite::internal
