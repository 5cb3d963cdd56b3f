// Writer: the single writer thread that owns the write Connection and group-commits
// (DESIGN.md §5). Callers hand it jobs; it drains up to max_batch queued jobs, runs them inside
// ONE `BEGIN IMMEDIATE … COMMIT`, each job inside its own SAVEPOINT, and acknowledges every job
// only once that COMMIT is durable: when COMMIT returns under WAL + synchronous=FULL, or, with
// WriterOptions::durable_file, once the syncer thread has flushed the WAL while the writer
// already runs the next batch (a bulk load may defer commits: see DeferCommits). One fsync then
// covers the whole batch, which is what makes durable writes fast under concurrency.
//
// Per job outcome:
//   - the job returns an error (or throws std::exception, reported as kInternal): its savepoint
//     is rolled back and it alone gets that error; its batch-mates still commit;
//   - it leaves a deferred foreign-key violation behind: rolled back, kFailedPrecondition;
//   - COMMIT fails: every job of the batch that had succeeded gets the COMMIT error, nothing of
//     the batch is applied;
//   - SQLite aborts the whole transaction mid-batch (I/O error, disk full): the jobs already run
//     in it get kUnavailable, the rest run in a new batch.
//
// Rules for jobs: a job runs on the writer thread with the write Connection. It must not keep
// the Connection (or statements from it) beyond its return; must not BEGIN, COMMIT, ROLLBACK or
// RELEASE what it did not open (nested Savepoints are fine); must not block on anything that
// waits for the writer. Execute (blocking) from inside a job or a done-callback would wait for
// itself, so it fails at once with kFailedPrecondition; Submit (async) from there is fine.
// Jobs are run in submission order; a job's effects are visible to later jobs of the batch.
//
// Thread-safety: every public member may be called from any thread concurrently. The
// done-callbacks run on the writer thread (on the syncer thread with durable_file), once the
// commit is durable, in job order: keep them short (post the result to your own executor),
// don't throw, don't Execute.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "storage/sqlite/commit_syncer.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/transaction.hpp"
#include "storage/sqlite/unique_function.hpp"

namespace motcua::storage::sqlite {

struct WriterOptions {
    // Most jobs run in one transaction. Larger batches amortise the fsync further but make
    // every caller of the batch wait for the slowest job. Must be >= 1.
    std::size_t max_batch = 256;
    // After the first job of a batch arrives, wait up to this long for more before starting the
    // transaction (0: start at once). Trades latency for larger batches under bulk loads.
    std::chrono::microseconds linger{0};
    // Called on the writer thread after each batch has been acknowledged, outside any
    // transaction, with the write connection (e.g. Checkpointer::FinishOnWriter). Must not
    // throw, keep the connection, or wait for the writer.
    std::function<void(Connection&)> between_batches = {};
    // The WAL file of the connection's database, to make commits durable off the writer thread
    // (CommitSyncer): the connection is switched to synchronous=NORMAL, each COMMIT returns once
    // its pages are written, and the batch's jobs are acknowledged, from the syncer thread, after
    // the file is flushed, while the writer runs the next batch. Empty: COMMIT itself waits for
    // the disk (the connection's synchronous setting) and the writer acknowledges.
    std::string durable_file = {};
};

// Work that the jobs of a batch stage and that is written once for the whole batch, just before
// COMMIT (e.g. counters many jobs add to, merged into fewer rows). A job enlists a stage with
// Writer::Enlist; the writer then tells it how each later job of the batch ended and has it write
// what the kept jobs staged: before COMMIT, and before any job not submitted with
// JobOptions::keeps_stages (so every other job still sees the effects of earlier ones). A failed
// Flush fails the batch like a failed COMMIT. Every method runs on the writer thread.
class BatchStage {
public:
    virtual ~BatchStage() = default;
    // The job that ran last has ended: kept (its savepoint released) or rolled back (drop what
    // it staged).
    virtual void EndJob(bool kept) = 0;
    // Writes what the kept jobs staged, inside the batch transaction, and forgets it.
    [[nodiscard]] virtual Result<void> Flush(Connection& connection) = 0;
    // Forgets everything staged (the transaction was rolled back, or the batch is over).
    virtual void Clear() = 0;
};

// How a job relates to the enlisted BatchStages and to deferred commits.
struct JobOptions {
    // The job reads and writes nothing a BatchStage stages, so staged work need not be flushed
    // before it runs (the dossier appends, whose indicator facts are staged).
    bool keeps_stages = false;
    // The transaction holding this job is committed before the job is acknowledged, even while
    // the writer defers commits (Writer::DeferCommits); the job then gets the error of any
    // acknowledged work that a deferred commit lost since the last such job.
    bool commits = false;
};

// Counters for metrics. A consistent-enough snapshot: each field is read atomically.
struct WriterStats {
    std::size_t queue_depth = 0;       // Jobs waiting, not yet taken into a batch.
    std::uint64_t batches = 0;         // Batches run.
    std::uint64_t commits = 0;         // Transactions committed.
    std::uint64_t jobs = 0;            // Jobs acknowledged (successfully or not).
    std::uint64_t failed_jobs = 0;     // Jobs acknowledged with an error.
    std::uint64_t failed_commits = 0;  // Batches whose BEGIN or COMMIT failed.
    std::size_t max_batch_seen = 0;    // Largest batch so far.
    // WAL flushes by the syncer (WriterOptions::durable_file; all 0 without it), those that
    // failed, and their total duration.
    std::uint64_t flushes = 0;
    std::uint64_t failed_flushes = 0;
    double flush_seconds = 0;
};

class Writer {
public:
    // A unit of work: runs on the writer thread inside the batch transaction.
    using Job = UniqueFunction<Result<void>(Connection&)>;
    // Completion callback: receives the job's outcome once known (after COMMIT on success).
    using Done = UniqueFunction<void(Result<void>)>;

