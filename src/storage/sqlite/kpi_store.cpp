#include "storage/sqlite/kpi_store.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <tuple>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/workflow/apply.hpp"
#include "storage/common/json_codec.hpp"
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

// Flows: every row of a range of buckets (all flow metrics are wanted).
constexpr std::string_view kAgencyFlows =
    "SELECT metric, agency_code, '', sum(value) FROM kpi_agency_rollups WHERE bucket BETWEEN ?1 "
    "AND ?2 AND metric < ?3 GROUP BY metric, agency_code";
constexpr std::string_view kSectorFlows =
    "SELECT metric, agency_code, sector_code, sum(value) FROM kpi_sector_rollups WHERE bucket "
    "BETWEEN ?1 AND ?2 AND metric < ?3 AND (?4 = '' OR sector_code = ?4) GROUP BY metric, "
    "agency_code, sector_code";
// Levels: one bucket at a time, seeking straight to its level metrics.
constexpr std::string_view kAgencyLevels =
    "SELECT metric, agency_code, '', sum(value) FROM kpi_agency_rollups WHERE bucket = ?1 AND "
    "metric >= ?3 GROUP BY metric, agency_code";
constexpr std::string_view kSectorLevels =
    "SELECT metric, agency_code, sector_code, sum(value) FROM kpi_sector_rollups WHERE bucket = "
    "?1 AND metric >= ?3 AND (?4 = '' OR sector_code = ?4) GROUP BY metric, agency_code, "
    "sector_code";
// One procedure: one day and metric at a time from the per-fact table.
constexpr std::string_view kProcedureSums =
    "SELECT metric, agency_code, sector_code, sum(value) FROM kpi_counters WHERE day = ?1 AND "
    "metric = ?2 AND procedure_code = ?5 AND (?4 = '' OR sector_code = ?4) GROUP BY agency_code, "
    "sector_code";

constexpr int kFirstLevel = static_cast<int>(kpi::Metric::kPending);

using SumMap = std::map<std::tuple<std::string, std::string, int>, std::int64_t>;

// Adds the rows (metric, agency, sector, sum) of a run of `st` to `sums`.
Result<void> Collect(Statement& st, bool by_sector, SumMap& sums) {
    while (true) {
        MOTCUA_ASSIGN_OR_RETURN(const bool row, st.Step());
        if (!row) {
            break;
        }
        std::string sector = by_sector ? std::string(st.ColumnText(2)) : std::string();
        sums[{std::string(st.ColumnText(1)), std::move(sector), st.ColumnInt(0)}] +=
            st.ColumnInt64(3);
    }
    st.Reset();
    return {};
}

// The first day any counter holds (the first year of the rollups), or nullopt when empty.
Result<std::optional<cal::LocalDate>> FirstDay(Connection& c, bool per_fact) {
    MOTCUA_ASSIGN_OR_RETURN(CachedStatement st,
                            c.Cached(per_fact ? "SELECT min(day) FROM kpi_counters"
                                              : "SELECT min(bucket) FROM kpi_agency_rollups"));
    MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
    if (!row || st->IsNull(0)) {
        return std::optional<cal::LocalDate>{};
    }
    const std::int64_t first = st->ColumnInt64(0);
    if (per_fact) {
        MOTCUA_ASSIGN_OR_RETURN(const cal::LocalDate day, internal::DayOfBucket(first));
        return std::optional<cal::LocalDate>(day);
    }
    // Every fact writes a year bucket, the smallest numbers of the table.
    if (first < 1900 || first > 9999) {
        return std::optional<cal::LocalDate>(internal::kEpoch);
    }
    return std::optional<cal::LocalDate>(
        cal::LocalDate{std::chrono::year{static_cast<int>(first)} / 1 / 1});
}

