// Benchmark of the dossier engine on a durable SQLite file (WAL, every commit flushed before it
// is acknowledged — Database's normal mode, not bulk_load), seeded like the demo: a province, ~20
// communes each with an internal process for birth registration, and a consulted agency.
//   (a) the peer: raw SQLite, one INSERT of a ~1 KB row per transaction, one thread;
//   (b) durable dossier transitions through the real DossierService and the group-committing
//       Writer, T = 2, 8, 32, 64, 128, 256 threads, each driving its own dossiers (counter
//       submission, Forward, CompleteStep, IssueResult, Return); one transition = one durable
//       transaction holding its events, the projection row, step rows, audit-chain and outbox
//       entries;
//   (c) projection rebuild speed (RebuildProjections(db, false)) over the events of (b), and over
//       ~1 M events generated with bulk_load when that fits the time budget (else extrapolated).
//
// Usage: motcua_bench_engine [DIR [SECONDS [writes]]]   (defaults: a fresh directory under the
// system temporary directory, removed afterwards; 6 seconds per measurement; "writes" stops
// after (a) and (b)). DIR must be on the disk to be measured: on a tmpfs fsync is free and the
// figures mean nothing. Each (b) row also gives the CPU per transition of the process and of
// its busiest thread (the writer), and the cores other processes used meanwhile (the noise).
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bench/bench_support.hpp"
#include "bench/engine_world.hpp"
#include "bench/fatal.hpp"
#include "common/clock.hpp"
#include "common/result.hpp"
#include "core/calendar/civil_time.hpp"
#include "core/model/agency.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/directory.hpp"
#include "storage/sqlite/dossier_store.hpp"
#include "storage/sqlite/statement.hpp"
#include "storage/sqlite/transaction.hpp"

namespace motcua::bench {
using motcua::bench::Percentile;
using motcua::bench::RemoveOnExit;
using motcua::bench::Seconds;
using motcua::bench::WorkDirectory;

namespace {

namespace cal = core::calendar;
namespace model = core::model;
using storage::sqlite::Database;
using storage::sqlite::DatabaseOptions;
using storage::sqlite::SqliteDirectory;
using storage::sqlite::SqliteDossierStore;
using Steady = std::chrono::steady_clock;

constexpr const char* kConsulted = "000.00.90.H99";

// One opened, seeded engine.
struct Engine {
    std::unique_ptr<Database> db;
    std::unique_ptr<SqliteDirectory> directory;
    std::unique_ptr<SqliteDossierStore> store;
};

// A fresh database at `path` (any old one removed) holding the world of engine_world.hpp and a
// consulted agency under the province.
Result<Engine> OpenEngine(const std::string& path, bool bulk) {
    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::error_code ignored;
        std::filesystem::remove(path + suffix, ignored);
    }
    Engine e;
    DatabaseOptions options;
    options.path = path;
    options.bulk_load = bulk;
    MOTCUA_ASSIGN_OR_RETURN(e.db, Database::Open(options));
    MOTCUA_ASSIGN_OR_RETURN(SeededDirectory seeded, SeedDirectory(*e.db));
    e.directory = std::move(seeded.directory);
    e.store = std::make_unique<SqliteDossierStore>(*e.db);
    model::Agency consulted;
    consulted.code = kConsulted;
    consulted.name = "Chi cục Thuế";
    consulted.kind = model::AgencyKind::kOther;
    consulted.parent = seeded.province;
    MOTCUA_TRY(e.directory->SaveAgency(consulted));
    return e;
}

// A Drive with what this benchmark adds to it.
struct Load : DriveResult {
    double avg_batch = 0;
    double cpu_us = 0;     // CPU of this process per transition (every thread)
    double writer_us = 0;  // CPU of its busiest thread (the writer) per transition
    double others = 0;     // cores used meanwhile by every other process on the machine
};

// ---- CPU accounting (Linux /proc) ------------------------------------------------------------

// utime + stime, in clock ticks, of each live thread of this process.
std::map<int, std::uint64_t> ThreadTicks() {
    std::map<int, std::uint64_t> out;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/task", ec)) {
        std::ifstream in(entry.path() / "stat");
        std::string line;
        std::getline(in, line);
        const auto close = line.rfind(')');
        if (close == std::string::npos) {
            continue;
        }
        std::istringstream fields(line.substr(close + 2));
        std::string field;
        std::uint64_t utime = 0;
        std::uint64_t stime = 0;
        // Fields 3.. of stat; utime and stime are fields 14 and 15.
        for (int i = 3; i <= 15 && fields >> field; ++i) {
            if (i == 14) {
                utime = std::stoull(field);
            } else if (i == 15) {
                stime = std::stoull(field);
            }
        }
        out[std::stoi(entry.path().filename().string())] = utime + stime;
    }
    return out;
}

