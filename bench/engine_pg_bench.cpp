// Benchmark of the dossier engine on PostgreSQL 15: a throwaway server started in a directory on
// the disk to be measured (initdb + postgres on a unix socket, fsync=on, synchronous_commit=on),
// the catalog in a SQLite file beside it, seeded with a province and ~20 communes each with an
// internal process for birth registration.
//   (a) the peer: raw PostgreSQL, one INSERT of a ~1 KB row per transaction, one thread;
//   (b) durable dossier transitions through the real DossierService and PgDossierStore,
//       T = 2, 8, 32, 64 threads (reads on a pool of T connections, appends through the store's
//       group-committing writer), each driving its own dossiers (counter submission, Forward,
//       CompleteStep, IssueResult, Return); one transition = one append of its events, the
//       projection row, step rows, the public view, audit-chain and outbox entries, durable when
//       it returns; "batch" is the appends per writer transaction (per durable COMMIT).
// Then the audit chain of everything written is verified.
//
// Usage: motcua_bench_engine_pg [DIR [SECONDS]]   (defaults: a fresh directory under the system
// temporary directory, removed afterwards; 6 seconds per measurement). DIR must be on the disk to
// be measured: on a tmpfs fsync is free and the figures mean nothing.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "bench/bench_support.hpp"
#include "bench/engine_world.hpp"
#include "bench/fatal.hpp"
#include "common/clock.hpp"
#include "common/result.hpp"
#include "core/calendar/civil_time.hpp"
#include "storage/postgres/connection.hpp"
#include "storage/postgres/dossier_store.hpp"
#include "storage/postgres/migrations.hpp"
#include "storage/postgres/pool.hpp"
#include "storage/postgres/testing/test_server.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/directory.hpp"

