// Database: one motcua SQLite database opened for service — migrated, with the group-committing
// Writer owning the write connection and a ReadPool for reads (DESIGN.md §5). Every repository
// of this back end works through it. Thread-safe.
#pragma once

#include <memory>
#include <string>
#include <type_traits>
#include <utility>

#include "common/result.hpp"
#include "storage/sqlite/checkpointer.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/read_pool.hpp"
#include "storage/sqlite/writer.hpp"

namespace motcua::storage::sqlite {

struct DatabaseOptions {
    std::string path;             // file path, or ":memory:" (tests; reads go through the writer)
    std::string tenant = "H99";   // province identifier stored on every row
    std::size_t readers = 0;      // read connections; 0 = max(2, cores)
    std::size_t max_batch = 256;  // group-commit batch size
    // Bulk load (seed-demo into an empty file): synchronous=OFF until the Database closes, so a
    // crash mid-load can lose the load. Never for serving.
    bool bulk_load = false;
};

class Database {
public:
    // Opens (creating when missing), applies the built-in migrations and starts the writer.
    // kFailedPrecondition for a database newer than this build; other errors from SQLite.
    [[nodiscard]] static Result<std::unique_ptr<Database>> Open(const DatabaseOptions& options);

    Writer& writer() { return *writer_; }

    // The thread that checkpoints the WAL off the writer's commits; null for an in-memory
    // database.
    Checkpointer* checkpointer() { return checkpointer_.get(); }

    const std::string& tenant() const { return options_.tenant; }

    const std::string& path() const { return options_.path; }

    // Opened for a bulk load (DatabaseOptions::bulk_load).
    bool bulk_load() const { return options_.bulk_load; }

    // Runs f(Connection&) → Result<T> (T not void) on a read connection in one snapshot; for
    // an in-memory database, on the writer thread. A read may see a commit up to one WAL flush
    // before it is durable (Writer, WriterOptions::durable_file); a write decided on it is
    // acknowledged only after that flush, since the WAL is flushed in order. A read that stands
    // in for a write's acknowledgement (the replay of an idempotent request) calls
    // AwaitDurable before answering.
    template <class F>
    [[nodiscard]] auto Read(F&& f) -> std::invoke_result_t<F&, Connection&> {
        using R = std::invoke_result_t<F&, Connection&>;
        if (readers_) {
            return readers_->WithReader(f);
        }
        return writer_->Execute<typename R::value_type>(f);
    }

    // Like Read, for an `f` that runs exactly ONE statement and resets it before returning (as a
    // CachedStatement does): no BEGIN/COMMIT around it, since a statement in autocommit mode
    // reads one snapshot by itself. For the hottest single-row reads (the public lookup).
    template <class F>
    [[nodiscard]] auto ReadOne(F&& f) -> std::invoke_result_t<F&, Connection&> {
        using R = std::invoke_result_t<F&, Connection&>;
        if (readers_) {
            const ReadPool::Lease lease = readers_->Borrow();
            return f(*lease);
        }
        return writer_->Execute<typename R::value_type>(f);
    }

    // Like ReadOne (one statement, no BEGIN/COMMIT), but sees every acknowledged write: while a
    // bulk load defers commits (DeferCommits) it runs on the writer thread, whose transaction
    // holds them.
    template <class F>
    [[nodiscard]] auto ReadLatest(F&& f) -> std::invoke_result_t<F&, Connection&> {
        using R = std::invoke_result_t<F&, Connection&>;
        if (writer_->DefersCommits()) {
            return writer_->Execute<typename R::value_type>(f);
        }
        return ReadOne(std::forward<F>(f));
    }

    // A bulk load (DatabaseOptions::bulk_load) may let the writer commit only every `jobs`
    // jobs (Writer::DeferCommits; 1 commits after every batch again). Reads that must see the
    // load's own writes meanwhile use ReadLatest. kFailedPrecondition for a database not
    // opened for a bulk load.
    [[nodiscard]] Result<void> DeferCommits(std::size_t jobs);

    // Bulk loads only: drops the secondary indexes of the dossier tables (dossiers, step rows,
    // outbox, attachment links) — never a UNIQUE one, which enforces a rule — keeping each
    // index's CREATE statement in `deferred_indexes` in the same transaction, so that the load
    // does not maintain them row by row. Queries still answer meanwhile, by scanning.
    // kFailedPrecondition for a database not opened for a bulk load.
    [[nodiscard]] Result<void> DeferIndexes();

    // Builds again, in one transaction, every index DeferIndexes dropped (sorting each table
    // once). Open does it too, so an interrupted load leaves the full schema behind.
    [[nodiscard]] Result<void> RestoreIndexes();

    // Waits until every commit issued so far is durable (Writer::AwaitDurable).
    void AwaitDurable() { writer_->AwaitDurable(); }

    // Commits what the writer holds (Writer::Sync).
    [[nodiscard]] Result<void> Sync() { return writer_->Sync(); }

    // Runs f(Connection&) → Result<T> (T not void) inside the writer's batch transaction and
    // returns after the commit is durable. `options`: see JobOptions (writer.hpp).
    template <class F>
    [[nodiscard]] auto Write(F&& f, JobOptions options = {})
        -> std::invoke_result_t<F&, Connection&> {
        using R = std::invoke_result_t<F&, Connection&>;
        return writer_->Execute<typename R::value_type>(f, options);
    }

private:
    explicit Database(DatabaseOptions options) : options_(std::move(options)) {}

    DatabaseOptions options_;
    // Declared before writer_: the writer's connection calls into it until the writer is gone.
    std::unique_ptr<Checkpointer> checkpointer_;
    std::unique_ptr<Writer> writer_;
    std::unique_ptr<ReadPool> readers_;
};

}  // namespace motcua::storage::sqlite
