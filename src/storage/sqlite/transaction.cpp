#include "storage/sqlite/transaction.hpp"

#include <string>
#include <utility>

namespace motcua::storage::sqlite {

namespace {

std::string_view BeginSql(Transaction::Mode mode) {
    switch (mode) {
        case Transaction::Mode::kDeferred:
            return "BEGIN DEFERRED";
        case Transaction::Mode::kImmediate:
            return "BEGIN IMMEDIATE";
        case Transaction::Mode::kExclusive:
            return "BEGIN EXCLUSIVE";
    }
    return "BEGIN IMMEDIATE";
}

Result<void> RunCached(Connection& connection, std::string_view sql) {
    MOTCUA_ASSIGN_OR_RETURN(CachedStatement statement, connection.Cached(sql));
    return statement->Run();
}

tl::unexpected<Error> Finished(std::string_view what) {
    return Fail(ErrorCode::kFailedPrecondition,
                "sqlite: " + std::string(what) + " already finished",
                "Lỗi hệ thống cơ sở dữ liệu.");
}

bool IsIdentifier(std::string_view name) {
    if (name.empty() || (name.front() >= '0' && name.front() <= '9')) {
        return false;
    }
    for (const char c : name) {
        const bool ok =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        if (!ok) {
            return false;
        }
    }
    return true;
}

}  // namespace

// ---- Transaction --------------------------------------------------------------------------

Result<Transaction> Transaction::Begin(Connection& connection, Mode mode) {
    if (connection.InTransaction()) {
        return Fail(ErrorCode::kFailedPrecondition,
                    "sqlite: a transaction is already open on this connection",
                    "Lỗi hệ thống cơ sở dữ liệu.");
    }
    MOTCUA_TRY(RunCached(connection, BeginSql(mode)));
    return Transaction(connection);
}

Transaction::Transaction(Transaction&& other) noexcept
    : connection_(std::exchange(other.connection_, nullptr)) {}

Transaction::~Transaction() {
    if (connection_ != nullptr && connection_->InTransaction()) {
        static_cast<void>(RunCached(*connection_, "ROLLBACK"));
    }
}

Result<void> Transaction::Commit() {
    if (connection_ == nullptr) {
        return Finished("transaction");
    }
    auto committed = RunCached(*connection_, "COMMIT");
    if (!committed) {
        if (connection_->InTransaction()) {
            static_cast<void>(RunCached(*connection_, "ROLLBACK"));
        }
        connection_ = nullptr;
        return committed;
    }
    connection_ = nullptr;
    return {};
}

Result<void> Transaction::Rollback() {
    if (connection_ == nullptr) {
        return Finished("transaction");
    }
    Connection* connection = std::exchange(connection_, nullptr);
    if (!connection->InTransaction()) {
        return {};  // SQLite already rolled back (after an I/O error, for instance).
    }
    return RunCached(*connection, "ROLLBACK");
}

// ---- Savepoint ----------------------------------------------------------------------------

Result<Savepoint> Savepoint::Begin(Connection& connection, std::string_view name) {
    if (!IsIdentifier(name)) {
        return Fail(ErrorCode::kInvalidArgument,
                    "sqlite: savepoint name must be an SQL identifier",
                    "Lỗi hệ thống cơ sở dữ liệu.");
    }
    std::string owned(name);
    MOTCUA_TRY(RunCached(connection, "SAVEPOINT " + owned));
    return Savepoint(connection, std::move(owned));
}

Savepoint::Savepoint(Savepoint&& other) noexcept
    : connection_(std::exchange(other.connection_, nullptr)), name_(std::move(other.name_)) {}

Savepoint::~Savepoint() {
    if (connection_ != nullptr) {
        static_cast<void>(Rollback());
    }
}

Result<void> Savepoint::Release() {
    if (connection_ == nullptr) {
        return Finished("savepoint " + name_);
    }
    auto released = RunCached(*connection_, "RELEASE " + name_);
    if (!released) {
        // Still open (RELEASE of an outermost savepoint fails like COMMIT): undo it.
        static_cast<void>(Rollback());
        return released;
    }
    connection_ = nullptr;
    return {};
}

Result<void> Savepoint::Rollback() {
    if (connection_ == nullptr) {
        return Finished("savepoint " + name_);
    }
    Connection* connection = std::exchange(connection_, nullptr);
    if (!connection->InTransaction()) {
        return {};  // The whole transaction is gone, and the savepoint with it.
    }
    MOTCUA_TRY(RunCached(*connection, "ROLLBACK TO " + name_));
    return RunCached(*connection, "RELEASE " + name_);
}

}  // namespace motcua::storage::sqlite
