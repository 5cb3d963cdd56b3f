// Benchmark of the indicator engine (core/kpi over storage/sqlite/kpi_store) on a seeded database:
//   (a) the QĐ 766 index and the settlement report of the province, one department and one
//       commune, and the rankings, for a quarter and a year, read from the incremental counters:
//       the first (cold) call, then p50 / p99 latency over N runs each;
//   (b) the peer: the same on-time figures by scanning the dossier projection (no counters);
//   (c) the full recomputation of the counters from the event log (VerifyKpiCounters).
//
// Usage: motcua_bench_kpi DB [RUNS [ONLY]]   (DB made by `motcua seed-demo --db DB --dossiers N`;
// RUNS defaults to 200; ONLY runs only the cases whose name contains it, without (b) and (c)).
// "Today" is the day of the newest event, as if the service ran then; the quarter is the last
// complete one, the year the current one (cut at today).
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "bench/bench_support.hpp"
#include "common/clock.hpp"
#include "common/result.hpp"
#include "core/calendar/civil_time.hpp"
#include "core/kpi/kpi_service.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/kpi_store.hpp"
#include "storage/sqlite/statement.hpp"

namespace motcua::bench {
namespace {

namespace kpi = core::kpi;
namespace cal = core::calendar;
using storage::sqlite::Connection;
using storage::sqlite::Database;
using storage::sqlite::Statement;
using Steady = std::chrono::steady_clock;

constexpr const char* kDepartment = "000.00.05.H99";
constexpr const char* kCommune = "000.00.21.H99";

// Only the cases whose name contains this (all when empty).
std::string_view g_only;

Result<std::int64_t> Int(Database& db, std::string_view sql) {
    return db.Read([&](Connection& c) -> Result<std::int64_t> {
        MOTCUA_ASSIGN_OR_RETURN(Statement st, c.Prepare(sql));
        MOTCUA_ASSIGN_OR_RETURN(const bool row, st.Step());
        return row ? st.ColumnInt64(0) : 0;
    });
}

Result<std::string> Text(Database& db, std::string_view sql) {
    return db.Read([&](Connection& c) -> Result<std::string> {
        MOTCUA_ASSIGN_OR_RETURN(Statement st, c.Prepare(sql));
        MOTCUA_ASSIGN_OR_RETURN(const bool row, st.Step());
        return row && !st.IsNull(0) ? std::string(st.ColumnText(0)) : std::string();
    });
}

// CPU time of the calling thread (the store reads in the caller's thread), in milliseconds.
double ThreadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

// Runs `f` once cold (the first call of this shape on this connection: SQLite's page cache
// holds none of its pages yet, the OS page cache may) then `runs` times warm, and prints the
// cold time, the warm p50 / p99 / max of the elapsed time and the p50 of the thread's CPU time
// (on a shared machine elapsed time also counts waiting for a core), in milliseconds.
bool Measure(std::string_view name, int runs, const std::function<Result<void>()>& f) {
    if (name.find(g_only) == std::string_view::npos) {
        return true;
    }
    const auto cold_start = Steady::now();
    if (auto warm = f(); !warm) {
        fmt::print(stderr, "{}: {}\n", name, warm.error().message);
        return false;
    }
    const double cold = Seconds(Steady::now() - cold_start) * 1000.0;
    std::vector<double> ms;
    std::vector<double> cpu;
    ms.reserve(static_cast<std::size_t>(runs));
    cpu.reserve(static_cast<std::size_t>(runs));
    for (int i = 0; i < runs; ++i) {
        const double cpu_start = ThreadCpuMs();
        const auto start = Steady::now();
        if (auto r = f(); !r) {
            fmt::print(stderr, "{}: {}\n", name, r.error().message);
            return false;
        }
        ms.push_back(Seconds(Steady::now() - start) * 1000.0);
        cpu.push_back(ThreadCpuMs() - cpu_start);
    }
    const double max = *std::max_element(ms.begin(), ms.end());
    const double p50 = Percentile(ms, 0.50);
    const double p99 = Percentile(ms, 0.99);
    fmt::print("  {:<48} cold {:6.1f}  p50 {:6.2f}  p99 {:6.2f}  max {:6.2f}  cpu p50 {:6.2f} ms\n",
               name,
               cold,
               p50,
               p99,
               max,
               Percentile(cpu, 0.50));
    std::fflush(stdout);
    return true;
}

int Run(int argc, char** argv) {
    if (argc < 2) {
        fmt::print(stderr, "usage: motcua_bench_kpi DB [RUNS [ONLY]]\n");
        return 2;
    }
    const std::string path = argv[1];
    const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 200;
    g_only = argc > 3 ? std::string_view(argv[3]) : std::string_view();
    storage::sqlite::DatabaseOptions options;
    options.path = path;
    auto opened = Database::Open(options);
    if (!opened) {
        fmt::print(stderr, "{}: {}\n", path, opened.error().message);
        return 1;
    }
    Database& db = **opened;
    const auto dossiers = Int(db, "SELECT count(*) FROM dossiers");
    const auto events = Int(db, "SELECT count(*) FROM events");
    const auto counters = Int(db, "SELECT count(*) FROM kpi_counters");
    const auto agency_rows = Int(db, "SELECT count(*) FROM kpi_agency_rollups");
    const auto sector_rows = Int(db, "SELECT count(*) FROM kpi_procedure_rollups");
    const auto newest = Text(db, "SELECT max(at) FROM events");
    if (!dossiers || !events || !counters || !agency_rows || !sector_rows || !newest ||
        newest->size() < 10) {
        fmt::print(stderr, "{}: not a seeded motcua database\n", path);
        return 1;
    }
    const cal::LocalDate today = *cal::ParseDate(newest->substr(0, 10));
    const kpi::Period quarter = kpi::PreviousPeriod(kpi::QuarterOf(today));
    const kpi::Period year = kpi::YearOf(today);
    fmt::print(
        "{}: {} dossiers, {} events; counters {} rows, agency rollups {}, procedure rollups {}; "
        "file {:.0f} MB\n",
        path,
        *dossiers,
        *events,
        *counters,
        *agency_rows,
        *sector_rows,
        static_cast<double>(std::filesystem::file_size(path)) / 1e6);
    fmt::print("today {}, quarter {}, year {} (to {}), {} runs each\n",
               cal::FormatDate(today),
               quarter.label,
               year.label,
               cal::FormatDate(today),
               runs);

    FakeClock clock(cal::ToInstant(cal::LocalDateTime{today} + std::chrono::hours{12}));
    storage::sqlite::SqliteKpiStore store(db);
    kpi::KpiService service(store, clock);
    bool ok = true;
    fmt::print("(a) from the incremental counters\n");
    // The province, one department with the largest subtree (Sở Nông nghiệp và Môi trường: six
    // agencies) and one commune.
    const std::vector<std::pair<std::string, std::string>> scopes = {
        {"province", ""}, {"department", kDepartment}, {"commune", kCommune}};
    for (const kpi::Period& p : {quarter, year}) {
        for (const auto& [scope, code] : scopes) {
            ok = ok &&
                 Measure(
                     fmt::format("766 index, {}, {}", scope, p.label), runs, [&]() -> Result<void> {
                         MOTCUA_TRY(service.Index(p, {code, "", ""}));
                         return {};
                     });
        }
        for (const auto& [scope, code] : scopes) {
            ok = ok && Measure(fmt::format("settlement report, {}, {}", scope, p.label),
                               runs,
                               [&]() -> Result<void> {
                                   MOTCUA_TRY(service.Settlement(p, code));
                                   return {};
                               });
        }
        ok = ok && Measure(fmt::format("rankings (766 per agency), {}", p.label),
                           runs,
                           [&]() -> Result<void> {
                               MOTCUA_TRY(service.Ranking(p));
                               return {};
                           });
    }
    // A cut-off period of NĐ 09/2019 (15th to 14th) reads day buckets at both ends.
    const kpi::Period cutoff = *kpi::CustomPeriod(quarter.from + std::chrono::days{14},
                                                  quarter.to + std::chrono::days{14});
    ok = ok &&
         Measure(fmt::format("settlement report, {}", cutoff.label), runs, [&]() -> Result<void> {
             MOTCUA_TRY(service.Settlement(cutoff, ""));
             return {};
         });
    if (!ok) {
        return 1;
    }
    if (!g_only.empty()) {
        return 0;
    }

    fmt::print("(b) peer: the same figures scanning the dossier projection\n");
    const std::string from = cal::FormatDateTime(cal::LocalDateTime{quarter.from});
    const std::string end =
        cal::FormatDateTime(cal::LocalDateTime{quarter.to + std::chrono::days{1}});
    ok = Measure("on-time settled + pending at end, " + quarter.label,
                 std::max(1, runs / 20),
                 [&]() -> Result<void> {
                     return db
                         .Read([&](Connection& c) -> Result<int> {
                             MOTCUA_ASSIGN_OR_RETURN(
                                 Statement st,
                                 c.Prepare("SELECT handling_agency_code, "
                                           "sum(finished_at >= ?1 AND finished_at < ?2 AND "
                                           "verdict IN ('early', 'on_time')), "
                                           "sum(finished_at >= ?1 AND finished_at < ?2), "
                                           "sum(received_at < ?2 AND (finished_at IS NULL OR "
                                           "finished_at >= ?2)) FROM dossiers GROUP BY 1"));
                             MOTCUA_TRY(st.BindAll(std::string_view(from), std::string_view(end)));
                             while (true) {
                                 MOTCUA_ASSIGN_OR_RETURN(const bool row, st.Step());
                                 if (!row) {
                                     break;
                                 }
                             }
                             return 0;
                         })
                         .map([](int) {});
                 });

    fmt::print("(c) full recomputation from the event log\n");
    const auto start = Steady::now();
    const auto check = storage::sqlite::VerifyKpiCounters(db, false);
    const double seconds = Seconds(Steady::now() - start);
    if (!check) {
        fmt::print(stderr, "verify: {}\n", check.error().message);
        return 1;
    }
    fmt::print(
        "  {} dossiers, {} events, {} counter rows recomputed and compared in {:.2f} s "
        "({:.0f} events/s); {} differ\n",
        check->dossiers,
        check->events,
        check->facts,
        seconds,
        static_cast<double>(check->events) / seconds,
        check->mismatches);
    return ok && check->mismatches == 0 ? 0 : 1;
}

}  // namespace
}  // namespace motcua::bench

int main(int argc, char** argv) {
    return motcua::bench::Run(argc, argv);
}
