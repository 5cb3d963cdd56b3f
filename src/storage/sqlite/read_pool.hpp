// ReadPool: a fixed set of read-only Connections to one database file, shared by the threads
// that serve queries (DESIGN.md §5). Under WAL, readers never block the Writer and see every
// transaction it has committed; each WithReader call reads one consistent snapshot.
//
// In-memory databases: a ":memory:" database is private to its connection, so a pool cannot
// reach it and Open refuses it (kInvalidArgument). With an in-memory database (tests), read
// through the writer's connection instead — writer.Execute(...) — or use a file in a temporary
// directory. Shared-cache URIs are refused too: they replace WAL's snapshot isolation with table
// locks (SQLITE_LOCKED), which is not what the rest of the code is written for.
//
// Thread-safety: every member may be called from any thread.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/transaction.hpp"

namespace motcua::storage::sqlite {

struct ReadPoolOptions {
    // The database file. It must exist and be in WAL mode, i.e. opened by the Writer's
    // Connection (Connection::Open) first.
    std::string path;
    // Number of connections; 0 means max(2, std::thread::hardware_concurrency()).
    std::size_t size = 0;
    // Page cache of each connection, in KiB (SQLite's default is 2,000): enough for the hot
    // pages of the lookups (public views, sessions, catalog) to be read without a system call.
    int cache_kib = 16384;
    // See OpenOptions.
    int busy_timeout_ms = 5000;
    std::string vfs = {};
};

class ReadPool {
public:
    // A borrowed connection, returned to the pool on destruction (rolled back first if the
    // borrower left a transaction open). Must not outlive the pool.
    class Lease {
    public:
        Lease(Lease&& other) noexcept
            : pool_(std::exchange(other.pool_, nullptr)), connection_(other.connection_) {}

        Lease& operator=(Lease&&) = delete;
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        ~Lease();

        Connection& operator*() const noexcept { return *connection_; }

        Connection* operator->() const noexcept { return connection_; }

    private:
        friend class ReadPool;

        Lease(ReadPool* pool, Connection* connection) noexcept
            : pool_(pool), connection_(connection) {}

        ReadPool* pool_;  // Null when moved from.
        Connection* connection_;
    };

    // Opens the connections (read-only, query_only). kInvalidArgument for an in-memory path;
    // otherwise the first Connection::Open error (kUnavailable when the file is missing).
    [[nodiscard]] static Result<std::unique_ptr<ReadPool>> Open(const ReadPoolOptions& options);

    ReadPool(const ReadPool&) = delete;
    ReadPool& operator=(const ReadPool&) = delete;
    ReadPool(ReadPool&&) = delete;
    ReadPool& operator=(ReadPool&&) = delete;
    // Precondition: no Lease is alive.
    ~ReadPool() = default;

    // Borrows a connection, waiting while all are borrowed. Don't borrow a second one on a
    // thread that already holds one: with every connection so held, that waits forever.
    [[nodiscard]] Lease Borrow();

    // Runs `f(Connection&)` — which returns some Result<T> — on a borrowed connection inside a
    // read transaction (BEGIN DEFERRED … COMMIT), so all of its statements see one snapshot,
    // and returns its result. Blocks while no connection is free.
    template <class F>
    [[nodiscard]] auto WithReader(F&& f) -> std::invoke_result_t<F&, Connection&> {
        Lease lease = Borrow();
        MOTCUA_ASSIGN_OR_RETURN(Transaction tx,
                                Transaction::Begin(*lease, Transaction::Mode::kDeferred));
        auto result = f(*lease);
        if (result) {
            MOTCUA_TRY(tx.Commit());
        }
        return result;
    }

    // Number of connections.
    [[nodiscard]] std::size_t Size() const noexcept { return connections_.size(); }

    // Connections not borrowed right now.
    [[nodiscard]] std::size_t Available() const;

private:
    ReadPool() = default;
    void Return(Connection* connection) noexcept;

    std::vector<std::unique_ptr<Connection>> connections_;  // Fixed after Open.
    mutable std::mutex mutex_;
    std::condition_variable returned_;
    std::vector<Connection*> free_;  // Guarded by mutex_.
};

}  // namespace motcua::storage::sqlite
