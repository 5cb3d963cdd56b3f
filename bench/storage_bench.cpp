// Benchmark of durable SQLite writes (DESIGN.md §5): on a file database in WAL mode with
// synchronous=FULL, (a) single-row transactions committed one by one from one thread — every
// row pays its own fsync — against (b) the group-committing Writer fed by 2, 8 and 64 threads,
// each row its own job and each acknowledged only after its batch's COMMIT. Prints rows/s,
// Execute latency and batch sizes, and the ratio (b)/(a).
//
// Usage: motcua_bench_storage [DIR [SECONDS]]   (defaults: a fresh directory under the system
// temporary directory, 3 seconds per measurement). DIR should be on the disk to be measured:
// a tmpfs turns fsync into a no-op and the comparison into nonsense.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "bench/bench_support.hpp"
#include "common/result.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/statement.hpp"
#include "storage/sqlite/transaction.hpp"
#include "storage/sqlite/writer.hpp"

namespace motcua::bench {
using motcua::bench::Percentile;
using motcua::bench::RemoveOnExit;
using motcua::bench::Seconds;
using motcua::bench::WorkDirectory;

namespace {

using storage::sqlite::CachedStatement;
using storage::sqlite::Connection;
using storage::sqlite::OpenOptions;
using storage::sqlite::Transaction;
using storage::sqlite::Writer;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kSchema =
    "CREATE TABLE rows (id INTEGER PRIMARY KEY, thread INTEGER NOT NULL, payload TEXT NOT NULL)";
constexpr std::string_view kInsert = "INSERT INTO rows (thread, payload) VALUES (?1, ?2)";
constexpr std::string_view kPayload = "dossier 000123/2026: received at the one-stop desk";

Result<void> InsertRow(Connection& c, std::int64_t thread) {
    MOTCUA_ASSIGN_OR_RETURN(CachedStatement insert, c.Cached(kInsert));
    MOTCUA_TRY(insert->BindAll(thread, kPayload));
    return insert->Run();
}

// Opens an empty database at `path`, removing any left by an earlier run.
Result<Connection> OpenFresh(const std::filesystem::path& path) {
    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::error_code ignored;
        std::filesystem::remove(path.string() + suffix, ignored);
    }
    MOTCUA_ASSIGN_OR_RETURN(Connection c, Connection::Open(OpenOptions{.path = path.string()}));
    MOTCUA_TRY(c.Exec(kSchema));
    return c;
}

Result<std::int64_t> CountRows(Connection& c) {
    MOTCUA_ASSIGN_OR_RETURN(auto select, c.Prepare("SELECT count(*) FROM rows"));
    MOTCUA_TRY(select.Step());
    return select.ColumnInt64(0);
}

struct Figures {
    std::int64_t rows = 0;
    double seconds = 0;
    double p50_ms = 0;
    double p99_ms = 0;
    storage::sqlite::WriterStats stats;

    double RowsPerSecond() const { return static_cast<double>(rows) / seconds; }
};

// (a) One INSERT per transaction, one thread.
Result<Figures> MeasureRaw(const std::filesystem::path& path, Clock::duration duration) {
    MOTCUA_ASSIGN_OR_RETURN(Connection c, OpenFresh(path));
    Figures f;
    std::vector<double> latencies;
    const auto start = Clock::now();
    const auto deadline = start + duration;
    while (Clock::now() < deadline) {
        const auto t0 = Clock::now();
        MOTCUA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(c));
        MOTCUA_TRY(InsertRow(c, 0));
        MOTCUA_TRY(tx.Commit());
        latencies.push_back(Seconds(Clock::now() - t0) * 1000);
        ++f.rows;
    }
    f.seconds = Seconds(Clock::now() - start);
    f.p50_ms = Percentile(latencies, 0.50);
    f.p99_ms = Percentile(latencies, 0.99);
    MOTCUA_ASSIGN_OR_RETURN(const std::int64_t stored, CountRows(c));
    if (stored != f.rows) {
        return Fail(ErrorCode::kInternal, "raw: row count mismatch");
    }
    return f;
}

