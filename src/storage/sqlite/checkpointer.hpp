// Checkpointer: keeps WAL checkpoints off the commit path (DESIGN.md §5). SQLite's automatic
// checkpoint runs inside the COMMIT that pushes the WAL past its threshold, so that caller —
// and, with group commit, every caller of the batch — waits for pages to be copied into the
// database file and for that file's fsync. Attached to the writer's connection, the Checkpointer
// replaces it: after each commit the connection's WAL hook reports the WAL's size and, once it
// reaches `threshold_frames`, wakes this thread, which runs a PASSIVE checkpoint on its own
// connection while the writer goes on committing. Durability is unchanged: a commit is durable
// once its WAL frames are synced (by COMMIT, or by the CommitSyncer); the checkpoint only moves
// committed pages.
//
// A background pass cannot finish the WAL while the writer keeps committing, and SQLite starts
// the WAL over only at a write transaction that begins with every frame copied. So after each
// background pass the writer, between two batches (WriterOptions::between_batches), copies the
// few frames committed meanwhile from its own connection (FinishOnWriter); its next transaction
// then writes the WAL from the beginning again, which keeps the file at about the threshold.
//
// Thread-safety: every public member may be called from any thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "common/result.hpp"
#include "storage/sqlite/connection.hpp"

namespace motcua::storage::sqlite {

struct CheckpointerOptions {
    std::string path;  // the database file (in WAL mode)
    // WAL frames (pages) after which a checkpoint is run: SQLite's own default threshold.
    int threshold_frames = 1000;
    // False: the checkpoint does not fsync the database file (bulk load, see DatabaseOptions).
    bool sync = true;
};

struct CheckpointerStats {
    std::uint64_t checkpoints = 0;         // checkpoint runs completed (successfully or not)
    std::uint64_t failures = 0;            // runs that returned an error (busy included)
    int last_wal_frames = 0;               // WAL size the writer's last commit reported
    int last_backfilled = 0;               // frames copied into the database by the last run
    std::uint64_t finished_on_writer = 0;  // FinishOnWriter checkpoints run
};

class Checkpointer {
public:
    // Opens its own connection to `options.path` and starts the thread. kInvalidArgument for a
    // threshold below 1; the errors of Connection::Open.
    [[nodiscard]] static Result<std::unique_ptr<Checkpointer>> Start(
        const CheckpointerOptions& options);

    Checkpointer(const Checkpointer&) = delete;
    Checkpointer& operator=(const Checkpointer&) = delete;
    // Stop().
    ~Checkpointer();

    // Turns `writer`'s automatic checkpoints off and installs the WAL hook that wakes this
    // thread. Call before the connection is used by another thread; the connection must not
    // outlive this object (the hook points to it).
    void Attach(Connection& writer);

    // On the writer thread between batches, with the writer's connection: when a background
    // pass has run since the last call, checkpoints the frames committed since (PASSIVE), and
    // again after later batches until a run copies every frame (a reader may hold older ones).
    void FinishOnWriter(Connection& writer);

    // Runs one PASSIVE checkpoint on this thread's connection and waits for it: the result of
    // that run. kUnavailable once stopped.
    [[nodiscard]] Result<void> CheckpointNow();

    // Stops the thread (a checkpoint in progress finishes first). Idempotent.
    void Stop();

    [[nodiscard]] CheckpointerStats Stats() const;

private:
    explicit Checkpointer(Connection connection, int threshold);

    static int OnWalCommit(void* self, sqlite3* db, const char* schema, int frames);
    void Run();
    Result<void> CheckpointOnce();

    Connection connection_;  // used by the thread only (and CheckpointNow through it)
    const int threshold_;

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable done_;
    bool requested_ = false;            // guarded by mutex_
    bool stopping_ = false;             // guarded by mutex_
    bool exited_ = false;               // guarded by mutex_: the thread has ended
    std::uint64_t started_ = 0;         // guarded by mutex_: runs begun
    std::uint64_t runs_ = 0;            // guarded by mutex_: runs finished
    Result<void> last_result_;          // guarded by mutex_
    std::atomic<bool> pending_{false};  // a run is requested or running
    std::atomic<std::uint64_t> failures_{0};
    std::atomic<int> last_wal_frames_{0};
    std::atomic<int> last_backfilled_{0};
    std::atomic<bool> tail_due_{false};  // a background pass ran since FinishOnWriter last did
    std::atomic<std::uint64_t> finished_on_writer_{0};
    std::mutex join_mutex_;
    std::thread thread_;
};

}  // namespace motcua::storage::sqlite
