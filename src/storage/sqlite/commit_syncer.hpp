// CommitSyncer: makes the writer's commits durable off the writer thread (DESIGN.md §5).
//
// With `synchronous=FULL` every COMMIT in WAL mode writes the batch's pages to the WAL and then
// waits for fdatasync of the WAL before it returns, so the one writer thread sits idle for each
// flush. With `synchronous=NORMAL` the same COMMIT returns once the pages are written (the
// WAL's frames are checksummed and chained, so after a crash recovery keeps exactly the commits
// whose frames all reached the disk). The syncer restores full durability around that: the
// writer numbers each commit (BeginCommit, before COMMIT) and hands the commit's
// acknowledgements over (Acknowledge); the syncer thread calls fdatasync on the WAL once for
// every commit queued so far and only then runs their acknowledgements, in commit order. The
// writer meanwhile runs its next batch. A caller is still told "done" only once its commit is
// on disk.
//
// Readers: a commit is visible to other connections as soon as COMMIT returns, up to one flush
// before it is durable. A write decided on such a read is acknowledged only after a later
// flush, which covers the earlier commit too. A read that stands in for a write's
// acknowledgement (the replay of an idempotent request) calls AwaitDurable after reading, which
// waits until every commit begun before it is durable.
//
// If fdatasync fails the acknowledgements run with the error (the commits are applied but may
// not survive a crash; the callers are told so) and later commits are synced again.
//
// Thread-safety: BeginCommit/Acknowledge from the writer thread; AwaitDurable and Stop from any
// thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "common/result.hpp"
#include "storage/sqlite/unique_function.hpp"

namespace motcua::storage::sqlite {

class CommitSyncer {
public:
    // Runs a commit's acknowledgements; receives the outcome of the flush that covered it (OK
    // for a group that needed none).
    using Ack = UniqueFunction<void(const Result<void>&)>;

    // Opens `file` (the WAL of the writer's database, which must exist) and starts the syncer
    // thread. kUnavailable when the file cannot be opened or the thread not started.
    [[nodiscard]] static Result<std::unique_ptr<CommitSyncer>> Start(const std::string& file);

    CommitSyncer(const CommitSyncer&) = delete;
    CommitSyncer& operator=(const CommitSyncer&) = delete;
    CommitSyncer(CommitSyncer&&) = delete;
    CommitSyncer& operator=(CommitSyncer&&) = delete;
    // Stop().
    ~CommitSyncer();

    // The number of the commit about to be issued; call before COMMIT, and pass it to
    // Acknowledge whether or not the COMMIT succeeds.
    std::uint64_t BeginCommit();

    // Queues `ack` behind every earlier one. `commit` is a number from BeginCommit (its WAL
    // frames are flushed before `ack` runs), or 0 for outcomes that wrote nothing (failed
    // batches). Every number BeginCommit gave must reach Acknowledge once.
    void Acknowledge(std::uint64_t commit, Ack ack);

    // Waits until every commit numbered before this call is durable (or its flush failed).
    // Returns at once on the syncer thread.
    void AwaitDurable();

    // Flushes run so far, those that failed, and the time they took (for metrics: the mean
    // flush latency is seconds / flushes). Each field is read atomically.
    struct Stats {
        std::uint64_t flushes = 0;
        std::uint64_t failed_flushes = 0;
        double flush_seconds = 0;
    };

    [[nodiscard]] Stats GetStats() const;

    // True on the syncer thread (inside an acknowledgement).
    [[nodiscard]] bool OnSyncThread() const;

    // Flushes and acknowledges everything queued, then joins the thread. Idempotent; call after
    // the last Acknowledge. From the syncer thread it only requests the stop.
    void Stop();

private:
    struct Group {
        std::uint64_t commit = 0;
        Ack ack;
    };

    explicit CommitSyncer(int fd);
    void Run();
    Result<void> Flush();

    const int fd_;
    std::atomic<std::uint64_t> begun_{0};
    std::atomic<std::uint64_t> durable_{0};
    std::atomic<std::uint64_t> flushes_{0};
    std::atomic<std::uint64_t> failed_flushes_{0};
    std::atomic<std::uint64_t> flush_nanoseconds_{0};

    std::mutex mutex_;
    std::condition_variable wake_;          // the syncer: groups queued or stopping
    std::condition_variable durable_wake_;  // AwaitDurable: durable_ advanced
    std::deque<Group> queue_;               // Guarded by mutex_.
    bool stopping_ = false;                 // Guarded by mutex_.

    std::mutex join_mutex_;
    std::thread thread_;
    std::atomic<std::thread::id> thread_id_{};
};

}  // namespace motcua::storage::sqlite
