#include "storage/sqlite/migrations.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <string>

#include "storage/sqlite/transaction.hpp"

namespace motcua::storage::sqlite {

namespace {

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at TEXT NOT NULL)";
constexpr std::string_view kTableExists =
    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
constexpr std::string_view kSelectApplied = "SELECT version, name FROM schema_migrations";
constexpr std::string_view kSelectOne = "SELECT name FROM schema_migrations WHERE version = ?1";
constexpr std::string_view kInsert =
    "INSERT INTO schema_migrations (version, name, applied_at)"
    " VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))";
constexpr std::string_view kMaxVersion = "SELECT coalesce(max(version), 0) FROM schema_migrations";

constexpr std::string_view kSchemaVi =
    "Phiên bản lược đồ cơ sở dữ liệu không khớp với chương trình.";

bool IsNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

tl::unexpected<Error> BadFile(std::string_view file, std::string_view why) {
    return Fail(ErrorCode::kInvalidArgument,
                "migrations: " + std::string(file) + ": " + std::string(why),
                "Tệp chuyển đổi lược đồ không hợp lệ.");
}

Result<bool> TableExists(Connection& connection) {
    MOTCUA_ASSIGN_OR_RETURN(Statement statement, connection.Prepare(kTableExists));
    return statement.Step();
}

// version → recorded name.
Result<std::map<int, std::string>> Applied(Connection& connection) {
    std::map<int, std::string> applied;
    MOTCUA_ASSIGN_OR_RETURN(const bool exists, TableExists(connection));
    if (!exists) {
        return applied;
    }
    MOTCUA_ASSIGN_OR_RETURN(Statement statement, connection.Prepare(kSelectApplied));
    while (true) {
        MOTCUA_ASSIGN_OR_RETURN(const bool row, statement.Step());
        if (!row) {
            break;
        }
        applied.emplace(statement.ColumnInt(0), std::string(statement.ColumnText(1)));
    }
    return applied;
}

Result<void> ValidateList(std::span<const Migration> migrations) {
    int previous = 0;
    for (const Migration& m : migrations) {
        if (m.version <= previous || m.name.empty()) {
            return Fail(ErrorCode::kInvalidArgument,
                        "migrations: versions must be positive and strictly increasing, each "
                        "with a name (at version " +
                            std::to_string(m.version) + ")",
                        "Danh sách chuyển đổi lược đồ không hợp lệ.");
        }
        previous = m.version;
    }
    return {};
}

// Checks what the database recorded against what the code knows (see Migrate's contract).
Result<void> CheckRecorded(const std::map<int, std::string>& applied,
                           std::span<const Migration> migrations) {
    for (const auto& [version, name] : applied) {
        const auto known =
            std::find_if(migrations.begin(), migrations.end(), [v = version](const Migration& m) {
                return m.version == v;
            });
        if (known == migrations.end()) {
            const int newest = migrations.empty() ? 0 : migrations.back().version;
            return Fail(ErrorCode::kFailedPrecondition,
                        "migrations: the database records version " + std::to_string(version) +
                            " (" + name + "), which this build does not know (it knows up to " +
                            std::to_string(newest) + "); was it migrated by a newer motcua?",
                        std::string(kSchemaVi));
        }
        if (known->name != name) {
            return Fail(ErrorCode::kFailedPrecondition,
                        "migrations: version " + std::to_string(version) + " is recorded as '" +
                            name + "' but this build calls it '" + std::string(known->name) +
                            "'; shipped migrations must never be renamed or renumbered",
                        std::string(kSchemaVi));
        }
    }
    if (!applied.empty()) {
        const int highest = applied.rbegin()->first;
        for (const Migration& m : migrations) {
            if (m.version < highest && !applied.contains(m.version)) {
                return Fail(ErrorCode::kFailedPrecondition,
                            "migrations: version " + std::to_string(m.version) + " (" +
                                std::string(m.name) + ") is missing from a database already at " +
                                std::to_string(highest) + "; it cannot be applied out of order",
                            std::string(kSchemaVi));
            }
        }
    }
    return {};
}

// Applies `m` in its own transaction unless a concurrent migrator got there first.
// Returns whether it applied it.
Result<bool> ApplyOne(Connection& connection, const Migration& m) {
    MOTCUA_ASSIGN_OR_RETURN(Transaction tx,
                            Transaction::Begin(connection, Transaction::Mode::kImmediate));
    MOTCUA_TRY(connection.Exec(kCreateTable));
    {
        MOTCUA_ASSIGN_OR_RETURN(Statement existing, connection.Prepare(kSelectOne));
        MOTCUA_TRY(existing.Bind(1, m.version));
        MOTCUA_ASSIGN_OR_RETURN(const bool recorded, existing.Step());
        if (recorded) {
            if (existing.ColumnText(0) != m.name) {
                return Fail(ErrorCode::kFailedPrecondition,
                            "migrations: version " + std::to_string(m.version) +
                                " was recorded concurrently under another name",
                            std::string(kSchemaVi));
            }
            return false;
        }
    }
    auto applied = connection.Exec(m.sql);
    if (!applied) {
        Error error = std::move(applied).error();
        error.message = "migration " + std::to_string(m.version) + "_" + std::string(m.name) +
                        ": " + error.message;
        return tl::unexpected<Error>(std::move(error));
    }
    MOTCUA_ASSIGN_OR_RETURN(Statement insert, connection.Prepare(kInsert));
    MOTCUA_TRY(insert.Bind(1, m.version));
    MOTCUA_TRY(insert.Bind(2, m.name));
    MOTCUA_TRY(insert.Run());
    MOTCUA_TRY(tx.Commit());
    return true;
}

}  // namespace

