// Statement: one prepared SQLite statement (STYLE.md §5). Owns its sqlite3_stmt* and finalizes it
// on destruction; move-only. Values are always bound as parameters (Bind), never formatted into
// the SQL text. A Statement belongs to the Connection that prepared it and, like it, is used by
// one thread at a time; it must not outlive that Connection.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "common/result.hpp"

struct sqlite3_stmt;

namespace motcua::storage::sqlite {

class Statement {
public:
    // Adopts `handle` (which may be null: an empty statement). Normally obtained from
    // Connection::Prepare or Connection::Cached.
    explicit Statement(sqlite3_stmt* handle) noexcept : handle_(handle) {}

    Statement(Statement&&) noexcept = default;
    Statement& operator=(Statement&&) noexcept = default;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement() = default;

    // Binding. `index` is 1-based as in SQLite. Text and blobs are copied (SQLITE_TRANSIENT), so
    // the argument need not outlive the call; an empty string or blob binds '' / x'' (not NULL).
    // Fails with kInternal when the index is out of range (a bug in the caller's SQL).
    // Integer types other than int and int64 are ambiguous on purpose: cast explicitly.
    [[nodiscard]] Result<void> Bind(int index, std::int64_t value);
    [[nodiscard]] Result<void> Bind(int index, int value);
    [[nodiscard]] Result<void> Bind(int index, double value);
    [[nodiscard]] Result<void> Bind(int index, std::string_view value);
    [[nodiscard]] Result<void> Bind(int index, std::span<const std::byte> value);
    [[nodiscard]] Result<void> Bind(int index, std::span<const std::uint8_t> value);
    [[nodiscard]] Result<void> Bind(int index, std::nullopt_t);
    [[nodiscard]] Result<void> Bind(int index, std::nullptr_t);

    // Binds NULL when `value` is empty, else *value.
    template <class T>
    [[nodiscard]] Result<void> Bind(int index, const std::optional<T>& value) {
        if (!value.has_value()) {
            return Bind(index, std::nullopt);
        }
        return Bind(index, *value);
    }

    // Named binding: `name` includes its prefix, e.g. ":dossier_id". kInternal when the statement
    // has no such parameter.
    template <class T>
    [[nodiscard]] Result<void> Bind(std::string_view name, T&& value) {
        auto index = ParameterIndex(name);
        if (!index) {
            return tl::unexpected<Error>(std::move(index).error());
        }
        return Bind(*index, std::forward<T>(value));
    }

    // Binds `values` to parameters 1..N in order; stops at the first failure.
    template <class... Args>
    [[nodiscard]] Result<void> BindAll(const Args&... values) {
        Result<void> result;
        int index = 0;
        static_cast<void>(((result = Bind(++index, values), result.has_value()) && ...));
        return result;
    }

    // The 1-based index of parameter `name` (":name", "@name", "$name" or "?NNN"); kInternal if
    // absent.
    [[nodiscard]] Result<int> ParameterIndex(std::string_view name) const;

    // Advances: true when a row is available (read it with the Column getters), false when the
    // statement has finished. On failure returns the mapped error (internal/error.hpp); the
    // statement must then be Reset() before reuse.
    [[nodiscard]] Result<bool> Step();

    // Steps until done (ignoring any rows), then resets the statement so it can run again;
    // bindings are kept. For INSERT/UPDATE/DELETE/DDL.
    [[nodiscard]] Result<void> Run();

    // Rewinds the statement so it can be stepped again; bindings are kept. Any error of the last
    // Step was already returned by Step and is not repeated here.
    void Reset() noexcept;

    // Sets every parameter back to NULL.
    void ClearBindings() noexcept;

    // Column access for the current row (after Step() returned true). `column` is 0-based; an
    // out-of-range column reads as NULL. Conversions follow SQLite's rules (NULL reads as 0 / ""
    // / an empty blob). Views returned by ColumnText and ColumnBlob stay valid until the next
    // Step, Reset or destruction, and until another getter converts the same column.
    [[nodiscard]] int ColumnCount() const noexcept;
    [[nodiscard]] bool IsNull(int column) const noexcept;
    [[nodiscard]] std::int64_t ColumnInt64(int column) const noexcept;
    [[nodiscard]] int ColumnInt(int column) const noexcept;
    [[nodiscard]] double ColumnDouble(int column) const noexcept;
    [[nodiscard]] std::string_view ColumnText(int column) const noexcept;
    [[nodiscard]] std::span<const std::byte> ColumnBlob(int column) const noexcept;

    // Convenience: an owning copy of ColumnText, or nullopt for NULL.
    [[nodiscard]] std::optional<std::string> ColumnOptionalText(int column) const;
    // Convenience: ColumnInt64, or nullopt for NULL.
    [[nodiscard]] std::optional<std::int64_t> ColumnOptionalInt64(int column) const noexcept;

    // The SQL text the statement was prepared from.
    [[nodiscard]] std::string_view Sql() const noexcept;

    // False for a moved-from or empty statement.
    explicit operator bool() const noexcept { return handle_ != nullptr; }

    // The raw handle, for SQLite features this class does not wrap. Still owned by *this.
    [[nodiscard]] sqlite3_stmt* Handle() const noexcept { return handle_.get(); }

private:
    struct FinalizeDeleter {
        void operator()(sqlite3_stmt* stmt) const noexcept;
    };

    std::unique_ptr<sqlite3_stmt, FinalizeDeleter> handle_;
};

}  // namespace motcua::storage::sqlite
