// PgWriter: the one writer thread of a PostgreSQL database that group-commits (DESIGN.md §5),
// the PostgreSQL counterpart of sqlite::Writer. Callers hand it jobs and wait; it drains up to
// max_batch queued jobs, runs them inside ONE `BEGIN … COMMIT` on its own connection
// (synchronous_commit = on), each job inside its own SAVEPOINT, and acknowledges every job only
// after the COMMIT has returned, i.e. is durable. One WAL flush then covers the whole batch.
//
// Per job outcome:
//   - the job returns an error (or throws std::exception, reported as kInternal): its savepoint
//     is rolled back and it alone gets that error; its batch-mates still commit;
//   - BEGIN, a `begin` statement, a savepoint rollback or the COMMIT fails: nothing of the batch
//     is applied, and every job of it that had not failed on its own (kept, or not run yet) gets
//     that error;
//   - the connection breaks (network, server restart): likewise with kUnavailable, and the
//     writer reconnects before the next batch.
//
// Rules for jobs: a job runs on the writer thread and talks to the server only through the
// PgWriter::Tx it is given; it must not BEGIN, COMMIT, ROLLBACK, or RELEASE a savepoint it did not
// open, and must not wait for the writer. Jobs run in submission order and see the effects of
// the kept jobs before them in the batch.
//
// Thread-safety: every public member may be called from any thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "common/result.hpp"
#include "storage/postgres/connection.hpp"

namespace motcua::storage::postgres {

struct PgWriterOptions {
    // Most jobs run in one transaction (>= 1). Each job is a subtransaction; PostgreSQL caches
    // up to 64 of them per transaction for other sessions' snapshots, so larger batches make
    // concurrent readers slower.
    std::size_t max_batch = 64;
    // Statements run right after BEGIN in every batch transaction, in one round trip (e.g. a
    // transaction-level advisory lock held until the COMMIT).
    std::vector<std::string> begin = {};
};

// Counters for metrics; each field is read atomically.
struct PgWriterStats {
    std::size_t queue_depth = 0;       // Jobs waiting, not yet taken into a batch.
    std::uint64_t batches = 0;         // Batches run (transactions begun or attempted).
    std::uint64_t commits = 0;         // Transactions committed.
    std::uint64_t jobs = 0;            // Jobs acknowledged (successfully or not).
    std::uint64_t failed_jobs = 0;     // Jobs acknowledged with an error.
    std::uint64_t failed_batches = 0;  // Batches whose BEGIN or COMMIT failed or whose
                                       // connection broke.
    std::size_t max_batch_seen = 0;    // Largest batch so far.
};

class PgWriter {
public:
    // A job's view of the batch transaction: statements run inside the job's savepoint.
    class Tx {
    public:
        // Sends `statements` in one round trip (libpq pipeline mode; the job's SAVEPOINT and the
        // previous job's RELEASE ride along in front) and returns their results in order. Errors
        // as PgConnection::Pipeline; the job then returns an error and the writer rolls its
        // savepoint back.
        [[nodiscard]] Result<std::vector<PgResult>> Pipeline(
            std::span<const PgStatement> statements);

    private:
        friend class PgWriter;

        Tx(PgConnection& connection, std::vector<PgStatement>& pending)
            : connection_(connection), pending_(pending) {}

        PgConnection& connection_;
        std::vector<PgStatement>& pending_;  // sent before the job's first statement
        bool opened_ = false;                // the job's SAVEPOINT has been sent
    };

    // A unit of work, run on the writer thread inside the batch transaction.
    using Job = std::function<Result<void>(Tx&)>;

    // Takes ownership of `connection` (open, no transaction in progress, synchronous_commit on
    // as PgConnection::Open sets it) and starts the writer thread. kInvalidArgument when
    // max_batch is 0; kUnavailable when no thread can be started.
    [[nodiscard]] static Result<std::unique_ptr<PgWriter>> Start(PgConnection connection,
                                                                 PgWriterOptions options = {});

    PgWriter(const PgWriter&) = delete;
    PgWriter& operator=(const PgWriter&) = delete;
    PgWriter(PgWriter&&) = delete;
    PgWriter& operator=(PgWriter&&) = delete;
    // Stop().
    ~PgWriter();

    // Queues `job` and waits until it is acknowledged: Ok only once its batch has committed
    // durably, else the job's own error or its batch's (see the header comment). kUnavailable,
    // without running the job, once Stop has begun; kFailedPrecondition when called from a job
    // (it would wait for itself).
    [[nodiscard]] Result<void> Execute(Job job);

    // Stops accepting jobs (Execute then returns kUnavailable), lets the writer run and commit
    // everything already queued, and joins its thread. Idempotent; blocks until done.
    void Stop();

    // True once Stop has begun.
    [[nodiscard]] bool IsStopping() const;

    // Metrics snapshot.
    [[nodiscard]] PgWriterStats Stats() const;

private:
    // One queued job and where its outcome goes (the caller's stack, while it waits).
    struct Item {
        Job job;
        std::optional<Result<void>>* outcome;
    };

    PgWriter(PgConnection connection, PgWriterOptions options);

    void Run();
    void RunBatch(std::vector<Item>& batch);
    // Sets the outcome of every item of `batch` and wakes their callers.
    void Acknowledge(std::vector<Item>& batch, std::vector<Result<void>>& outcomes);
    // Runs one job of the batch; `opened` tells whether it sent its SAVEPOINT.
    Result<void> RunJob(Job& job, std::vector<PgStatement>& pending, bool& opened);

    PgConnection connection_;  // used only by the writer thread once started
    const PgWriterOptions options_;

    mutable std::mutex mutex_;
    std::condition_variable wake_;  // the writer: jobs queued or stopping
    std::condition_variable done_;  // callers: outcomes set
    std::deque<Item> queue_;        // guarded by mutex_
    bool stopping_ = false;         // guarded by mutex_

    std::mutex join_mutex_;  // serialises concurrent Stop() calls around join
    std::thread thread_;
    std::atomic<std::thread::id> writer_thread_id_{};

    std::atomic<std::uint64_t> batches_{0};
    std::atomic<std::uint64_t> commits_{0};
    std::atomic<std::uint64_t> jobs_{0};
    std::atomic<std::uint64_t> failed_jobs_{0};
    std::atomic<std::uint64_t> failed_batches_{0};
    std::atomic<std::size_t> max_batch_seen_{0};
};

}  // namespace motcua::storage::postgres