// (b) `threads` threads each calling Writer::Execute with one INSERT per job.
Result<Figures> MeasureWriter(const std::filesystem::path& path,
                              int threads,
                              Clock::duration duration) {
    MOTCUA_ASSIGN_OR_RETURN(Connection c, OpenFresh(path));
    MOTCUA_ASSIGN_OR_RETURN(std::unique_ptr<Writer> writer, Writer::Start(std::move(c)));
    std::atomic<bool> stop{false};
    std::atomic<std::int64_t> acked{0};
    std::atomic<std::int64_t> failed{0};
    std::vector<std::vector<double>> latencies(static_cast<std::size_t>(threads));
    std::vector<std::thread> workers;
    workers.reserve(static_cast<std::size_t>(threads));
    const auto start = Clock::now();
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            std::vector<double>& mine = latencies[static_cast<std::size_t>(t)];
            while (!stop.load(std::memory_order_relaxed)) {
                const auto t0 = Clock::now();
                auto result = writer->Execute([t](Connection& conn) { return InsertRow(conn, t); });
                mine.push_back(Seconds(Clock::now() - t0) * 1000);
                (result ? acked : failed).fetch_add(1);
            }
        });
    }
    std::this_thread::sleep_for(duration);
    stop = true;
    for (std::thread& worker : workers) {
        worker.join();
    }
    Figures f;
    f.seconds = Seconds(Clock::now() - start);
    f.rows = acked.load();
    f.stats = writer->Stats();
    std::vector<double> all;
    for (const auto& mine : latencies) {
        all.insert(all.end(), mine.begin(), mine.end());
    }
    f.p50_ms = Percentile(all, 0.50);
    f.p99_ms = Percentile(all, 0.99);
    MOTCUA_ASSIGN_OR_RETURN(
        const std::int64_t stored,
        writer->Execute<std::int64_t>([](Connection& conn) { return CountRows(conn); }));
    if (failed.load() != 0 || stored != f.rows) {
        return Fail(ErrorCode::kInternal, "writer: failed jobs or row count mismatch");
    }
    return f;
}

int Run(int argc, char** argv) {
    RemoveOnExit cleanup;
    const std::filesystem::path dir = WorkDirectory(argc, argv, "motcua_bench_storage_", cleanup);
    const double seconds_each = argc > 2 ? std::stod(argv[2]) : 3.0;
    const auto duration =
        std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds_each));

    fmt::print("durable writes: SQLite WAL + synchronous=FULL, {:.1f} s each, in {}\n\n",
               seconds_each,
               dir.string());
    fmt::print("{:<34} {:>10} {:>9} {:>9} {:>10} {:>9}\n",
               "mode",
               "rows/s",
               "p50 ms",
               "p99 ms",
               "avg batch",
               "max batch");

    auto raw = MeasureRaw(dir / "raw.db", duration);
    if (!raw) {
        fmt::print(stderr, "raw: {}\n", raw.error().message);
        return 1;
    }
    fmt::print("{:<34} {:>10.0f} {:>9.2f} {:>9.2f} {:>10} {:>9}\n",
               "(a) 1 row/transaction, 1 thread",
               raw->RowsPerSecond(),
               raw->p50_ms,
               raw->p99_ms,
               1,
               1);
    std::vector<std::pair<int, double>> ratios;
    for (const int threads : {2, 8, 64}) {
        auto f =
            MeasureWriter(dir / ("writer" + std::to_string(threads) + ".db"), threads, duration);
        if (!f) {
            fmt::print(stderr, "writer x{}: {}\n", threads, f.error().message);
            return 1;
        }
        const double avg_batch = static_cast<double>(f->stats.jobs) /
                                 static_cast<double>(std::max<std::uint64_t>(1, f->stats.batches));
        fmt::print("{:<34} {:>10.0f} {:>9.2f} {:>9.2f} {:>10.1f} {:>9}\n",
                   fmt::format("(b) Writer, {} threads, 1 row/job", threads),
                   f->RowsPerSecond(),
                   f->p50_ms,
                   f->p99_ms,
                   avg_batch,
                   f->stats.max_batch_seen);
        ratios.emplace_back(threads, f->RowsPerSecond() / raw->RowsPerSecond());
    }
    fmt::print("\nratio (b)/(a):");
    for (const auto& [threads, ratio] : ratios) {
        fmt::print("  {} threads {:.1f}x", threads, ratio);
    }
    fmt::print("\n");
    return 0;
}

}  // namespace
}  // namespace motcua::bench

int main(int argc, char** argv) {
    return motcua::bench::Run(argc, argv);
}