Result<std::vector<ports::CounterRow>> Sums(Connection& c,
                                            const ports::CounterQuery& q,
                                            bool levels) {
    const bool per_fact = !q.procedure_code.empty();
    const bool by_sector = q.by_sector || !q.sector_code.empty();
    cal::LocalDate from = q.from;
    if (levels) {
        MOTCUA_ASSIGN_OR_RETURN(const std::optional<cal::LocalDate> first, FirstDay(c, per_fact));
        if (!first.has_value()) {
            return std::vector<ports::CounterRow>{};
        }
        from = *first;
    }
    SumMap sums;
    if (from <= q.to && per_fact) {
        MOTCUA_ASSIGN_OR_RETURN(CachedStatement st, c.Cached(kProcedureSums));
        for (cal::LocalDate day = from; day <= q.to; day += std::chrono::days{1}) {
            for (const kpi::Metric metric : kpi::AllMetrics()) {
                if (kpi::IsLevel(metric) != levels) {
                    continue;
                }
                MOTCUA_TRY(st->BindAll(internal::DayBucket(day), static_cast<int>(metric)));
                MOTCUA_TRY(st->Bind(4, std::string_view(q.sector_code)));
                MOTCUA_TRY(st->Bind(5, std::string_view(q.procedure_code)));
                MOTCUA_TRY(Collect(*st, q.by_sector, sums));
            }
        }
    } else if (from <= q.to) {
        std::string_view sql = by_sector ? kSectorFlows : kAgencyFlows;
        if (levels) {
            sql = by_sector ? kSectorLevels : kAgencyLevels;
        }
        MOTCUA_ASSIGN_OR_RETURN(CachedStatement st, c.Cached(sql));
        for (const auto& [lo, hi] : internal::BucketRanges(from, q.to)) {
            // Levels: each bucket of the range (consecutive integers: the ranges of a prefix
            // never cross a year); flows: the whole range at once.
            for (std::int64_t bucket = lo; bucket <= (levels ? hi : lo); ++bucket) {
                MOTCUA_TRY(st->BindAll(bucket, levels ? bucket : hi, kFirstLevel));
                if (by_sector) {
                    MOTCUA_TRY(st->Bind(4, std::string_view(q.sector_code)));
                }
                MOTCUA_TRY(Collect(*st, q.by_sector, sums));
            }
        }
    }
    std::vector<ports::CounterRow> out;
    out.reserve(sums.size());
    for (const auto& [key, value] : sums) {
        if (value != 0) {
            out.push_back({std::get<0>(key),
                           std::get<1>(key),
                           static_cast<kpi::Metric>(std::get<2>(key)),
                           value});
        }
    }
    return out;
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

core::model::ProcedureVersionId VersionOf(const std::vector<wf::Event>& events) {
    if (!events.empty()) {
        if (const auto* s = std::get_if<wf::Submitted>(&events.front().data)) {
            return s->procedure_version;
        }
    }
    return {};
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
        const core::model::ProcedureVersionId version = VersionOf(events);
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
    // The newest name of each sector.
    MOTCUA_ASSIGN_OR_RETURN(
        Statement sectors,
        c.Prepare("SELECT sector_code, sector_name FROM procedure_versions v WHERE id = (SELECT "
                  "max(id) FROM procedure_versions WHERE sector_code = v.sector_code) ORDER BY 1"));
    while (true) {
        MOTCUA_ASSIGN_OR_RETURN(const bool row, sectors.Step());
        if (!row) {
            break;
        }
        ref.sectors.emplace_back(sectors.ColumnText(0), sectors.ColumnText(1));
    }
    return ref;
}

// ---- Recomputation ------------------------------------------------------------------------

// Interned strings, ranked afterwards in byte order (SQLite's BINARY collation) so recomputed
// rows sort like the table's primary key.
class Strings {
public:
    std::uint16_t Id(std::string_view s) {
        const auto it = ids_.find(s);
        if (it != ids_.end()) {
            return it->second;
        }
        const auto id = static_cast<std::uint16_t>(names_.size());
        names_.emplace_back(s);
        ids_.emplace(std::string(s), id);
        return id;
    }

    bool Full() const { return names_.size() >= 65535; }

    // rank[id] = position of the string in byte order.
    std::vector<std::uint16_t> Ranks() const {
        std::vector<std::uint16_t> rank(names_.size());
        std::uint16_t r = 0;
        for (const auto& [name, id] : ids_) {
            rank[id] = r++;
        }
        return rank;
    }

    const std::string& Name(std::uint16_t id) const { return names_[id]; }

private:
    std::map<std::string, std::uint16_t, std::less<>> ids_;
    std::vector<std::string> names_;
};

struct PackedFact {
    std::int32_t day = 0;  // YYYYMMDD
    std::int16_t metric = 0;
    std::uint16_t procedure = 0;
    std::uint16_t agency = 0;
    std::uint16_t sector = 0;
    std::int64_t value = 0;

    auto Key() const { return std::tie(day, metric, procedure, agency, sector); }
};

// Sorts by key and merges equal keys, dropping zero sums.
void Compact(std::vector<PackedFact>& facts) {
    std::sort(facts.begin(), facts.end(), [](const PackedFact& a, const PackedFact& b) {
        return a.Key() < b.Key();
    });
    std::size_t out = 0;
    for (std::size_t i = 0; i < facts.size(); ++i) {
        if (out > 0 && facts[out - 1].Key() == facts[i].Key()) {
            facts[out - 1].value += facts[i].value;
        } else {
            facts[out++] = facts[i];
        }
    }
    facts.resize(out);
    std::erase_if(facts, [](const PackedFact& f) { return f.value == 0; });
}

struct Recomputed {
    Strings strings;
    std::vector<PackedFact> facts;  // sorted by the table's key order, no zeros
    std::int64_t dossiers = 0;
    std::int64_t events = 0;
};

Result<Recomputed> Recompute(Connection& c) {
    Recomputed out;
    std::map<std::int64_t, kpi::ProcedureTraits> traits;
    {
        MOTCUA_ASSIGN_OR_RETURN(
            Statement st,
            c.Prepare("SELECT id, sector_code, online_level, EXISTS(SELECT 1 FROM "
                      "json_each(body, '$.fees') WHERE json_extract(value, '$.amount_vnd') > 0) "
                      "FROM procedure_versions"));
        while (true) {
            MOTCUA_ASSIGN_OR_RETURN(const bool row, st.Step());
            if (!row) {
                break;
            }
            kpi::ProcedureTraits t;
            t.sector_code = std::string(st.ColumnText(1));
            MOTCUA_ASSIGN_OR_RETURN(t.online_level,
                                    core::catalog::ParseOnlineLevel(st.ColumnText(2)));
            t.has_fee = st.ColumnInt(3) != 0;
            traits.emplace(st.ColumnInt64(0), std::move(t));
        }
    }
    MOTCUA_ASSIGN_OR_RETURN(
        Statement st, c.Prepare("SELECT dossier_id, data FROM events ORDER BY dossier_id, seq"));
    std::vector<wf::Event> events;
    std::int64_t current = -1;
    const kpi::ProcedureTraits none;
    const auto flush = [&]() -> Result<void> {
        if (events.empty()) {
            return {};
        }
        ++out.dossiers;
        const auto t = traits.find(VersionOf(events).value());
        for (const kpi::Fact& f :
             kpi::FactsOf(wf::Dossier{}, events, t == traits.end() ? none : t->second)) {
            if (out.strings.Full()) {
                return Fail(ErrorCode::kOutOfRange, "too many distinct codes to recompute");
            }
            out.facts.push_back({static_cast<std::int32_t>(internal::DayBucket(f.day)),
                                 static_cast<std::int16_t>(f.metric),
                                 out.strings.Id(f.procedure_code),
                                 out.strings.Id(f.agency_code),
                                 out.strings.Id(f.sector_code),
                                 f.value});
        }
        events.clear();
        if (out.facts.size() > (std::size_t{1} << 22U)) {
            Compact(out.facts);
        }
        return {};
    };
    while (true) {
        MOTCUA_ASSIGN_OR_RETURN(const bool row, st.Step());
        if (!row) {
            break;
        }
        ++out.events;
        const std::int64_t id = st.ColumnInt64(0);
        if (id != current) {
            MOTCUA_TRY(flush());
            current = id;
        }
        MOTCUA_ASSIGN_OR_RETURN(wf::Event e, DecodeEvent(st.ColumnText(1)));
        events.push_back(std::move(e));
    }
    MOTCUA_TRY(flush());
    // Ids by first appearance → ranks in byte order, then the table's key order.
    const std::vector<std::uint16_t> rank = out.strings.Ranks();
    std::vector<PackedFact> ranked = std::move(out.facts);
    for (PackedFact& f : ranked) {
        f.procedure = rank[f.procedure];
        f.agency = rank[f.agency];
        f.sector = rank[f.sector];
    }
    Compact(ranked);
    out.facts = std::move(ranked);
    return out;
}

// Compares the stored kpi_counters (non-zero rows, in key order) with the recomputation.
Result<void> CompareCounters(Connection& c, const Recomputed& r, KpiCheckReport& report) {
    // Names by rank, to describe a mismatch and to map stored strings to ranks.
    std::vector<std::string> by_rank(r.strings.Ranks().size());
    {
        const std::vector<std::uint16_t> rank = r.strings.Ranks();
        for (std::size_t id = 0; id < rank.size(); ++id) {
            by_rank[rank[id]] = r.strings.Name(static_cast<std::uint16_t>(id));
        }
    }
    const auto describe = [&](int metric,
                              std::string_view procedure,
                              std::int64_t day,
                              std::string_view agency,
                              std::string_view sector,
                              std::int64_t stored,
                              std::int64_t expected) {
        ++report.mismatches;
        if (!report.first_mismatch) {
            auto name = kpi::MetricFromCode(metric);
            report.first_mismatch = fmt::format(
                "kpi_counters {} procedure {} day {} agency {} sector {}: stored {}, "
                "recomputed {}",
                name ? kpi::MetricName(*name) : std::string_view("?"),
                procedure,
                day,
                agency,
                sector,
                stored,
                expected);
        }
    };
    MOTCUA_ASSIGN_OR_RETURN(
        Statement st,
        c.Prepare("SELECT metric, procedure_code, day, agency_code, sector_code, value FROM "
                  "kpi_counters WHERE value != 0 ORDER BY day, metric, procedure_code, "
                  "agency_code, sector_code"));
    std::size_t i = 0;
    const auto expected_name = [&](const PackedFact& f) {
        return std::tie(by_rank[f.procedure], by_rank[f.agency], by_rank[f.sector]);
    };
    while (true) {
        MOTCUA_ASSIGN_OR_RETURN(const bool row, st.Step());
        if (!row) {
            break;
        }
        const int metric = st.ColumnInt(0);
        const std::string procedure(st.ColumnText(1));
        const std::int64_t day = st.ColumnInt64(2);
        const std::string agency(st.ColumnText(3));
        const std::string sector(st.ColumnText(4));
        const std::int64_t value = st.ColumnInt64(5);
        const auto stored_key = std::tie(day, metric, procedure, agency, sector);
        // Recomputed rows ordered before the stored one are missing from the table.
        while (i < r.facts.size()) {
            const PackedFact& f = r.facts[i];
            const auto [p, a, s] = expected_name(f);
            const int fm = f.metric;
            const std::int64_t fd = f.day;
            if (std::tie(fd, fm, p, a, s) >= stored_key) {
                break;
            }
            describe(fm, p, fd, a, s, 0, f.value);
            ++i;
        }
        if (i < r.facts.size()) {
            const PackedFact& f = r.facts[i];
            const auto [p, a, s] = expected_name(f);
            const int fm = f.metric;
            const std::int64_t fd = f.day;
            if (std::tie(fd, fm, p, a, s) == stored_key) {
                if (f.value != value) {
                    describe(metric, procedure, day, agency, sector, value, f.value);
                }
                ++i;
                continue;
            }
        }
        describe(metric, procedure, day, agency, sector, value, 0);
    }
    for (; i < r.facts.size(); ++i) {
        const PackedFact& f = r.facts[i];
        const auto [p, a, s] = expected_name(f);
        describe(f.metric, p, f.day, a, s, 0, f.value);
    }
    return {};
}

// Rows of a rollup that differ from the sums of kpi_counters (both ways), zero rows ignored.
constexpr std::string_view kAgencyRollupCheck =
    "WITH expected AS (SELECT metric, bucket, agency_code, sum(value) AS value FROM ("
    "SELECT metric, day AS bucket, agency_code, value FROM kpi_counters UNION ALL "
    "SELECT metric, day / 100, agency_code, value FROM kpi_counters UNION ALL "
    "SELECT metric, day / 10000, agency_code, value FROM kpi_counters) "
    "GROUP BY metric, bucket, agency_code HAVING sum(value) != 0), "
    "stored AS (SELECT metric, bucket, agency_code, value FROM kpi_agency_rollups WHERE value != "
    "0) SELECT (SELECT count(*) FROM (SELECT * FROM expected EXCEPT SELECT * FROM stored)) + "
    "(SELECT count(*) FROM (SELECT * FROM stored EXCEPT SELECT * FROM expected))";
constexpr std::string_view kSectorRollupCheck =
    "WITH expected AS (SELECT metric, bucket, agency_code, sector_code, sum(value) AS value FROM "
    "(SELECT metric, day AS bucket, agency_code, sector_code, value FROM kpi_counters UNION ALL "
    "SELECT metric, day / 100, agency_code, sector_code, value FROM kpi_counters UNION ALL "
    "SELECT metric, day / 10000, agency_code, sector_code, value FROM kpi_counters) "
    "GROUP BY metric, bucket, agency_code, sector_code HAVING sum(value) != 0), "
    "stored AS (SELECT metric, bucket, agency_code, sector_code, value FROM kpi_sector_rollups "
    "WHERE value != 0) SELECT (SELECT count(*) FROM (SELECT * FROM expected EXCEPT SELECT * FROM "
    "stored)) + (SELECT count(*) FROM (SELECT * FROM stored EXCEPT SELECT * FROM expected))";

Result<void> CompareRollups(Connection& c, KpiCheckReport& report) {
    for (const auto& [table, sql] : {std::pair{"kpi_agency_rollups", kAgencyRollupCheck},
                                     std::pair{"kpi_sector_rollups", kSectorRollupCheck}}) {
        MOTCUA_ASSIGN_OR_RETURN(Statement st, c.Prepare(sql));
        MOTCUA_ASSIGN_OR_RETURN(const bool row, st.Step());
        const std::int64_t differing = row ? st.ColumnInt64(0) : 0;
        if (differing > 0) {
            report.mismatches += differing;
            if (!report.first_mismatch) {
                report.first_mismatch = fmt::format(
                    "{}: {} rows differ from the sums of kpi_counters", table, differing);
            }
        }
    }
    return {};
}

Result<void> Rewrite(Connection& c, const Recomputed& r) {
    std::vector<std::string> by_rank(r.strings.Ranks().size());
    const std::vector<std::uint16_t> rank = r.strings.Ranks();
    for (std::size_t id = 0; id < rank.size(); ++id) {
        by_rank[rank[id]] = r.strings.Name(static_cast<std::uint16_t>(id));
    }
    MOTCUA_TRY(
        c.Exec("DELETE FROM kpi_counters; DELETE FROM kpi_agency_rollups; "
               "DELETE FROM kpi_sector_rollups;"));
    MOTCUA_ASSIGN_OR_RETURN(
        Statement insert,
        c.Prepare("INSERT INTO kpi_counters(metric, procedure_code, day, agency_code, "
                  "sector_code, value) VALUES(?1, ?2, ?3, ?4, ?5, ?6)"));
    for (const PackedFact& f : r.facts) {
        MOTCUA_TRY(insert.BindAll(static_cast<int>(f.metric),
                                  std::string_view(by_rank[f.procedure]),
                                  std::int64_t{f.day},
                                  std::string_view(by_rank[f.agency]),
                                  std::string_view(by_rank[f.sector]),
                                  f.value));
        MOTCUA_TRY(insert.Run());
        insert.Reset();
    }
    return c.Exec(
        "INSERT INTO kpi_agency_rollups(metric, bucket, agency_code, value) "
        "SELECT metric, bucket, agency_code, sum(value) FROM ("
        "SELECT metric, day AS bucket, agency_code, value FROM kpi_counters UNION ALL "
        "SELECT metric, day / 100, agency_code, value FROM kpi_counters UNION ALL "
        "SELECT metric, day / 10000, agency_code, value FROM kpi_counters) "
        "GROUP BY metric, bucket, agency_code; "
        "INSERT INTO kpi_sector_rollups(metric, bucket, agency_code, sector_code, value) "
        "SELECT metric, bucket, agency_code, sector_code, sum(value) FROM ("
        "SELECT metric, day AS bucket, agency_code, sector_code, value FROM kpi_counters UNION "
        "ALL SELECT metric, day / 100, agency_code, sector_code, value FROM kpi_counters UNION "
        "ALL SELECT metric, day / 10000, agency_code, sector_code, value FROM kpi_counters) "
        "GROUP BY metric, bucket, agency_code, sector_code;");
}

Result<KpiCheckReport> Check(Connection& c, bool repair) {
    KpiCheckReport report;
    MOTCUA_ASSIGN_OR_RETURN(const Recomputed r, Recompute(c));
    report.dossiers = r.dossiers;
    report.events = r.events;
    report.facts = static_cast<std::int64_t>(r.facts.size());
    MOTCUA_TRY(CompareCounters(c, r, report));
    MOTCUA_TRY(CompareRollups(c, report));
    if (repair && report.mismatches > 0) {
        MOTCUA_TRY(Rewrite(c, r));
        report.repaired = true;
    }
    return report;
}

}  // namespace

