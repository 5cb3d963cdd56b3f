// VerifyKpiCounters (kpi_store.hpp): the indicator counters and rollups recomputed from the event
// log, compared with the stored ones and, on request, rewritten.
#include <algorithm>
#include <array>
#include <deque>
#include <future>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>

#include "core/workflow/apply.hpp"
#include "storage/common/json_codec.hpp"
#include "storage/sqlite/internal/kpi_counters.hpp"
#include "storage/sqlite/kpi_store.hpp"
#include "storage/sqlite/statement.hpp"

namespace motcua::storage::sqlite {
namespace {

namespace kpi = core::kpi;
namespace wf = core::workflow;

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
    std::int32_t day = 0;  // YYYYMMDD (YYYYMM for month sums)
    std::int16_t metric = 0;
    std::uint16_t agency = 0;
    std::uint16_t procedure = 0;
    std::uint16_t sector = 0;
    std::int64_t value = 0;

    auto Key() const { return std::tie(day, metric, agency, procedure, sector); }
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

// The logs (canonical event texts in order) of consecutive dossiers.
using Chunk = std::vector<std::vector<std::string>>;

struct Recomputed {
    Strings strings;
    std::vector<PackedFact> facts;   // sorted by the table's key order, no zeros
    std::vector<PackedFact> months;  // the same summed per month (day = YYYYMM), sorted, no zeros
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
    // The connection's thread reads the log and packs the facts; other threads decode each
    // chunk of dossiers and derive their facts (the bulk of the work), a few chunks at a time.
    MOTCUA_ASSIGN_OR_RETURN(
        Statement st, c.Prepare("SELECT dossier_id, data FROM events ORDER BY dossier_id, seq"));
    const kpi::ProcedureTraits none;
    const auto facts_of = [&traits, &none](const Chunk& chunk) -> Result<std::vector<kpi::Fact>> {
        std::vector<kpi::Fact> facts;
        std::vector<wf::Event> events;
        for (const std::vector<std::string>& log : chunk) {
            events.clear();
            for (const std::string& text : log) {
                MOTCUA_ASSIGN_OR_RETURN(wf::Event e, DecodeEvent(text));
                events.push_back(std::move(e));
            }
            const auto t = traits.find(internal::SubmittedVersion(events).value());
            std::vector<kpi::Fact> more =
                kpi::FactsOf(wf::Dossier{}, events, t == traits.end() ? none : t->second);
            facts.insert(facts.end(),
                         std::make_move_iterator(more.begin()),
                         std::make_move_iterator(more.end()));
        }
        return facts;
    };
    std::size_t compact_at = std::size_t{1} << 22U;
    const auto pack = [&](std::future<Result<std::vector<kpi::Fact>>>& pending) -> Result<void> {
        MOTCUA_ASSIGN_OR_RETURN(const std::vector<kpi::Fact> facts, pending.get());
        for (const kpi::Fact& f : facts) {
            if (out.strings.Full()) {
                return Fail(ErrorCode::kOutOfRange, "too many distinct codes to recompute");
            }
            out.facts.push_back({static_cast<std::int32_t>(internal::DayBucket(f.day)),
                                 static_cast<std::int16_t>(f.metric),
                                 out.strings.Id(f.agency_code),
                                 out.strings.Id(f.procedure_code),
                                 out.strings.Id(f.sector_code),
                                 f.value});
        }
        // Merge equal keys now and then; the next merge waits until the facts have doubled, so
        // a province with more distinct keys than the threshold is not sorted per chunk.
        if (out.facts.size() > compact_at) {
            Compact(out.facts);
            compact_at = std::max(compact_at, 2 * out.facts.size());
        }
        return {};
    };
    constexpr std::size_t kChunkDossiers = 256;
    const std::size_t in_flight = std::max(2U, std::thread::hardware_concurrency());
    std::deque<std::future<Result<std::vector<kpi::Fact>>>> running;
    Chunk chunk;
    const auto launch = [&]() -> Result<void> {
        if (chunk.empty()) {
            return {};
        }
        out.dossiers += static_cast<std::int64_t>(chunk.size());
        running.push_back(std::async(std::launch::async, facts_of, std::move(chunk)));
        chunk = Chunk{};
        while (running.size() >= in_flight) {
            MOTCUA_TRY(pack(running.front()));
            running.pop_front();
        }
        return {};
    };
    // On an error, the chunks still running finish before their futures are destroyed.
    std::int64_t current = -1;
    while (true) {
        MOTCUA_ASSIGN_OR_RETURN(const bool row, st.Step());
        if (!row) {
            break;
        }
        ++out.events;
        const std::int64_t id = st.ColumnInt64(0);
        if (id != current) {
            if (chunk.size() >= kChunkDossiers) {
                MOTCUA_TRY(launch());
            }
            chunk.emplace_back();
            current = id;
        }
        chunk.back().emplace_back(st.ColumnText(1));
    }
    MOTCUA_TRY(launch());
    for (auto& pending : running) {
        MOTCUA_TRY(pack(pending));
    }
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
    // Month sums, a month at a time (the facts are sorted by day, so months are runs).
    std::vector<PackedFact> month;
    for (std::size_t i = 0; i < out.facts.size();) {
        const std::int32_t bucket = out.facts[i].day / 100;
        month.clear();
        for (; i < out.facts.size() && out.facts[i].day / 100 == bucket; ++i) {
            month.push_back(out.facts[i]);
            month.back().day = bucket;
        }
        Compact(month);
        out.months.insert(out.months.end(), month.begin(), month.end());
    }
    return out;
}

// A counter row by its key, as text, for comparing and describing.
struct CounterKey {
    std::int64_t day = 0;
    int metric = 0;
    std::string_view agency;
    std::string_view procedure;
    std::string_view sector;