// Busy clock ticks of the whole machine (/proc/stat: all but idle and iowait).
std::uint64_t MachineBusyTicks() {
    std::ifstream in("/proc/stat");
    std::string cpu;
    in >> cpu;
    std::uint64_t total = 0;
    std::uint64_t idle = 0;
    std::uint64_t value = 0;
    for (int i = 0; i < 8 && in >> value; ++i) {
        total += value;
        if (i == 3 || i == 4) {
            idle += value;
        }
    }
    return total - idle;
}

// CPU seconds of this process, every thread including those that have ended.
double ProcessCpuSeconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto s = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    return s(usage.ru_utime) + s(usage.ru_stime);
}

// Drive (engine_world.hpp) on `e`, with the CPU used meanwhile by this process, by its busiest
// thread and by every other process, and the writer's average batch.
Load Measure(Engine& e, const Clock& clock, const DriveOptions& options) {
    const storage::sqlite::WriterStats before = e.db->writer().Stats();
    const std::map<int, std::uint64_t> threads_before = ThreadTicks();
    const std::uint64_t machine_before = MachineBusyTicks();
    const double cpu_before = ProcessCpuSeconds();
    Load load;
    static_cast<DriveResult&>(load) = Drive(*e.directory, *e.store, clock, options);
    const double cpu = ProcessCpuSeconds() - cpu_before;
    const auto ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
    std::uint64_t busiest = 0;
    for (const auto& [tid, now] : ThreadTicks()) {
        if (const auto it = threads_before.find(tid); it != threads_before.end()) {
            busiest = std::max(busiest, now - it->second);
        }
    }
    const double per = 1e6 / static_cast<double>(std::max<std::int64_t>(1, load.transitions));
    load.cpu_us = cpu * per;
    load.writer_us = static_cast<double>(busiest) / ticks * per;
    load.others =
        (static_cast<double>(MachineBusyTicks() - machine_before) / ticks - cpu) / load.seconds;
    const storage::sqlite::WriterStats after = e.db->writer().Stats();
    load.avg_batch =
        static_cast<double>(after.jobs - before.jobs) /
        static_cast<double>(std::max<std::uint64_t>(1, after.batches - before.batches));
    return load;
}

struct Raw {
    std::int64_t rows = 0;
    double seconds = 0;
    double p50_ms = 0;
    double p99_ms = 0;
};

