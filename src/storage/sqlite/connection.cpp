#include "storage/sqlite/connection.hpp"

#include <cctype>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include <sqlite3.h>

#include "storage/sqlite/internal/error.hpp"
#include "storage/sqlite/internal/page_cache.hpp"

namespace motcua::storage::sqlite {

using internal::Failure;

namespace internal {

struct CacheSlot {
    std::optional<Statement> idle;  // Empty while the statement is borrowed.
};

// Hash lookup: SQL texts share long prefixes, which makes ordered comparison slow.
struct SqlHash {
    using is_transparent = void;

    std::size_t operator()(std::string_view sql) const noexcept {
        return std::hash<std::string_view>{}(sql);
    }
};

struct StatementCache {
    std::unordered_map<std::string, std::unique_ptr<CacheSlot>, SqlHash, std::equal_to<>> slots;
    std::size_t capacity = 0;
};

}  // namespace internal

namespace {

bool OnlyWhitespaceOrSemicolons(std::string_view text) {
    for (const char c : text) {
        if (c != ';' && std::isspace(static_cast<unsigned char>(c)) == 0) {
            return false;
        }
    }
    return true;
}

// Prepares the first statement of `sql`; `tail` receives the unparsed rest. The statement is
// empty (null handle) when `sql` holds only whitespace or comments.
Result<Statement> PrepareFirst(sqlite3* db,
                               std::string_view sql,
                               unsigned int flags,
                               std::string_view* tail) {
    sqlite3_stmt* raw = nullptr;
    const char* rest = nullptr;
    const int rc =
        sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), flags, &raw, &rest);
    Statement statement(raw);
    if (rc != SQLITE_OK) {
        constexpr std::size_t kMaxSqlInMessage = 120;
        return Failure(db, rc, "prepare \"" + std::string(sql.substr(0, kMaxSqlInMessage)) + "\"");
    }
    if (tail != nullptr) {
        const auto consumed = static_cast<std::size_t>(rest - sql.data());
        *tail = sql.substr(consumed);
    }
    return statement;
}

// Prepares exactly one statement (see Connection::Prepare).
Result<Statement> PrepareOne(sqlite3* db, std::string_view sql, unsigned int flags) {
    std::string_view tail;
    MOTCUA_ASSIGN_OR_RETURN(Statement statement, PrepareFirst(db, sql, flags, &tail));
    if (!statement) {
        return Fail(ErrorCode::kInvalidArgument,
                    "sqlite: Prepare called without a statement",
                    "Lỗi hệ thống cơ sở dữ liệu.");
    }
    if (!OnlyWhitespaceOrSemicolons(tail)) {
        return Fail(ErrorCode::kInvalidArgument,
                    "sqlite: Prepare takes one statement; use Exec for scripts",
                    "Lỗi hệ thống cơ sở dữ liệu.");
    }
    return statement;
}

}  // namespace

// ---- CachedStatement ----------------------------------------------------------------------

CachedStatement::CachedStatement(Statement statement, internal::CacheSlot* slot) noexcept
    : statement_(std::move(statement)), slot_(slot) {}

CachedStatement::CachedStatement(CachedStatement&& other) noexcept
    : statement_(std::move(other.statement_)), slot_(std::exchange(other.slot_, nullptr)) {}

CachedStatement::~CachedStatement() {
    if (!statement_) {
        return;
    }
    statement_.Reset();
    statement_.ClearBindings();
    if (slot_ != nullptr) {
        slot_->idle.emplace(std::move(statement_));
    }
}

// ---- Connection ---------------------------------------------------------------------------

void Connection::CloseDeleter::operator()(sqlite3* db) const noexcept {
    // close_v2 defers the close until every statement is finalized, so order never matters.
    sqlite3_close_v2(db);
}

Connection::Connection(DbPtr db, std::string path, bool read_only, std::size_t cache_capacity)
    : db_(std::move(db)),
      cache_(std::make_unique<internal::StatementCache>()),
      path_(std::move(path)),
      read_only_(read_only) {
    cache_->capacity = cache_capacity;
}

Connection::Connection(Connection&&) noexcept = default;
Connection& Connection::operator=(Connection&&) noexcept = default;
Connection::~Connection() = default;