Result<std::vector<Migration>> ParseMigrationFiles(std::span<const EmbeddedFile> files) {
    std::vector<Migration> migrations;
    migrations.reserve(files.size());
    for (const EmbeddedFile& file : files) {
        std::string_view name = file.name;
        constexpr std::string_view kSuffix = ".sql";
        if (!name.ends_with(kSuffix)) {
            return BadFile(file.name, "expected a .sql file named NNNN_name.sql");
        }
        name.remove_suffix(kSuffix.size());
        const std::size_t underscore = name.find('_');
        if (underscore == 0 || underscore == std::string_view::npos ||
            underscore + 1 == name.size()) {
            return BadFile(file.name, "expected NNNN_name.sql");
        }
        const std::string_view digits = name.substr(0, underscore);
        const std::string_view label = name.substr(underscore + 1);
        int version = 0;
        const auto [end, ec] =
            std::from_chars(digits.data(), digits.data() + digits.size(), version);
        if (ec != std::errc() || end != digits.data() + digits.size() || version <= 0) {
            return BadFile(file.name, "the version prefix must be a positive number");
        }
        if (!std::all_of(label.begin(), label.end(), IsNameChar)) {
            return BadFile(file.name, "the name may hold only a-z, 0-9 and _");
        }
        migrations.push_back(Migration{version, label, file.text});
    }
    std::sort(migrations.begin(), migrations.end(), [](const Migration& a, const Migration& b) {
        return a.version < b.version;
    });
    for (std::size_t i = 1; i < migrations.size(); ++i) {
        if (migrations[i].version == migrations[i - 1].version) {
            return BadFile(migrations[i].name,
                           "version " + std::to_string(migrations[i].version) + " appears twice");
        }
    }
    return migrations;
}

Result<int> Migrate(Connection& connection, std::span<const Migration> migrations) {
    MOTCUA_TRY(ValidateList(migrations));
    if (connection.InTransaction()) {
        return Fail(ErrorCode::kFailedPrecondition,
                    "migrations: Migrate needs a connection without an open transaction",
                    "Lỗi hệ thống cơ sở dữ liệu.");
    }
    MOTCUA_ASSIGN_OR_RETURN(const auto applied, Applied(connection));
    MOTCUA_TRY(CheckRecorded(applied, migrations));
    int count = 0;
    for (const Migration& m : migrations) {
        if (applied.contains(m.version)) {
            continue;
        }
        MOTCUA_ASSIGN_OR_RETURN(const bool did_apply, ApplyOne(connection, m));
        count += did_apply ? 1 : 0;
    }
    return count;
}

Result<int> SchemaVersion(Connection& connection) {
    MOTCUA_ASSIGN_OR_RETURN(const bool exists, TableExists(connection));
    if (!exists) {
        return 0;
    }
    MOTCUA_ASSIGN_OR_RETURN(Statement statement, connection.Prepare(kMaxVersion));
    MOTCUA_TRY(statement.Step());
    return statement.ColumnInt(0);
}

}  // namespace motcua::storage::sqlite