// (a) One INSERT of a ~1 KB row per transaction, one thread, WAL + synchronous=FULL.
Result<Raw> MeasureRaw(const std::string& path, Steady::duration duration) {
    using storage::sqlite::Connection;
    using storage::sqlite::Transaction;
    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::error_code ignored;
        std::filesystem::remove(path + suffix, ignored);
    }
    MOTCUA_ASSIGN_OR_RETURN(Connection c,
                            Connection::Open(storage::sqlite::OpenOptions{.path = path}));
    MOTCUA_TRY(c.Exec("CREATE TABLE rows (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)"));
    const std::string payload(1024, 'x');
    Raw raw;
    std::vector<double> lat;
    const auto start = Steady::now();
    while (Steady::now() - start < duration) {
        const auto t0 = Steady::now();
        MOTCUA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(c));
        MOTCUA_ASSIGN_OR_RETURN(storage::sqlite::CachedStatement insert,
                                c.Cached("INSERT INTO rows (payload) VALUES (?1)"));
        MOTCUA_TRY(insert->Bind(1, std::string_view(payload)));
        MOTCUA_TRY(insert->Run());
        MOTCUA_TRY(tx.Commit());
        lat.push_back(Seconds(Steady::now() - t0) * 1000);
        ++raw.rows;
    }
    raw.seconds = Seconds(Steady::now() - start);
    raw.p50_ms = Percentile(lat, 0.50);
    raw.p99_ms = Percentile(lat, 0.99);
    return raw;
}

struct Rebuild {
    std::int64_t dossiers = 0;
    std::int64_t events = 0;
    double seconds = 0;

    double EventsPerSecond() const { return static_cast<double>(events) / seconds; }
};

Result<Rebuild> MeasureRebuild(Database& db) {
    const auto t0 = Steady::now();
    MOTCUA_ASSIGN_OR_RETURN(const storage::sqlite::RebuildReport report,
                            storage::sqlite::RebuildProjections(db, false));
    Rebuild r;
    r.seconds = Seconds(Steady::now() - t0);
    r.dossiers = report.dossiers;
    r.events = report.events;
    if (report.mismatches != 0) {
        return Fail(ErrorCode::kInternal,
                    fmt::format("{} projections differ from their events (first {})",
                                report.mismatches,
                                report.first_mismatch.value_or("?")));
    }
    return r;
}