Result<Connection> Connection::Open(const OpenOptions& options) {
    // No global memory statistics (nothing reads them): every SQLite allocation would otherwise
    // take a process-wide mutex. And the page cache without idle truncation walks
    // (internal/page_cache.hpp). Only possible before SQLite initialises; later both are
    // refused harmlessly.
    static std::once_flag configured;
    std::call_once(configured, [] {
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        internal::InstallPageCache();
    });
    if (options.path.empty()) {
        return Fail(ErrorCode::kInvalidArgument,
                    "sqlite: database path is empty",
                    "Chưa cấu hình đường dẫn cơ sở dữ liệu.",
                    "path");
    }
    if (options.busy_timeout_ms < 0) {
        return Fail(ErrorCode::kInvalidArgument,
                    "sqlite: busy_timeout_ms must be >= 0",
                    "Thời gian chờ cơ sở dữ liệu không hợp lệ.",
                    "busy_timeout_ms");
    }
    int flags = SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;
    flags |=
        options.read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(
        options.path.c_str(), &raw, flags, options.vfs.empty() ? nullptr : options.vfs.c_str());
    DbPtr db(raw);
    if (rc != SQLITE_OK) {
        return Failure(db.get(), rc, "open " + options.path);
    }
    sqlite3_extended_result_codes(db.get(), 1);
    sqlite3_busy_timeout(db.get(), options.busy_timeout_ms);

    Connection connection(
        std::move(db), options.path, options.read_only, options.statement_cache_capacity);
    if (options.read_only) {
        MOTCUA_TRY(connection.Exec("PRAGMA query_only = ON"));
        return connection;
    }
    if (!connection.IsMemory()) {
        MOTCUA_ASSIGN_OR_RETURN(Statement wal, connection.Prepare("PRAGMA journal_mode = WAL"));
        MOTCUA_ASSIGN_OR_RETURN(const bool has_row, wal.Step());
        if (!has_row || wal.ColumnText(0) != "wal") {
            return Fail(ErrorCode::kFailedPrecondition,
                        "sqlite: could not switch " + options.path + " to WAL journal mode",
                        "Không bật được chế độ ghi nhật ký WAL cho cơ sở dữ liệu.");
        }
    }
    MOTCUA_TRY(connection.Exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"));
    return connection;
}

Result<void> Connection::Exec(std::string_view sql) {
    std::string_view rest = sql;
    while (!OnlyWhitespaceOrSemicolons(rest)) {
        std::string_view tail;
        MOTCUA_ASSIGN_OR_RETURN(Statement statement, PrepareFirst(db_.get(), rest, 0, &tail));
        if (statement) {
            MOTCUA_TRY(statement.Run());
        }
        if (tail.size() == rest.size()) {
            break;  // Nothing consumed: only a trailing comment is left.
        }
        rest = tail;
    }
    return {};
}

Result<Statement> Connection::Prepare(std::string_view sql) {
    return PrepareOne(db_.get(), sql, 0);
}

Result<CachedStatement> Connection::Cached(std::string_view sql) {
    auto found = cache_->slots.find(sql);
    if (found != cache_->slots.end() && found->second->idle.has_value()) {
        internal::CacheSlot* slot = found->second.get();
        CachedStatement lease(std::move(*slot->idle), slot);
        slot->idle.reset();
        return lease;
    }
    MOTCUA_ASSIGN_OR_RETURN(Statement statement,
                            PrepareOne(db_.get(), sql, SQLITE_PREPARE_PERSISTENT));
    if (found != cache_->slots.end() || cache_->slots.size() >= cache_->capacity) {
        return CachedStatement(std::move(statement), nullptr);  // Borrowed twice, or cache full.
    }
    auto [inserted, ok] =
        cache_->slots.emplace(std::string(sql), std::make_unique<internal::CacheSlot>());
    static_cast<void>(ok);
    return CachedStatement(std::move(statement), inserted->second.get());
}

std::int64_t Connection::LastInsertRowId() const noexcept {
    return sqlite3_last_insert_rowid(db_.get());
}

std::int64_t Connection::Changes() const noexcept {
    return sqlite3_changes64(db_.get());
}

bool Connection::InTransaction() const noexcept {
    return sqlite3_get_autocommit(db_.get()) == 0;
}

bool Connection::IsMemory() const noexcept {
    const char* file = sqlite3_db_filename(db_.get(), "main");
    return file == nullptr || *file == '\0';
}

}  // namespace motcua::storage::sqlite
