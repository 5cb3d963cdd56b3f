// Transaction and Savepoint: guard objects for SQLite transactions (STYLE.md §5). Begin starts
// one, Commit/Release ends it successfully, and a guard destroyed without that rolls back. The
// destructors never throw and report nothing: a failed rollback leaves nothing to undo (SQLite
// has already rolled back), and storage has no logger.
//
// Both guards keep a pointer to their Connection: the Connection must outlive the guard and
// must not be moved while it is alive; both are used on the Connection's thread only.
#pragma once

#include <string>
#include <string_view>

#include "common/result.hpp"
#include "storage/sqlite/connection.hpp"

namespace motcua::storage::sqlite {

class Transaction {
public:
    // SQLite's BEGIN variants. kImmediate takes the write lock at once, so a write transaction
    // fails early (kUnavailable after busy_timeout) instead of at its first write; kDeferred
    // suits read transactions (a consistent snapshot across several SELECTs).
    enum class Mode { kDeferred, kImmediate, kExclusive };

    // Starts a transaction on `connection`. kFailedPrecondition if one is already open (use a
    // Savepoint to nest); kUnavailable when the database is locked.
    [[nodiscard]] static Result<Transaction> Begin(Connection& connection,
                                                   Mode mode = Mode::kImmediate);

    Transaction(Transaction&& other) noexcept;
    Transaction& operator=(Transaction&&) = delete;
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    // Rolls back unless committed. Never throws.
    ~Transaction();

    // Commits. On failure the error is returned and the transaction is rolled back (now, or by
    // the destructor when SQLite kept it open, as it does for SQLITE_BUSY).
    // kFailedPrecondition when already committed or rolled back.
    [[nodiscard]] Result<void> Commit();

    // Rolls back now. kFailedPrecondition when already finished.
    [[nodiscard]] Result<void> Rollback();

private:
    explicit Transaction(Connection& connection) noexcept : connection_(&connection) {}

    Connection* connection_;  // Null once committed, rolled back or moved from.
};

class Savepoint {
public:
    // Opens SAVEPOINT `name` on `connection`: inside a transaction it nests; outside one it
    // starts a deferred transaction that Release commits. `name` must be an SQL identifier
    // ([A-Za-z_][A-Za-z0-9_]*, kInvalidArgument otherwise).
    [[nodiscard]] static Result<Savepoint> Begin(Connection& connection,
                                                 std::string_view name = "motcua_savepoint");

    Savepoint(Savepoint&& other) noexcept;
    Savepoint& operator=(Savepoint&&) = delete;
    Savepoint(const Savepoint&) = delete;
    Savepoint& operator=(const Savepoint&) = delete;
    // Rolls back to the savepoint and releases it unless released. Never throws.
    ~Savepoint();

    // Keeps the changes made since Begin (RELEASE): they become part of the enclosing
    // transaction, or are committed when there is none. kFailedPrecondition when finished.
    [[nodiscard]] Result<void> Release();

    // Undoes the changes made since Begin (ROLLBACK TO, then RELEASE); the enclosing
    // transaction stays open. kFailedPrecondition when finished.
    [[nodiscard]] Result<void> Rollback();

private:
    Savepoint(Connection& connection, std::string name)
        : connection_(&connection), name_(std::move(name)) {}

    Connection* connection_;  // Null once released, rolled back or moved from.
    std::string name_;
};

}  // namespace motcua::storage::sqlite