    // Takes ownership of `connection` (writable, no open transaction — typically just opened
    // and migrated) and starts the writer thread. kInvalidArgument for a read-only connection,
    // an open transaction or max_batch == 0; kUnavailable when no thread can be started.
    [[nodiscard]] static Result<std::unique_ptr<Writer>> Start(Connection connection,
                                                               WriterOptions options = {});

    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;
    Writer(Writer&&) = delete;
    Writer& operator=(Writer&&) = delete;
    // Stop(). Must not run on the writer thread (i.e. inside a job or callback).
    ~Writer();

    // Queues `job`; `done` is called exactly once, on the writer thread, with its outcome.
    // Returns kUnavailable (and never calls `done`) once Stop has begun.
    [[nodiscard]] Result<void> Submit(Job job, Done done, JobOptions options = {});

    // Queues `job` and returns a future for its outcome; a ready kUnavailable once stopped.
    [[nodiscard]] std::future<Result<void>> Submit(Job job, JobOptions options = {});

    // Queues `job` and waits for its outcome. kFailedPrecondition when called on the writer
    // thread (from a job or callback: it would wait for itself); kUnavailable once stopped.
    [[nodiscard]] Result<void> Execute(Job job, JobOptions options = {});

    // Execute for a job that produces a value, e.g. the id of an inserted row:
    //   Result<std::int64_t> id = writer.Execute<std::int64_t>([&](Connection& c) { … });
    // The value is returned only if the batch committed.
    template <class T, class F>
    [[nodiscard]] Result<T> Execute(F&& f, JobOptions options = {}) {
        std::optional<T> value;
        MOTCUA_TRY(Execute(Job([&value, &f](Connection& connection) -> Result<void> {
                               MOTCUA_ASSIGN_OR_RETURN(value, f(connection));
                               return {};
                           }),
                           options));
        return std::move(*value);
    }

    // From a job (on the writer thread): `stage` takes part in the current batch (see
    // BatchStage); enlisting it again in the same batch changes nothing. The stage must outlive
    // the batch (a job's caller waiting for its outcome keeps it alive). False, enlisting
    // nothing, when not called from a job: the caller must then write its work itself.
    [[nodiscard]] bool Enlist(BatchStage& stage);

