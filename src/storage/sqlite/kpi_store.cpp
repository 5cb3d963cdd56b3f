#include "storage/sqlite/kpi_store.hpp"

#include <algorithm>
#include <map>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/workflow/apply.hpp"
#include "storage/common/json_codec.hpp"
#include "storage/sqlite/account_store.hpp"
#include "storage/sqlite/internal/kpi_counters.hpp"
#include "storage/sqlite/statement.hpp"

namespace motcua::storage::sqlite {
namespace {

namespace cal = core::calendar;
namespace kpi = core::kpi;
namespace ports = core::ports;
namespace wf = core::workflow;
using std::chrono::days;

// ---- Sums ---------------------------------------------------------------------------------

// Flows: every row of a range of buckets (every metric: level metrics give their net change),
// summed here (cheaper than GROUP BY in SQL).
constexpr std::string_view kAgencyFlows =
    "SELECT metric, agency_code, '', value FROM kpi_agency_rollups WHERE bucket BETWEEN ?1 AND "
    "?2";
constexpr std::string_view kProcedureFlows =
    "SELECT metric, '', sector_code, value FROM kpi_procedure_rollups WHERE bucket BETWEEN ?1 "
    "AND ?2 AND (?4 = '' OR sector_code = ?4) AND (?5 = '' OR procedure_code = ?5)";
// The same without filters (no per-row test when none is asked for).
constexpr std::string_view kProcedureFlowsAll =
    "SELECT metric, '', sector_code, value FROM kpi_procedure_rollups WHERE bucket BETWEEN ?1 "
    "AND ?2";
// By sector for the whole province (no procedure asked for): the sector rollup.
constexpr std::string_view kSectorFlows =
    "SELECT metric, '', sector_code, value FROM kpi_sector_rollups WHERE bucket BETWEEN ?1 AND "
    "?2 AND sector_code = ?4";
constexpr std::string_view kSectorFlowsAll =
    "SELECT metric, '', sector_code, value FROM kpi_sector_rollups WHERE bucket BETWEEN ?1 AND "
    "?2";
// Levels: one bucket at a time, seeking straight to its level metrics.
constexpr std::string_view kAgencyLevels =
    "SELECT metric, agency_code, '', value FROM kpi_agency_rollups WHERE bucket = ?1 AND metric "
    ">= ?3";
constexpr std::string_view kProcedureLevels =
    "SELECT metric, '', sector_code, value FROM kpi_procedure_rollups WHERE bucket = ?1 AND "
    "metric >= ?3 AND (?4 = '' OR sector_code = ?4) AND (?5 = '' OR procedure_code = ?5)";
constexpr std::string_view kSectorLevels =
    "SELECT metric, '', sector_code, value FROM kpi_sector_rollups WHERE bucket = ?1 AND metric "
    ">= ?3 AND (?4 = '' OR sector_code = ?4)";
constexpr int kFirstLevel = static_cast<int>(kpi::Metric::kPending);

// Some agencies by sector or procedure, one bucket of the per-fact rows at a time: a month of
// kpi_counter_months or a day of kpi_counters. ?1 the bucket, ?2 the agency codes (a JSON
// array), ?3 the sector, ?4 the procedure ('' for any). The metrics are listed so that SQLite
// seeks each (bucket, metric, agency) prefix of the key instead of scanning the bucket.
std::string AgencyBucketSql(bool month, bool levels) {
    std::string metrics;
    for (const kpi::Metric m : kpi::AllMetrics()) {
        if (!levels || kpi::IsLevel(m)) {
            metrics += fmt::format("{}{}", metrics.empty() ? "" : ", ", static_cast<int>(m));
        }
    }
    return fmt::format(
        "SELECT metric, agency_code, sector_code, value FROM {} WHERE {} = ?1 AND metric IN ({}) "
        "AND agency_code IN (SELECT value FROM json_each(?2)) AND (?3 = '' OR sector_code = ?3) "
        "AND (?4 = '' OR procedure_code = ?4)",
        month ? "kpi_counter_months" : "kpi_counters",
        month ? "month" : "day",
        metrics);
}

bool IsMonthBucket(std::int64_t bucket) {
    return internal::KindOf(bucket) == internal::BucketKind::kMonth;
}

// Sums by (agency, sector, metric); keys are looked up through one reused buffer, so a row
// costs a hash and no allocation unless its key is new.
class SumMap {
public:
    void Add(std::string_view agency, std::string_view sector, int metric, std::int64_t value) {
        key_.assign(agency);
        key_ += '\x1f';
        key_ += sector;
        key_ += '\x1f';
        key_ += static_cast<char>(metric);
        const auto [it, fresh] = index_.try_emplace(key_, rows_.size());
        if (fresh) {
            rows_.push_back({std::string(agency), std::string(sector), metric, 0});
        }
        rows_[it->second].value += value;
    }