namespace motcua::bench {
namespace {

namespace cal = core::calendar;
namespace pg = storage::postgres;
using Steady = std::chrono::steady_clock;

// What (a) measured: rows inserted, wall time, per-transaction latencies.
struct Raw {
    std::int64_t rows = 0;
    double seconds = 0;
    double p50_ms = 0;
    double p99_ms = 0;
};

// (a) One INSERT of a ~1 KB row per transaction, one thread.
Result<Raw> MeasureRaw(const std::string& conninfo, Steady::duration duration) {
    MOTCUA_ASSIGN_OR_RETURN(pg::PgConnection c, pg::PgConnection::Open(conninfo));
    MOTCUA_TRY(
        c.Exec("CREATE TABLE raw_rows (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
               "payload text NOT NULL)"));
    const std::string payload(1024, 'x');
    Raw raw;
    std::vector<double> lat;
    const auto start = Steady::now();
    while (Steady::now() - start < duration) {
        const auto t0 = Steady::now();
        MOTCUA_TRY(pg::InTransaction(c, [&](pg::PgConnection& tx) -> Result<void> {
            MOTCUA_TRY(tx.Exec("INSERT INTO raw_rows(payload) VALUES($1)", {payload}));
            return {};
        }));
        lat.push_back(Seconds(Steady::now() - t0) * 1000);
        ++raw.rows;
    }
    raw.seconds = Seconds(Steady::now() - start);
    raw.p50_ms = Percentile(lat, 0.50);
    raw.p99_ms = Percentile(lat, 0.99);
    return raw;
}

int Run(int argc, char** argv) {
    RemoveOnExit cleanup;
    const std::filesystem::path dir = WorkDirectory(argc, argv, "motcua_bench_engine_pg_", cleanup);
    const double seconds_each = argc > 2 ? std::stod(argv[2]) : 6.0;
    const auto duration =
        std::chrono::duration_cast<Steady::duration>(std::chrono::duration<double>(seconds_each));
    std::filesystem::permissions(dir,
                                 std::filesystem::perms::owner_all |
                                     std::filesystem::perms::group_exec |
                                     std::filesystem::perms::others_exec);

    auto server = pg::testing::TestServer::Start(dir);
    if (!server) {
        return Fatal("postgres", server.error());
    }
    auto conninfo = (*server)->CreateDatabase("bench");
    if (!conninfo) {
        return Fatal("create database", conninfo.error());
    }
    if (auto migrated = pg::Migrate(*conninfo); !migrated) {
        return Fatal("migrate", migrated.error());
    }
    fmt::print(
        "motcua engine benchmark on PostgreSQL: server in {} (fsync=on, synchronous_commit=on), "
        "{} communes, {:.0f} s per measurement, {} hardware threads\n\n",
        dir.string(),
        kCommunes,
        seconds_each,
        std::thread::hardware_concurrency());

    auto raw = MeasureRaw(*conninfo, duration);
    if (!raw) {
        return Fatal("raw", raw.error());
    }
    const double raw_rate = static_cast<double>(raw->rows) / raw->seconds;

    storage::sqlite::DatabaseOptions options;
    options.path = (dir / "directory.db").string();
    auto db = storage::sqlite::Database::Open(options);
    if (!db) {
        return Fatal("directory", db.error());
    }
    auto seeded = SeedDirectory(**db);
    if (!seeded) {
        return Fatal("seed", seeded.error());
    }
    const FakeClock clock(cal::ToInstant(*cal::ParseDateTime("2026-03-02T09:00")));
    std::vector<std::pair<int, DriveResult>> loads;
    std::vector<double> batches;  // appends per writer batch, per load
    for (const int threads : {2, 8, 32, 64}) {
        auto pool = pg::PgPool::Open(*conninfo, static_cast<std::size_t>(threads));
        if (!pool) {
            return Fatal("pool", pool.error());
        }
        auto store = pg::PgDossierStore::Open(**pool, *conninfo, "H99");
        if (!store) {
            return Fatal("store", store.error());
        }
        DriveOptions drive;
        drive.threads = threads;
        drive.duration = duration;
        loads.emplace_back(threads, Drive(*seeded->directory, **store, clock, drive));
        const pg::PgWriterStats stats = (*store)->WriterStats();
        batches.push_back(static_cast<double>(stats.jobs) /
                          static_cast<double>(std::max<std::uint64_t>(1, stats.batches)));
        if (loads.back().second.failures != 0) {
            return Fatal(fmt::format("{} threads: {} failed transitions, e.g.",
                                     threads,
                                     loads.back().second.failures),
                         loads.back().second.first_failure);
        }
    }

    fmt::print("{:<62} {:>10} {:>8} {:>8} {:>8} {:>6}\n",
               "durable writes",
               "per s",
               "vs (a)",
               "p50 ms",
               "p99 ms",
               "batch");
    fmt::print("{:<62} {:>10.0f} {:>8} {:>8.2f} {:>8.2f}\n",
               "(a) raw PostgreSQL: 1 INSERT (1 KB) per transaction, 1 thread",
               raw_rate,
               "1.0x",
               raw->p50_ms,
               raw->p99_ms);
    for (std::size_t i = 0; i < loads.size(); ++i) {
        const auto& [threads, load] = loads[i];
        const double rate = static_cast<double>(load.transitions) / load.seconds;
        fmt::print("{:<62} {:>10.0f} {:>7.1f}x {:>8.2f} {:>8.2f} {:>6.1f}\n",
                   fmt::format("(b) transitions, {:>2} threads ({:.0f} events/s)",
                               threads,
                               rate * kEventsPerCycle / kTransitionsPerCycle),
                   rate,
                   rate / raw_rate,
                   load.p50_ms,
                   load.p99_ms,
                   batches[i]);
    }
    fmt::print("batch: appends per writer transaction (one durable COMMIT each)\n");

    auto pool = pg::PgPool::Open(*conninfo, 1);
    if (!pool) {
        return Fatal("pool", pool.error());
    }
    const auto t0 = Steady::now();
    auto report = pg::VerifyAuditChain(**pool);
    if (!report) {
        return Fatal("verify", report.error());
    }
    fmt::print("\naudit chain: {} events verified in {:.2f} s{}\n",
               report->events_checked,
               Seconds(Steady::now() - t0),
               report->first_broken_event
                   ? fmt::format(", BROKEN at {}: {}", *report->first_broken_event, report->problem)
                   : ", intact");
    return report->first_broken_event ? 1 : 0;
}

}  // namespace
}  // namespace motcua::bench

int main(int argc, char** argv) {
    return motcua::bench::Run(argc, argv);
}