    auto Tie() const { return std::tie(day, metric, agency, procedure, sector); }
};

// Compares the stored rows of kpi_counters (`months` false) or kpi_counter_months (non-zero rows,
// in key order) with the recomputation.
Result<void> CompareCounters(Connection& c,
                             const Recomputed& r,
                             bool months,
                             KpiCheckReport& report) {
    const std::vector<PackedFact>& facts = months ? r.months : r.facts;
    const std::string_view table = months ? "kpi_counter_months" : "kpi_counters";
    // Names by rank, to describe a mismatch and compare with the stored texts.
    std::vector<std::string> by_rank(r.strings.Ranks().size());
    {
        const std::vector<std::uint16_t> rank = r.strings.Ranks();
        for (std::size_t id = 0; id < rank.size(); ++id) {
            by_rank[rank[id]] = r.strings.Name(static_cast<std::uint16_t>(id));
        }
    }
    const auto describe = [&](const CounterKey& k, std::int64_t stored, std::int64_t expected) {
        ++report.mismatches;
        if (!report.first_mismatch) {
            auto name = kpi::MetricFromCode(k.metric);
            report.first_mismatch = fmt::format(
                "{} {} {} {} agency {} procedure {} sector {}: stored {}, recomputed {}",
                table,
                name ? kpi::MetricName(*name) : std::string_view("?"),
                months ? "month" : "day",
                k.day,
                k.agency,
                k.procedure,
                k.sector,
                stored,
                expected);
        }
    };
    const auto expected_key = [&](const PackedFact& f) {
        return CounterKey{
            f.day, f.metric, by_rank[f.agency], by_rank[f.procedure], by_rank[f.sector]};
    };
    const std::string_view bucket = months ? "month" : "day";
    MOTCUA_ASSIGN_OR_RETURN(
        Statement st,
        c.Prepare(fmt::format("SELECT {0}, metric, agency_code, procedure_code, sector_code, "
                              "value FROM {1} WHERE value != 0 ORDER BY {0}, metric, agency_code, "
                              "procedure_code, sector_code",
                              bucket,
                              table)));
    std::size_t i = 0;
    while (true) {
        MOTCUA_ASSIGN_OR_RETURN(const bool row, st.Step());
        if (!row) {
            break;
        }
        const CounterKey stored{st.ColumnInt64(0),
                                st.ColumnInt(1),
                                st.ColumnText(2),
                                st.ColumnText(3),
                                st.ColumnText(4)};
        const std::int64_t value = st.ColumnInt64(5);
        // Recomputed rows ordered before the stored one are missing from the table.
        while (i < facts.size() && expected_key(facts[i]).Tie() < stored.Tie()) {
            describe(expected_key(facts[i]), 0, facts[i].value);
            ++i;
        }
        if (i < facts.size() && expected_key(facts[i]).Tie() == stored.Tie()) {
            if (facts[i].value != value) {
                describe(stored, value, facts[i].value);
            }
            ++i;
        } else {
            describe(stored, value, 0);
        }
    }
    for (; i < facts.size(); ++i) {
        describe(expected_key(facts[i]), 0, facts[i].value);
    }
    return {};
}

// Rollup sums of one bucket, keyed by ranks (see Strings): (metric, agency) and (metric,
// sector, procedure).
using AgencySums = std::map<std::pair<int, std::uint16_t>, std::int64_t>;
using ProcedureSums = std::map<std::tuple<int, std::uint16_t, std::uint16_t>, std::int64_t>;
// (metric, sector), the sector rollup's key.
using SectorSums = std::map<std::pair<int, std::uint16_t>, std::int64_t>;

SectorSums SectorsOf(const ProcedureSums& procedures) {
    SectorSums out;
    for (const auto& [key, value] : procedures) {
        out[{std::get<0>(key), std::get<1>(key)}] += value;
    }
    return out;
}

// Calls `bucket_done(bucket, agencies, procedures)` for every day bucket and then, at the end of
// each ten-day period, month and quarter, for its bucket, with the sums the facts (sorted by
// day) give them.
template <class F>
Result<void> StreamRollups(const std::vector<PackedFact>& facts, F&& bucket_done) {
    struct Level {
        std::int64_t (*bucket_of)(std::int64_t day);
        AgencySums agencies;
        ProcedureSums procedures;
    };

    std::array<Level, 4> levels{{
        {[](std::int64_t day) { return day; }, {}, {}},
        {[](std::int64_t day) {
             return day / 100 * 10 + std::min<std::int64_t>(3, (day % 100 - 1) / 10 + 1);
         },
         {},
         {}},
        {[](std::int64_t day) { return day / 100; }, {}, {}},
        {[](std::int64_t day) { return day / 10000 * 10 + (day / 100 % 100 - 1) / 3 + 1; }, {}, {}},
    }};
    std::int64_t day = -1;
    // Closes the buckets of every level whose bucket changes from `day` to `next` (-1: all).
    const auto close = [&](std::int64_t next) -> Result<void> {
        for (Level& l : levels) {
            if (next < 0 || l.bucket_of(next) != l.bucket_of(day)) {
                MOTCUA_TRY(bucket_done(l.bucket_of(day), l.agencies, l.procedures));
                l.agencies.clear();
                l.procedures.clear();
            }
        }
        return {};
    };
    for (const PackedFact& f : facts) {
        if (f.day != day) {
            if (day >= 0) {
                MOTCUA_TRY(close(f.day));
            }
            day = f.day;
        }
        for (Level& l : levels) {
            l.agencies[{f.metric, f.agency}] += f.value;
            l.procedures[{f.metric, f.sector, f.procedure}] += f.value;
        }
    }
    if (day >= 0) {
        MOTCUA_TRY(close(-1));
    }
    return {};
}

// Compares the three rollups with the sums of the recomputed facts, bucket by bucket (zero rows
// ignored), then counts the stored rows of buckets no fact reaches.
Result<void> CompareRollups(Connection& c, const Recomputed& r, KpiCheckReport& report) {
    std::unordered_map<std::string, std::uint16_t> ranks;
    {
        const std::vector<std::uint16_t> rank = r.strings.Ranks();
        for (std::size_t id = 0; id < rank.size(); ++id) {
            ranks.emplace(r.strings.Name(static_cast<std::uint16_t>(id)), rank[id]);
        }
    }
    const auto rank_of = [&](std::string_view name) -> std::optional<std::uint16_t> {
        const auto it = ranks.find(std::string(name));
        if (it == ranks.end()) {
            return std::nullopt;
        }
        return it->second;
    };
    const auto differ = [&](std::string_view table, std::int64_t bucket, std::int64_t rows) {
        report.mismatches += rows;
        if (!report.first_mismatch) {
            report.first_mismatch = fmt::format(
                "{} bucket {}: {} rows differ from the sums of the events", table, bucket, rows);
        }
    };
    MOTCUA_ASSIGN_OR_RETURN(
        Statement agency_rows,
        c.Prepare("SELECT metric, agency_code, value FROM kpi_agency_rollups WHERE bucket = ?1 "
                  "AND value != 0"));
    MOTCUA_ASSIGN_OR_RETURN(
        Statement procedure_rows,
        c.Prepare("SELECT metric, sector_code, procedure_code, value FROM kpi_procedure_rollups "
                  "WHERE bucket = ?1 AND value != 0"));
    MOTCUA_ASSIGN_OR_RETURN(
        Statement sector_rows,
        c.Prepare("SELECT metric, sector_code, value FROM kpi_sector_rollups WHERE bucket = ?1 "
                  "AND value != 0"));
    std::set<std::int64_t> seen;
    MOTCUA_TRY(StreamRollups(
        r.facts,
        [&](std::int64_t bucket, const AgencySums& agencies, const ProcedureSums& procedures)
            -> Result<void> {
            seen.insert(bucket);
            AgencySums stored_agencies;
            std::int64_t unknown = 0;
            MOTCUA_TRY(agency_rows.Bind(1, bucket));
            while (true) {
                MOTCUA_ASSIGN_OR_RETURN(const bool row, agency_rows.Step());
                if (!row) {
                    break;
                }
                const auto agency = rank_of(agency_rows.ColumnText(1));
                if (!agency) {
                    ++unknown;
                    continue;
                }
                stored_agencies[{agency_rows.ColumnInt(0), *agency}] += agency_rows.ColumnInt64(2);
            }
            agency_rows.Reset();
            ProcedureSums stored_procedures;
            MOTCUA_TRY(procedure_rows.Bind(1, bucket));
            while (true) {
                MOTCUA_ASSIGN_OR_RETURN(const bool row, procedure_rows.Step());
                if (!row) {
                    break;
                }
                const auto sector = rank_of(procedure_rows.ColumnText(1));
                const auto procedure = rank_of(procedure_rows.ColumnText(2));
                if (!sector || !procedure) {
                    ++unknown;
                    continue;
                }
                stored_procedures[{procedure_rows.ColumnInt(0), *sector, *procedure}] +=
                    procedure_rows.ColumnInt64(3);
            }
            procedure_rows.Reset();
            SectorSums stored_sectors;
            std::int64_t unknown_sectors = 0;
            MOTCUA_TRY(sector_rows.Bind(1, bucket));
            while (true) {
                MOTCUA_ASSIGN_OR_RETURN(const bool row, sector_rows.Step());
                if (!row) {
                    break;
                }
                const auto sector = rank_of(sector_rows.ColumnText(1));
                if (!sector) {
                    ++unknown_sectors;
                    continue;
                }
                stored_sectors[{sector_rows.ColumnInt(0), *sector}] += sector_rows.ColumnInt64(2);
            }
            sector_rows.Reset();
            const auto count_differences = [](const auto& expected, const auto& stored) {
                std::int64_t n = 0;
                for (const auto& [key, value] : expected) {
                    const auto it = stored.find(key);
                    n += value != (it == stored.end() ? 0 : it->second) ? 1 : 0;
                }
                for (const auto& [key, value] : stored) {
                    n += expected.contains(key) ? 0 : 1;
                }
                return n;
            };
            const auto nonzero = [](auto m) {
                std::erase_if(m, [](const auto& kv) { return kv.second == 0; });
                return m;
            };
            if (const std::int64_t n =
                    count_differences(nonzero(agencies), stored_agencies) + unknown;
                n > 0) {
                differ("kpi_agency_rollups", bucket, n);
            }
            if (const std::int64_t n = count_differences(nonzero(procedures), stored_procedures);
                n > 0) {
                differ("kpi_procedure_rollups", bucket, n);
            }
            if (const std::int64_t n =
                    count_differences(nonzero(SectorsOf(procedures)), stored_sectors) +
                    unknown_sectors;
                n > 0) {
                differ("kpi_sector_rollups", bucket, n);
            }
            return {};
        }));
    // Stored rows in buckets no fact reaches.
    for (const std::string_view table :
         {"kpi_agency_rollups", "kpi_sector_rollups", "kpi_procedure_rollups"}) {
        MOTCUA_ASSIGN_OR_RETURN(
            Statement buckets,
            c.Prepare(fmt::format(
                "SELECT bucket, count(*) FROM {} WHERE value != 0 GROUP BY bucket", table)));
        while (true) {
            MOTCUA_ASSIGN_OR_RETURN(const bool row, buckets.Step());
            if (!row) {
                break;
            }
            if (!seen.contains(buckets.ColumnInt64(0))) {
                differ(table, buckets.ColumnInt64(0), buckets.ColumnInt64(1));
            }
        }
    }
    return {};
}

// Rewrites the counter tables from the recomputation, the rollups a day and a month at a time
// (memory stays small whatever the number of facts).
Result<void> Rewrite(Connection& c, const Recomputed& r) {
    std::vector<std::string> by_rank(r.strings.Ranks().size());
    const std::vector<std::uint16_t> rank = r.strings.Ranks();
    for (std::size_t id = 0; id < rank.size(); ++id) {
        by_rank[rank[id]] = r.strings.Name(static_cast<std::uint16_t>(id));
    }
    MOTCUA_TRY(
        c.Exec("DELETE FROM kpi_counters; DELETE FROM kpi_counter_months; DELETE FROM "
               "kpi_agency_rollups; DELETE FROM kpi_sector_rollups; DELETE FROM "
               "kpi_procedure_rollups;"));
    for (const bool months : {false, true}) {
        MOTCUA_ASSIGN_OR_RETURN(
            Statement insert,
            c.Prepare(months ? "INSERT INTO kpi_counter_months(month, metric, agency_code, "
                               "procedure_code, sector_code, value) VALUES(?1, ?2, ?3, ?4, ?5, ?6)"
                             : "INSERT INTO kpi_counters(day, metric, agency_code, procedure_code, "
                               "sector_code, value) VALUES(?1, ?2, ?3, ?4, ?5, ?6)"));
        for (const PackedFact& f : months ? r.months : r.facts) {
            MOTCUA_TRY(insert.BindAll(std::int64_t{f.day},
                                      static_cast<int>(f.metric),
                                      std::string_view(by_rank[f.agency]),
                                      std::string_view(by_rank[f.procedure]),
                                      std::string_view(by_rank[f.sector]),
                                      f.value));
            MOTCUA_TRY(insert.Run());
            insert.Reset();
        }
    }
    MOTCUA_ASSIGN_OR_RETURN(
        Statement agency_insert,
        c.Prepare("INSERT INTO kpi_agency_rollups(bucket, metric, agency_code, value) "
                  "VALUES(?1, ?2, ?3, ?4)"));
    MOTCUA_ASSIGN_OR_RETURN(
        Statement procedure_insert,
        c.Prepare("INSERT INTO kpi_procedure_rollups(bucket, metric, sector_code, "
                  "procedure_code, value) VALUES(?1, ?2, ?3, ?4, ?5)"));
    MOTCUA_ASSIGN_OR_RETURN(Statement sector_insert,
                            c.Prepare("INSERT INTO kpi_sector_rollups(bucket, metric, "
                                      "sector_code, value) VALUES(?1, ?2, ?3, ?4)"));
    return StreamRollups(
        r.facts,
        [&](std::int64_t bucket,
            const AgencySums& agencies,
            const ProcedureSums& procedures) -> Result<void> {
            for (const auto& [key, value] : agencies) {
                if (value != 0) {
                    MOTCUA_TRY(agency_insert.BindAll(
                        bucket, key.first, std::string_view(by_rank[key.second]), value));
                    MOTCUA_TRY(agency_insert.Run());
                    agency_insert.Reset();
                }
            }
            for (const auto& [key, value] : procedures) {
                if (value != 0) {
                    MOTCUA_TRY(procedure_insert.BindAll(bucket,
                                                        std::get<0>(key),
                                                        std::string_view(by_rank[std::get<1>(key)]),
                                                        std::string_view(by_rank[std::get<2>(key)]),
                                                        value));
                    MOTCUA_TRY(procedure_insert.Run());
                    procedure_insert.Reset();
                }
            }
            for (const auto& [key, value] : SectorsOf(procedures)) {
                if (value != 0) {
                    MOTCUA_TRY(sector_insert.BindAll(
                        bucket, key.first, std::string_view(by_rank[key.second]), value));
                    MOTCUA_TRY(sector_insert.Run());
                    sector_insert.Reset();
                }
            }
            return {};
        });
}

Result<KpiCheckReport> Check(Connection& c, bool repair) {
    KpiCheckReport report;
    MOTCUA_ASSIGN_OR_RETURN(const Recomputed r, Recompute(c));
    report.dossiers = r.dossiers;
    report.events = r.events;
    report.facts = static_cast<std::int64_t>(r.facts.size());
    MOTCUA_TRY(CompareCounters(c, r, false, report));
    MOTCUA_TRY(CompareCounters(c, r, true, report));
    // Rollups about to be rewritten need no comparing.
    if (!(repair && report.mismatches > 0)) {
        MOTCUA_TRY(CompareRollups(c, r, report));
    }
    if (repair && report.mismatches > 0) {
        MOTCUA_TRY(Rewrite(c, r));
        report.repaired = true;
    }
    return report;
}

}  // namespace

Result<KpiCheckReport> RebuildKpiCounters(Database& db) {
    return db.Write([](Connection& c) -> Result<KpiCheckReport> {
        MOTCUA_ASSIGN_OR_RETURN(const Recomputed r, Recompute(c));
        MOTCUA_TRY(c.Exec("DELETE FROM kpi_pending"));
        MOTCUA_TRY(Rewrite(c, r));
        KpiCheckReport report;
        report.dossiers = r.dossiers;
        report.events = r.events;
        report.facts = static_cast<std::int64_t>(r.facts.size());
        report.repaired = true;
        return report;
    });
}

Result<KpiCheckReport> VerifyKpiCounters(Database& db, bool repair) {
    if (!repair) {
        // The facts still in kpi_pending are counted: folded first.
        MOTCUA_TRY(internal::FoldPendingFacts(db));
        return db.Read([](Connection& c) { return Check(c, false); });
    }
    // Fold, recompute and rewrite in one write job, so no event slips in between.
    return db.Write([](Connection& c) -> Result<KpiCheckReport> {
        MOTCUA_TRY(internal::FoldPendingFacts(c));
        return Check(c, true);
    });
}

}  // namespace motcua::storage::sqlite