Result<std::vector<ports::CounterRow>> SqliteKpiStore::Flows(const ports::CounterQuery& query) {
    return db_.Read([&](Connection& c) { return Sums(c, query, false); });
}

Result<std::vector<ports::CounterRow>> SqliteKpiStore::Levels(const ports::CounterQuery& query) {
    return db_.Read([&](Connection& c) { return Sums(c, query, true); });
}

Result<std::vector<std::pair<std::string, std::string>>>
SqliteKpiStore::ActiveProcedures(kpi::Metric metric, cal::LocalDate from, cal::LocalDate to) {
    using Pairs = std::vector<std::pair<std::string, std::string>>;
    return db_.Read([&](Connection& c) -> Result<Pairs> {
        // One index range per day: (day, metric) leads the key.
        MOTCUA_ASSIGN_OR_RETURN(
            CachedStatement st,
            c.Cached("SELECT agency_code, procedure_code, sum(value) FROM kpi_counters WHERE day "
                     "= ?1 AND metric = ?2 GROUP BY agency_code, procedure_code"));
        std::map<std::pair<std::string, std::string>, std::int64_t> sums;
        for (cal::LocalDate day = from; day <= to; day += days{1}) {
            MOTCUA_TRY(st->BindAll(internal::DayBucket(day), static_cast<int>(metric)));
            while (true) {
                MOTCUA_ASSIGN_OR_RETURN(const bool row, st->Step());
                if (!row) {
                    break;
                }
                sums[{std::string(st->ColumnText(0)), std::string(st->ColumnText(1))}] +=
                    st->ColumnInt64(2);
            }
            st->Reset();
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

Result<KpiCheckReport> VerifyKpiCounters(Database& db, bool repair) {
    if (!repair) {
        return db.Read([](Connection& c) { return Check(c, false); });
    }
    // Recompute and rewrite in one write job, so no event slips in between.
    return db.Write([](Connection& c) { return Check(c, true); });
}

}  // namespace motcua::storage::sqlite