    // Bulk loads only, into a database nobody else reads meanwhile: from now on the writer keeps
    // its transaction open across batches and commits once `jobs` jobs have run since the last
    // commit (1, the default: after every batch). A job is then acknowledged when its batch has
    // run, BEFORE the commit: other connections see its work only after a later commit, and a
    // failed commit loses acknowledged work (reported to the next Sync). Any thread.
    void DeferCommits(std::size_t jobs);

    // True while commits are deferred (DeferCommits with more than one job).
    [[nodiscard]] bool DefersCommits() const;

    // Commits what the writer holds now (durable as the connection's synchronous setting
    // allows); the error of any acknowledged work a deferred commit lost since the last Sync.
    // Same thread rules as Execute.
    [[nodiscard]] Result<void> Sync();

    // Stops accepting jobs (Submit/Execute then return kUnavailable), lets the writer drain and
    // commit everything already queued, and joins the thread. Idempotent; blocks until done.
    // Called from the writer thread it only requests the stop.
    void Stop();

    // True once Stop has begun.
    [[nodiscard]] bool IsStopping() const;

    // Metrics snapshot.
    [[nodiscard]] WriterStats Stats() const;

    // For a read on another connection that stands in for a write's acknowledgement: waits
    // until every commit issued before the call is durable (CommitSyncer::AwaitDurable). Returns at
    // once without WriterOptions::durable_file (a commit is durable when visible) and on the writer
    // thread.
    void AwaitDurable();

private:
    struct Item {
        Job job;
        Done done;
        JobOptions options;
    };

    struct Acknowledgement {
        Result<void> result;
        Done done;
    };

    // Runs the callbacks in order; a failed flush (`flushed`) turns every success into its
    // error.
    static void Deliver(std::vector<Acknowledgement>& acks, const Result<void>& flushed);

    Writer(Connection connection, WriterOptions options);

    void Run();
    void RunBatch(std::vector<Item>& batch);
    // Runs batch[first, last) in the open transaction (beginning one when none is open),
    // commits it unless commits are deferred, and acknowledges the jobs; returns the index of
    // the first job not run when SQLite aborted the transaction part-way, else `last`.
    std::size_t RunTransaction(std::vector<Item>& batch, std::size_t first, std::size_t last);
    // Commits the open transaction; on failure, acknowledged deferred work is lost (lost_).
    Result<void> CommitOpen();
    // The open transaction ended without a commit: acknowledged deferred work is lost.
    void LoseDeferred(const Error& why);
    Result<void> RunJob(Job& job);
    // Has every enlisted stage write what it holds; the first error.
    Result<void> FlushStages();
    // Every enlisted stage forgets what it holds; none stays enlisted.
    void ClearStages();
    bool OnWriterThread() const;

    Connection connection_;  // Used only by the writer thread once started.
    const WriterOptions options_;

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Item> queue_;  // Guarded by mutex_.
    bool stopping_ = false;   // Guarded by mutex_.

    std::mutex join_mutex_;  // Serialises concurrent Stop() calls around join.
    std::thread thread_;
    std::atomic<std::thread::id> writer_thread_id_{};
    std::vector<BatchStage*> stages_;  // Enlisted in the current batch; writer thread only.
    // The transaction kept open across batches while commits are deferred, the acknowledged
    // jobs it holds and the first loss of acknowledged work not yet reported; writer thread
    // only.
    std::optional<Transaction> open_;
    std::size_t uncommitted_ = 0;
    std::optional<Error> lost_;
    std::atomic<std::size_t> commit_every_{1};

    std::atomic<std::uint64_t> batches_{0};
    std::atomic<std::uint64_t> commits_{0};
    std::atomic<std::uint64_t> jobs_{0};
    std::atomic<std::uint64_t> failed_jobs_{0};
    std::atomic<std::uint64_t> failed_commits_{0};
    std::atomic<std::size_t> max_batch_seen_{0};
    // Acknowledges after flushing the WAL (WriterOptions::durable_file); else null.
    std::unique_ptr<CommitSyncer> syncer_;
};

}  // namespace motcua::storage::sqlite
