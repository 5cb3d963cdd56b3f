// Connection: one SQLite database connection (STYLE.md §5). Owns its sqlite3* (closed with
// sqlite3_close_v2), move-only, and is used by one thread at a time: either it belongs to a
// single thread (the Writer's), or it is borrowed from a ReadPool. (It is opened with
// SQLITE_OPEN_NOMUTEX, so SQLite itself does not serialise calls on it: the rule is the lock.)
// Opening sets the pragmas the project relies on — WAL, synchronous=FULL and foreign keys for
// writable file databases, query_only for read-only ones — so no caller has to remember them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "storage/sqlite/statement.hpp"

struct sqlite3;

namespace motcua::storage::sqlite {

namespace internal {
struct StatementCache;
struct CacheSlot;
}  // namespace internal

struct OpenOptions {
    // File path, ":memory:" (a private in-memory database), or a "file:" URI
    // (https://sqlite.org/uri.html). A writable connection creates the file if missing.
    std::string path;
    // Opens read-only and sets PRAGMA query_only=ON. The file must already exist.
    bool read_only = false;
    // How long a statement waits for another connection's lock before failing with
    // kUnavailable (SQLITE_BUSY). Must be >= 0.
    int busy_timeout_ms = 5000;
    // Name of a registered sqlite3_vfs; empty for SQLite's default. Tests use it to inject
    // faults (sqlite/testing/fault_injecting_vfs.hpp).
    std::string vfs = {};
    // Upper bound on distinct SQL texts kept prepared by Cached(); further texts are prepared
    // per use. SQL passed to Cached() should be a constant, so this is never reached.
    std::size_t statement_cache_capacity = 128;
};

// A statement borrowed from its Connection's cache (Connection::Cached). On destruction it is
// reset, its bindings cleared, and it goes back to the cache. It must not outlive the
// Connection, and the Connection must not be moved while it is alive.
class CachedStatement {
public:
    CachedStatement(CachedStatement&& other) noexcept;
    CachedStatement& operator=(CachedStatement&&) = delete;
    CachedStatement(const CachedStatement&) = delete;
    CachedStatement& operator=(const CachedStatement&) = delete;
    ~CachedStatement();

    Statement& operator*() noexcept { return statement_; }

    Statement* operator->() noexcept { return &statement_; }

private:
    friend class Connection;
    CachedStatement(Statement statement, internal::CacheSlot* slot) noexcept;

    Statement statement_;
    internal::CacheSlot* slot_;  // Nullable: null when the statement is not cached.
};

class Connection {
public:
    // Opens (creating if writable and missing) the database described by `options` and applies
    // the pragmas above. Writable file databases are switched to WAL; if that is impossible (for
    // instance on a file system without shared memory) Open fails with kFailedPrecondition.
    // Errors: kInvalidArgument for an empty path or a negative timeout; kUnavailable when the
    // file cannot be opened or is locked; kInternal otherwise.
    [[nodiscard]] static Result<Connection> Open(const OpenOptions& options);

    Connection(Connection&&) noexcept;
    Connection& operator=(Connection&&) noexcept;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    // Finalizes cached statements and closes the handle. Never throws.
    ~Connection();

    // Runs a script of zero or more ';'-separated statements without parameters (DDL,
    // migrations, pragmas). Stops at the first failing statement and returns its error; earlier
    // statements stay applied unless the caller wraps the script in a transaction.
    [[nodiscard]] Result<void> Exec(std::string_view sql);

    // Prepares exactly one statement. kInvalidArgument when `sql` is empty or holds more than
    // one statement; the mapped SQLite error (usually kInternal) when it does not compile.
    [[nodiscard]] Result<Statement> Prepare(std::string_view sql);

    // Like Prepare, but reuses a statement prepared earlier from the same text, so hot paths
    // do not re-compile SQL. If that statement is still borrowed (re-entrant use), a fresh one
    // is prepared. Use it with constant SQL only.
    [[nodiscard]] Result<CachedStatement> Cached(std::string_view sql);

    // The rowid of the most recent successful INSERT on this connection.
    [[nodiscard]] std::int64_t LastInsertRowId() const noexcept;
    // Rows changed by the most recent INSERT/UPDATE/DELETE on this connection.
    [[nodiscard]] std::int64_t Changes() const noexcept;
    // True between BEGIN (or an outermost SAVEPOINT) and its COMMIT/ROLLBACK.
    [[nodiscard]] bool InTransaction() const noexcept;

    // True for connections opened read-only.
    [[nodiscard]] bool IsReadOnly() const noexcept { return read_only_; }

    // True for in-memory (and temporary) databases, which no other connection can see unless
    // opened through a shared-cache URI.
    [[nodiscard]] bool IsMemory() const noexcept;

    // The path the connection was opened with.
    [[nodiscard]] const std::string& Path() const noexcept { return path_; }

    // The raw handle, for SQLite features this class does not wrap (hooks, backup, status).
    // Still owned by *this.
    [[nodiscard]] sqlite3* Handle() const noexcept { return db_.get(); }

private:
    struct CloseDeleter {
        void operator()(sqlite3* db) const noexcept;
    };

    using DbPtr = std::unique_ptr<sqlite3, CloseDeleter>;

    Connection(DbPtr db, std::string path, bool read_only, std::size_t cache_capacity);

    // Declared before cache_ so statements are finalized before the handle is closed.
    DbPtr db_;
    std::unique_ptr<internal::StatementCache> cache_;
    std::string path_;
    bool read_only_ = false;
};

}  // namespace motcua::storage::sqlite