    // The non-zero sums, ordered by (agency, sector, metric).
    std::vector<ports::CounterRow> Rows() const {
        std::vector<ports::CounterRow> out;
        out.reserve(rows_.size());
        for (const Row& r : rows_) {
            if (r.value != 0) {
                out.push_back({r.agency, r.sector, static_cast<kpi::Metric>(r.metric), r.value});
            }
        }
        std::sort(
            out.begin(), out.end(), [](const ports::CounterRow& a, const ports::CounterRow& b) {
                return std::tie(a.agency_code, a.sector_code, a.metric) <
                       std::tie(b.agency_code, b.sector_code, b.metric);
            });
        return out;
    }

private:
    struct Row {
        std::string agency;
        std::string sector;
        int metric;
        std::int64_t value;
    };

    std::string key_;
    std::unordered_map<std::string, std::size_t> index_;
    std::vector<Row> rows_;
};

// Adds the rows (metric, agency, sector, value) of a run of `st` to `sums`, times `sign`.
Result<void> Collect(Statement& st, bool by_sector, SumMap& sums, int sign = 1) {
    while (true) {
        MOTCUA_ASSIGN_OR_RETURN(const bool row, st.Step());
        if (!row) {
            break;
        }
        sums.Add(st.ColumnText(1),
                 by_sector ? st.ColumnText(2) : std::string_view(),
                 st.ColumnInt(0),
                 sign * st.ColumnInt64(3));
    }
    st.Reset();
    return {};
}

// The first day any counter holds (the first month of the rollups), or nullopt when empty.
Result<std::optional<cal::LocalDate>> FirstDay(Connection& c) {
    MOTCUA_ASSIGN_OR_RETURN(
        CachedStatement st,
        c.Cached("SELECT min(bucket) FROM kpi_agency_rollups WHERE bucket BETWEEN 100001 AND "
                 "999912"));
    MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
    if (!row || st->IsNull(0)) {
        return std::optional<cal::LocalDate>{};
    }
    // Every fact writes a month bucket (the 6-digit numbers of the table).
    const std::int64_t month = st->ColumnInt64(0);
    MOTCUA_ASSIGN_OR_RETURN(
        const cal::LocalDate first,
        cal::MakeDate(static_cast<int>(month / 100), static_cast<int>(month % 100), 1));
    return std::optional<cal::LocalDate>(first);
}

Result<std::vector<ports::CounterRow>> Sums(Connection& c,
                                            const ports::CounterQuery& q,
                                            bool levels) {
    const bool by_procedure = q.by_sector || !q.sector_code.empty() || !q.procedure_code.empty();
    // For the whole province by sector or for one sector, the sector rollup is enough.
    const bool by_sector_only = q.procedure_code.empty();
    cal::LocalDate from = q.from;
    if (levels) {
        MOTCUA_ASSIGN_OR_RETURN(const std::optional<cal::LocalDate> first, FirstDay(c));
        if (!first.has_value()) {
            return std::vector<ports::CounterRow>{};
        }
        from = *first;
    }
    SumMap sums;
    if (from > q.to) {
        // Nothing counted yet.
    } else if (by_procedure && !q.agencies.empty()) {
        // Months from the month table, days from the per-fact table.
        const std::string agencies = nlohmann::json(q.agencies).dump();
        MOTCUA_ASSIGN_OR_RETURN(CachedStatement months, c.Cached(AgencyBucketSql(true, levels)));
        MOTCUA_ASSIGN_OR_RETURN(CachedStatement single_days,
                                c.Cached(AgencyBucketSql(false, levels)));
        std::vector<internal::SignedBucket> buckets;
        if (levels) {
            for (const std::int64_t bucket : internal::Buckets(from, q.to)) {
                buckets.push_back({bucket, 1});
            }
        } else {
            buckets = internal::SignedBuckets(from, q.to);
        }
        for (const auto& [bucket, sign] : buckets) {
            Statement& st = IsMonthBucket(bucket) ? *months : *single_days;
            MOTCUA_TRY(st.BindAll(bucket,
                                  std::string_view(agencies),
                                  std::string_view(q.sector_code),
                                  std::string_view(q.procedure_code)));
            MOTCUA_TRY(Collect(st, q.by_sector, sums, sign));
        }
    } else if (levels) {
        std::string_view sql = kAgencyLevels;
        if (by_procedure) {
            sql = by_sector_only ? kSectorLevels : kProcedureLevels;
        }
        MOTCUA_ASSIGN_OR_RETURN(CachedStatement st, c.Cached(sql));
        for (const std::int64_t bucket : internal::Buckets(from, q.to, /*rollups=*/true)) {
            MOTCUA_TRY(st->Bind(1, bucket));
            MOTCUA_TRY(st->Bind(3, kFirstLevel));
            if (by_procedure) {
                MOTCUA_TRY(st->Bind(4, std::string_view(q.sector_code)));
            }
            if (by_procedure && !by_sector_only) {
                MOTCUA_TRY(st->Bind(5, std::string_view(q.procedure_code)));
            }
            MOTCUA_TRY(Collect(*st, q.by_sector, sums));
        }
    } else {
        const bool filtered = !q.sector_code.empty() || !q.procedure_code.empty();
        std::string_view sql = kAgencyFlows;
        if (by_procedure && by_sector_only) {
            sql = filtered ? kSectorFlows : kSectorFlowsAll;
        } else if (by_procedure) {
            sql = filtered ? kProcedureFlows : kProcedureFlowsAll;
        }
        MOTCUA_ASSIGN_OR_RETURN(CachedStatement st, c.Cached(sql));
        for (const internal::BucketRange& range : internal::BucketRanges(from, q.to)) {
            MOTCUA_TRY(st->BindAll(range.first, range.last));
            if (by_procedure && filtered) {
                MOTCUA_TRY(st->Bind(4, std::string_view(q.sector_code)));
                if (!by_sector_only) {
                    MOTCUA_TRY(st->Bind(5, std::string_view(q.procedure_code)));
                }
            }
            MOTCUA_TRY(Collect(*st, q.by_sector, sums, range.sign));
        }
    }
    return sums.Rows();
}

// ---- Drill-down ---------------------------------------------------------------------------

enum class Family {
    kSubmission,  // on the submission day
    kReception,   // on the reception day (or bucketed by it)
    kEnd,         // on the day processing ended
    kDuring,      // some day between submission and the end
    kLevel,       // levels at the end of the last day
    kStep,        // on the day a step was completed
    kReturned,    // on the return day
    kRated,       // on the rating day
};

Family FamilyOf(kpi::Metric m) {
    using M = kpi::Metric;
    switch (m) {
        case M::kSubmittedOnlineSelf:
        case M::kSubmittedOnlineAssisted:
        case M::kSubmittedCounter:
        case M::kSubmittedPostal:
            return Family::kSubmission;
        case M::kReceivedOnlineSelf:
        case M::kReceivedOnlineAssisted:
        case M::kReceivedCounter:
        case M::kReceivedPostal:
        case M::kReceivedFeeProcedure:
        case M::kReceivedFullOnlineProcedure:
        case M::kReceivedOnlineFullOnlineProcedure:
        case M::kDossierPaid:
        case M::kDossierPaidOnline:
        case M::kSettlementMinutes:
        case M::kSettlementCount:
            return Family::kReception;
        case M::kSupplementRequestedAtReception:
        case M::kSupplementRequestedInProcessing:
        case M::kSupplementReceived:
        case M::kApologyIssued:
        case M::kApologyLateNotice:
            return Family::kDuring;
        case M::kReturnedCounter:
        case M::kReturnedPostal:
        case M::kReturnedOnline:
            return Family::kReturned;
        case M::kRated:
        case M::kRatingPoints:
        case M::kRatedUnhappy:
            return Family::kRated;
        case M::kStepEarly:
        case M::kStepOnTime:
        case M::kStepLate:
            return Family::kStep;
        case M::kPending:
        case M::kPendingOverdue:
        case M::kPendingWaiting:
            return Family::kLevel;
        default:
            return Family::kEnd;
    }
}

// The candidates' SQL: a superset of the dossiers behind the figure, by code.
std::string CandidateSql(const ports::DrillDownQuery& q) {
    std::string where;
    switch (FamilyOf(q.metric)) {
        case Family::kSubmission:
            where = "d.submitted_at >= :f AND d.submitted_at < :e";
            break;
        case Family::kReception:
            where = "d.received_at >= :f AND d.received_at < :e";
            break;
        case Family::kEnd:
            where = "d.finished_at >= :f AND d.finished_at < :e";
            break;
        case Family::kDuring:
            where = "d.submitted_at < :e AND (d.finished_at IS NULL OR d.finished_at >= :f)";
            break;
        case Family::kLevel:
            where = "d.received_at < :e AND (d.finished_at IS NULL OR d.finished_at >= :e)";
            break;
        case Family::kStep:
            where =
                "d.id IN (SELECT dossier_id FROM dossier_steps WHERE finished_at >= :f AND "
                "finished_at < :e";
            if (!q.agencies.empty()) {
                where += " AND agency_code IN (SELECT value FROM json_each(:a))";
            }
            where += ")";
            break;
        case Family::kReturned:
            where =
                "d.status = 10 AND d.id IN (SELECT dossier_id FROM events WHERE type = "
                "'returned' AND at >= :f AND at < :e)";
            break;
        case Family::kRated:
            where =
                "d.id IN (SELECT dossier_id FROM events WHERE type = 'rated' AND at >= :f AND "
                "at < :e)";
            break;
    }
    if (!q.agencies.empty() && FamilyOf(q.metric) != Family::kStep) {
        // Before reception the agency is the receiving one, after it the settling one.
        where +=
            " AND (d.handling_agency_code IN (SELECT value FROM json_each(:a)) OR "
            "d.agency_code IN (SELECT value FROM json_each(:a)))";
    }
    if (!q.procedure_code.empty()) {
        where += " AND d.procedure_code = :p";
    }
    if (!q.sector_code.empty()) {
        where +=
            " AND d.procedure_code IN (SELECT code FROM procedure_versions WHERE "
            "sector_code = :s)";
    }
    return "SELECT d.id FROM dossiers d WHERE " + where + " ORDER BY d.code";
}

Result<std::vector<wf::Event>> EventsOf(Connection& c, std::int64_t id) {
    MOTCUA_ASSIGN_OR_RETURN(CachedStatement st,
                            c.Cached("SELECT data FROM events WHERE dossier_id = ?1 ORDER BY seq"));
    MOTCUA_TRY(st->Bind(1, id));
    std::vector<wf::Event> events;
    while (true) {
        MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
        if (!row) {
            break;
        }
        MOTCUA_ASSIGN_OR_RETURN(wf::Event e, DecodeEvent(st->ColumnText(0)));
        events.push_back(std::move(e));
    }
    return events;
}

Result<ports::DrillDownPage> DrillDown(Connection& c, const ports::DrillDownQuery& q) {
    ports::DrillDownPage page;
    MOTCUA_ASSIGN_OR_RETURN(Statement candidates, c.Prepare(CandidateSql(q)));
    const std::string f = EncodeTime(cal::LocalDateTime{q.from});
    const std::string e = EncodeTime(cal::LocalDateTime{q.to + days{1}});
    if (FamilyOf(q.metric) != Family::kLevel) {
        MOTCUA_TRY(candidates.Bind(":f", std::string_view(f)));
    }
    MOTCUA_TRY(candidates.Bind(":e", std::string_view(e)));
    if (!q.agencies.empty()) {
        MOTCUA_TRY(candidates.Bind(":a", std::string_view(nlohmann::json(q.agencies).dump())));
    }
    if (!q.procedure_code.empty()) {
        MOTCUA_TRY(candidates.Bind(":p", std::string_view(q.procedure_code)));
    }
    if (!q.sector_code.empty()) {
        MOTCUA_TRY(candidates.Bind(":s", std::string_view(q.sector_code)));
    }
    kpi::FigureFilter filter{q.metric, q.from, q.to, q.agencies, q.procedure_code, q.sector_code};
    std::sort(filter.agencies.begin(), filter.agencies.end());
    std::map<std::int64_t, kpi::ProcedureTraits> traits;
    const wf::LocalDateTime as_of{q.to + days{1}};
    while (true) {
        MOTCUA_ASSIGN_OR_RETURN(const bool row, candidates.Step());
        if (!row) {
            break;
        }
        MOTCUA_ASSIGN_OR_RETURN(const std::vector<wf::Event> events,
                                EventsOf(c, candidates.ColumnInt64(0)));
        const core::model::ProcedureVersionId version = internal::SubmittedVersion(events);
        auto t = traits.find(version.value());
        if (t == traits.end()) {
            MOTCUA_ASSIGN_OR_RETURN(kpi::ProcedureTraits found, internal::TraitsOf(c, version));
            t = traits.emplace(version.value(), std::move(found)).first;
        }
        const kpi::Contribution contribution = kpi::ContributionOf(events, t->second, filter);
        if (contribution.value == 0) {
            continue;
        }
        ++page.total;
        page.sum += contribution.value;
        if (page.total <= q.offset || static_cast<int>(page.items.size()) >= q.limit) {
            continue;
        }
        const wf::Dossier d = kpi::StateAtEndOf(events, q.to);
        ports::FigureDossier item;
        item.id = d.id;
        item.code = d.code;
        item.agency_code = contribution.agency_code;
        item.procedure_code = d.procedure_code;
        item.sector_code = t->second.sector_code;
        item.channel = d.channel;
        item.status = d.status;
        item.received_at = d.received_at;
        item.due_at = d.due_at;
        item.original_due_at = d.original_due_at;
        item.finished_at = d.finished_at;
        item.verdict = d.verdict;
        item.contribution = contribution.value;
        item.overruns = kpi::Overruns(d, as_of);
        page.items.push_back(std::move(item));
    }
    return page;
}

// ---- Reference ----------------------------------------------------------------------------

Result<ports::KpiReference> ReadReference(Connection& c, cal::LocalDate on) {
    ports::KpiReference ref;
    MOTCUA_ASSIGN_OR_RETURN(
        Statement agencies,
        c.Prepare("SELECT a.code, a.name, a.kind, coalesce(p.code, '') FROM agencies a LEFT JOIN "
                  "agencies p ON p.id = a.parent_id ORDER BY a.id"));
    while (true) {
        MOTCUA_ASSIGN_OR_RETURN(const bool row, agencies.Step());
        if (!row) {
            break;
        }
        ports::KpiAgency a;
        a.code = std::string(agencies.ColumnText(0));
        a.name = std::string(agencies.ColumnText(1));
        MOTCUA_ASSIGN_OR_RETURN(a.kind, core::model::ParseAgencyKind(agencies.ColumnText(2)));
        a.parent_code = std::string(agencies.ColumnText(3));
        ref.agencies.push_back(std::move(a));
    }
    MOTCUA_ASSIGN_OR_RETURN(
        Statement versions,
        c.Prepare("SELECT code, name, sector_code, sector_name, level, online_level, "
                  "EXISTS(SELECT 1 FROM json_each(body, '$.fees') WHERE json_extract(value, "
                  "'$.amount_vnd') > 0), steps != '', coalesce(json_array_length(body, "
                  "'$.components'), 0) > 0, subjects != '', implementing_agency != '' "
                  "FROM procedure_versions WHERE effective_from <= ?1 AND (effective_to IS NULL "
                  "OR effective_to > ?1) ORDER BY code"));
    MOTCUA_TRY(versions.Bind(1, std::string_view(cal::FormatDate(on))));
    while (true) {
        MOTCUA_ASSIGN_OR_RETURN(const bool row, versions.Step());
        if (!row) {
            break;
        }
        ports::KpiProcedure p;
        p.code = std::string(versions.ColumnText(0));
        p.name = std::string(versions.ColumnText(1));
        p.sector_code = std::string(versions.ColumnText(2));
        p.sector_name = std::string(versions.ColumnText(3));
        MOTCUA_ASSIGN_OR_RETURN(p.level,
                                core::catalog::ParseProcedureLevel(versions.ColumnText(4)));
        MOTCUA_ASSIGN_OR_RETURN(p.online_level,
                                core::catalog::ParseOnlineLevel(versions.ColumnText(5)));
        p.has_fee = versions.ColumnInt(6) != 0;
        p.has_name = !p.name.empty();
        p.has_steps = versions.ColumnInt(7) != 0;
        p.has_components = versions.ColumnInt(8) != 0;
        p.has_subjects = versions.ColumnInt(9) != 0;
        p.has_agency = versions.ColumnInt(10) != 0;
        ref.procedures.push_back(std::move(p));
    }
    MOTCUA_ASSIGN_OR_RETURN(
        Statement processes,
        c.Prepare("SELECT procedure_code, agency_code FROM internal_processes ORDER BY 1, 2"));
    while (true) {
        MOTCUA_ASSIGN_OR_RETURN(const bool row, processes.Step());
        if (!row) {
            break;
        }
        ref.processes.emplace_back(processes.ColumnText(0), processes.ColumnText(1));
    }
    // The newest name of each sector (versions in id order, the last one wins).
    MOTCUA_ASSIGN_OR_RETURN(
        Statement sectors,
        c.Prepare("SELECT sector_code, sector_name FROM procedure_versions ORDER BY id"));
    std::map<std::string, std::string, std::less<>> names;
    while (true) {
        MOTCUA_ASSIGN_OR_RETURN(const bool row, sectors.Step());
        if (!row) {
            break;
        }
        names.insert_or_assign(std::string(sectors.ColumnText(0)),
                               std::string(sectors.ColumnText(1)));
    }
    ref.sectors.assign(names.begin(), names.end());
    return ref;
}

}  // namespace

Result<std::vector<ports::CounterRow>> SqliteKpiStore::Flows(const ports::CounterQuery& query) {
    MOTCUA_TRY(internal::FoldPendingFacts(db_));
    return db_.Read([&](Connection& c) { return Sums(c, query, false); });
}

Result<std::vector<ports::CounterRow>> SqliteKpiStore::Levels(const ports::CounterQuery& query) {
    MOTCUA_TRY(internal::FoldPendingFacts(db_));
    return db_.Read([&](Connection& c) { return Sums(c, query, true); });
}

Result<std::vector<std::pair<std::string, std::string>>> SqliteKpiStore::ActiveProcedures(
    kpi::Metric metric,
    cal::LocalDate from,
    cal::LocalDate to,
    bool by_agency,
    const std::vector<std::string>& agencies) {
    using Pairs = std::vector<std::pair<std::string, std::string>>;
    MOTCUA_TRY(internal::FoldPendingFacts(db_));
    return db_.Read([&](Connection& c) -> Result<Pairs> {
        // One (bucket, metric) range per bucket of SignedBuckets — by agency, of the month table
        // or the per-fact table, seeking each agency asked for; for the province, of the sector ×
        // procedure rollup. Groups follow the key order, so SQLite needs no sorting.
        const bool some = by_agency && !agencies.empty();
        const auto agency_sql = [&](bool month) {
            return fmt::format(
                "SELECT agency_code, procedure_code, sum(value) FROM {} WHERE {} = ?1 AND metric = "
                "?2{} GROUP BY agency_code, procedure_code",
                month ? "kpi_counter_months" : "kpi_counters",
                month ? "month" : "day",
                some ? " AND agency_code IN (SELECT value FROM json_each(?3))" : "");
        };
        MOTCUA_ASSIGN_OR_RETURN(
            CachedStatement month_st,
            c.Cached(by_agency ? agency_sql(true)
                               : std::string("SELECT '', procedure_code, sum(value) FROM "
                                             "kpi_procedure_rollups WHERE bucket = ?1 AND metric "
                                             "= ?2 GROUP BY sector_code, procedure_code")));
        std::optional<CachedStatement> day_st;
        if (by_agency) {
            MOTCUA_ASSIGN_OR_RETURN(CachedStatement st, c.Cached(agency_sql(false)));
            day_st.emplace(std::move(st));
        }
        const std::string codes = some ? nlohmann::json(agencies).dump() : std::string();
        std::map<std::pair<std::string, std::string>, std::int64_t> sums;
        // The province's rollup holds quarters and ten-day periods; the per-fact tables months
        // and days.
        for (const auto& [bucket, sign] : internal::SignedBuckets(from, to, !by_agency)) {
            Statement& st = IsMonthBucket(bucket) || !day_st ? *month_st : **day_st;
            MOTCUA_TRY(st.BindAll(bucket, static_cast<int>(metric)));
            if (some) {
                MOTCUA_TRY(st.Bind(3, std::string_view(codes)));
            }
            while (true) {
                MOTCUA_ASSIGN_OR_RETURN(const bool row, st.Step());
                if (!row) {
                    break;
                }
                sums[{std::string(st.ColumnText(0)), std::string(st.ColumnText(1))}] +=
                    sign * st.ColumnInt64(2);
            }
            st.Reset();
        }
        Pairs out;
        for (const auto& [key, value] : sums) {
            if (value != 0) {
                out.push_back(key);
            }
        }
        return out;
    });
}

Result<ports::KpiReference> SqliteKpiStore::Reference(cal::LocalDate on) {
    return db_.Read([&](Connection& c) { return ReadReference(c, on); });
}

Result<ports::DrillDownPage> SqliteKpiStore::Dossiers(const ports::DrillDownQuery& query) {
    if (query.offset < 0 || query.limit < 1 || query.limit > 1000) {
        return Fail(ErrorCode::kInvalidArgument,
                    "offset must be ≥ 0 and limit in 1..1000",
                    "vị trí bắt đầu phải ≥ 0 và số dòng từ 1 đến 1000",
                    "limit");
    }
    if (query.to < query.from) {
        return Fail(ErrorCode::kInvalidArgument,
                    "the period ends before it begins",
                    "ngày kết thúc kỳ trước ngày bắt đầu",
                    "to");
    }
    return db_.Read([&](Connection& c) { return DrillDown(c, query); });
}

Result<std::vector<kpi::DraftTally>> SqliteKpiStore::DraftsStarted(cal::LocalDate from,
                                                                   cal::LocalDate to) {
    if (to < from) {
        return std::vector<kpi::DraftTally>{};
    }
    // Civil days [from, to] as UTC instants [begin, end): the stored form sorts as text.
    const std::string begin = EncodeInstant(cal::ToInstant(cal::LocalDateTime{from}));
    const std::string end = EncodeInstant(cal::ToInstant(cal::LocalDateTime{to + days{1}}));
    return db_.Read([&](Connection& c) -> Result<std::vector<kpi::DraftTally>> {
        MOTCUA_ASSIGN_OR_RETURN(
            CachedStatement st,
            c.Cached("SELECT agency_code, procedure_code, created_at, "
                     "CASE WHEN submitted_at < ?2 THEN submitted_at END FROM drafts "
                     "WHERE created_at >= ?1 AND created_at < ?2"));
        MOTCUA_TRY(st->BindAll(std::string_view(begin), std::string_view(end)));
        using Key = std::tuple<std::string, std::string, std::optional<std::int64_t>>;
        std::map<Key, std::int64_t> counts;
        while (true) {
            MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
            if (!row) {
                break;
            }
            std::optional<std::int64_t> seconds;
            if (!st->IsNull(3)) {
                MOTCUA_ASSIGN_OR_RETURN(const Instant created, DecodeInstant(st->ColumnText(2)));
                MOTCUA_ASSIGN_OR_RETURN(const Instant submitted, DecodeInstant(st->ColumnText(3)));
                seconds = std::max<std::int64_t>(
                    0,
                    std::chrono::duration_cast<std::chrono::seconds>(submitted - created).count());
            }
            ++counts[{std::string(st->ColumnText(0)), std::string(st->ColumnText(1)), seconds}];
        }
        std::vector<kpi::DraftTally> out;
        out.reserve(counts.size());
        for (const auto& [key, n] : counts) {
            out.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), n});
        }
        return out;
    });
}

}  // namespace motcua::storage::sqlite
