#include "storage/sqlite/statement.hpp"

#include <cstdint>
#include <string>

#include <sqlite3.h>

#include "storage/sqlite/internal/error.hpp"

namespace motcua::storage::sqlite {

using internal::Failure;

namespace {

// SQLITE_TRANSIENT without its C-style cast: SQLite copies the value before the call returns.
sqlite3_destructor_type Transient() {
    // NOLINTNEXTLINE(performance-no-int-to-ptr): SQLite's documented sentinel value.
    return reinterpret_cast<sqlite3_destructor_type>(static_cast<std::intptr_t>(-1));
}

Result<void> Check(sqlite3_stmt* stmt, int rc, int index) {
    if (rc == SQLITE_OK) {
        return {};
    }
    return Failure(sqlite3_db_handle(stmt), rc, "bind parameter " + std::to_string(index));
}

}  // namespace

void Statement::FinalizeDeleter::operator()(sqlite3_stmt* stmt) const noexcept {
    sqlite3_finalize(stmt);
}

Result<void> Statement::Bind(int index, std::int64_t value) {
    return Check(handle_.get(), sqlite3_bind_int64(handle_.get(), index, value), index);
}

Result<void> Statement::Bind(int index, int value) {
    return Check(handle_.get(), sqlite3_bind_int(handle_.get(), index, value), index);
}

Result<void> Statement::Bind(int index, double value) {
    return Check(handle_.get(), sqlite3_bind_double(handle_.get(), index, value), index);
}

Result<void> Statement::Bind(int index, std::string_view value) {
    // A null data pointer would bind NULL; an empty view must bind ''.
    const char* data = value.data() != nullptr ? value.data() : "";
    return Check(
        handle_.get(),
        sqlite3_bind_text64(handle_.get(), index, data, value.size(), Transient(), SQLITE_UTF8),
        index);
}

Result<void> Statement::Bind(int index, std::span<const std::byte> value) {
    if (value.empty()) {
        return Check(handle_.get(), sqlite3_bind_zeroblob(handle_.get(), index, 0), index);
    }
    return Check(handle_.get(),
                 sqlite3_bind_blob64(handle_.get(), index, value.data(), value.size(), Transient()),
                 index);
}

Result<void> Statement::Bind(int index, std::span<const std::uint8_t> value) {
    return Bind(index, std::as_bytes(value));
}

Result<void> Statement::Bind(int index, std::nullopt_t /*unused*/) {
    return Check(handle_.get(), sqlite3_bind_null(handle_.get(), index), index);
}

Result<void> Statement::Bind(int index, std::nullptr_t /*unused*/) {
    return Bind(index, std::nullopt);
}

Result<int> Statement::ParameterIndex(std::string_view name) const {
    const std::string terminated(name);
    const int index = sqlite3_bind_parameter_index(handle_.get(), terminated.c_str());
    if (index == 0) {
        return Fail(ErrorCode::kInternal,
                    "sqlite: statement has no parameter named " + terminated,
                    "Lỗi hệ thống cơ sở dữ liệu.");
    }
    return index;
}

Result<bool> Statement::Step() {
    const int rc = sqlite3_step(handle_.get());
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    constexpr std::size_t kMaxSqlInMessage = 120;
    std::string context = "step \"";
    context.append(Sql().substr(0, kMaxSqlInMessage));
    context.append("\"");
    return Failure(sqlite3_db_handle(handle_.get()), rc, context);
}

Result<void> Statement::Run() {
    while (true) {
        auto row = Step();
        if (!row) {
            Reset();
            return tl::unexpected<Error>(std::move(row).error());
        }
        if (!*row) {
            break;
        }
    }
    Reset();
    return {};
}

void Statement::Reset() noexcept {
    sqlite3_reset(handle_.get());
}

void Statement::ClearBindings() noexcept {
    sqlite3_clear_bindings(handle_.get());
}

int Statement::ColumnCount() const noexcept {
    return sqlite3_column_count(handle_.get());
}

bool Statement::IsNull(int column) const noexcept {
    return sqlite3_column_type(handle_.get(), column) == SQLITE_NULL;
}

std::int64_t Statement::ColumnInt64(int column) const noexcept {
    return sqlite3_column_int64(handle_.get(), column);
}

int Statement::ColumnInt(int column) const noexcept {
    return sqlite3_column_int(handle_.get(), column);
}

double Statement::ColumnDouble(int column) const noexcept {
    return sqlite3_column_double(handle_.get(), column);
}

std::string_view Statement::ColumnText(int column) const noexcept {
    // Text first, then bytes: that order keeps the pointer valid (SQLite docs, "column_blob").
    const unsigned char* text = sqlite3_column_text(handle_.get(), column);
    if (text == nullptr) {
        return {};
    }
    const int size = sqlite3_column_bytes(handle_.get(), column);
    return {reinterpret_cast<const char*>(text), static_cast<std::size_t>(size)};
}

std::span<const std::byte> Statement::ColumnBlob(int column) const noexcept {
    const void* blob = sqlite3_column_blob(handle_.get(), column);
    if (blob == nullptr) {
        return {};
    }
    const int size = sqlite3_column_bytes(handle_.get(), column);
    return {static_cast<const std::byte*>(blob), static_cast<std::size_t>(size)};
}

std::optional<std::string> Statement::ColumnOptionalText(int column) const {
    if (IsNull(column)) {
        return std::nullopt;
    }
    return std::string(ColumnText(column));
}

std::optional<std::int64_t> Statement::ColumnOptionalInt64(int column) const noexcept {
    if (IsNull(column)) {
        return std::nullopt;
    }
    return ColumnInt64(column);
}

std::string_view Statement::Sql() const noexcept {
    const char* sql = sqlite3_sql(handle_.get());
    return sql != nullptr ? std::string_view(sql) : std::string_view();
}

}  // namespace motcua::storage::sqlite