int Run(int argc, char** argv) {
    RemoveOnExit cleanup;
    const std::filesystem::path dir = WorkDirectory(argc, argv, "motcua_bench_engine_", cleanup);
    const double seconds_each = argc > 2 ? std::stod(argv[2]) : 6.0;
    const auto duration =
        std::chrono::duration_cast<Steady::duration>(std::chrono::duration<double>(seconds_each));
    const auto run_start = Steady::now();

    fmt::print(
        "motcua engine benchmark: file databases in {} (WAL; commits durable before acknowledged), "
        "{} communes, "
        "{:.0f} s per measurement, {} hardware threads\n\n",
        dir.string(),
        kCommunes,
        seconds_each,
        std::thread::hardware_concurrency());

    // (a) The peer.
    auto raw = MeasureRaw((dir / "raw.db").string(), duration);
    if (!raw) {
        return Fatal("raw", raw.error());
    }
    const double raw_rate = static_cast<double>(raw->rows) / raw->seconds;

    // (b) Transitions through the engine, one durable database for all thread counts.
    auto engine = OpenEngine((dir / "engine.db").string(), false);
    if (!engine) {
        return Fatal("seed", engine.error());
    }
    const FakeClock clock(cal::ToInstant(*cal::ParseDateTime("2026-03-02T09:00")));
    std::vector<std::pair<int, Load>> loads;
    for (const int threads : {2, 8, 32, 64, 128, 256}) {
        DriveOptions options;
        options.threads = threads;
        options.duration = duration;
        loads.emplace_back(threads, Measure(*engine, clock, options));
        if (loads.back().second.failures != 0) {
            fmt::print(stderr,
                       "{} threads: {} failed transitions\n",
                       threads,
                       loads.back().second.failures);
            return 1;
        }
    }

    fmt::print("{:<58} {:>10} {:>8} {:>8} {:>8} {:>9} {:>9} {:>9} {:>7}\n",
               "durable writes",
               "per s",
               "vs (a)",
               "p50 ms",
               "p99 ms",
               "avg batch",
               "cpu µs",
               "writer µs",
               "others");
    fmt::print("{:<58} {:>10.0f} {:>8} {:>8.2f} {:>8.2f} {:>9}\n",
               "(a) raw SQLite: 1 INSERT (1 KB) per transaction, 1 thread",
               raw_rate,
               "1.0x",
               raw->p50_ms,
               raw->p99_ms,
               1);
    for (const auto& [threads, load] : loads) {
        const double rate = static_cast<double>(load.transitions) / load.seconds;
        fmt::print(
            "{:<58} {:>10.0f} {:>7.1f}x {:>8.2f} {:>8.2f} {:>9.1f} {:>9.0f} {:>9.0f} {:>7.2f}\n",
            fmt::format("(b) transitions, {:>2} threads ({:.0f} events/s)",
                        threads,
                        rate * kEventsPerCycle / kTransitionsPerCycle),
            rate,
            rate / raw_rate,
            load.p50_ms,
            load.p99_ms,
            load.avg_batch,
            load.cpu_us,
            load.writer_us,
            load.others);
    }
    fmt::print(
        "    cpu µs: CPU of the process per transition; writer µs: of its busiest thread (the "
        "writer); others: cores used meanwhile by other processes\n");
    if (argc > 3 && std::string_view(argv[3]) == "writes") {
        fmt::print("\ntotal run {:.0f} s\n", Seconds(Steady::now() - run_start));
        return 0;
    }

    // (c) Rebuild over what (b) wrote.
    auto durable = MeasureRebuild(*engine->db);
    if (!durable) {
        return Fatal("rebuild", durable.error());
    }
    engine->store.reset();
    engine->directory.reset();
    engine->db.reset();

    // ~1 M events with bulk_load, within a generation budget.
    constexpr std::int64_t kTarget = 1'000'000;
    const auto elapsed = Steady::now() - run_start;
    const auto budget =
        std::max<Steady::duration>(std::chrono::seconds{20}, std::chrono::seconds{150} - elapsed);
    auto bulk = OpenEngine((dir / "bulk.db").string(), true);
    if (!bulk) {
        return Fatal("bulk seed", bulk.error());
    }
    const auto gen_start = Steady::now();
    DriveOptions bulk_options;
    bulk_options.threads = 4;
    bulk_options.duration = budget;
    bulk_options.latencies = false;
    bulk_options.max_events = kTarget;
    const Load generated = Measure(*bulk, clock, bulk_options);
    const double gen_seconds = Seconds(Steady::now() - gen_start);
    if (generated.failures != 0) {
        fmt::print(stderr, "bulk: {} failed transitions\n", generated.failures);
        return 1;
    }
    auto big = MeasureRebuild(*bulk->db);
    if (!big) {
        return Fatal("bulk rebuild", big.error());
    }

    fmt::print("\n{:<58} {:>10} {:>10} {:>8} {:>10}\n",
               "projection rebuild (RebuildProjections, compare only)",
               "dossiers",
               "events",
               "seconds",
               "events/s");
    fmt::print("{:<58} {:>10} {:>10} {:>8.2f} {:>10.0f}\n",
               "(c) over the events of (b)",
               durable->dossiers,
               durable->events,
               durable->seconds,
               durable->EventsPerSecond());
    fmt::print("{:<58} {:>10} {:>10} {:>8.2f} {:>10.0f}\n",
               fmt::format("(c) bulk-loaded ({:.0f} s to generate, {:.0f} events/s)",
                           gen_seconds,
                           static_cast<double>(big->events) / gen_seconds),
               big->dossiers,
               big->events,
               big->seconds,
               big->EventsPerSecond());
    if (big->events < kTarget) {
        fmt::print(
            "    1 M events not reached in the time budget: extrapolated rebuild of 1 M "
            "events ≈ {:.1f} s (linear in events)\n",
            static_cast<double>(kTarget) / big->EventsPerSecond());
    }
    fmt::print("\ntotal run {:.0f} s\n", Seconds(Steady::now() - run_start));
    return 0;
}

}  // namespace
}  // namespace motcua::bench

int main(int argc, char** argv) {
    return motcua::bench::Run(argc, argv);
}
