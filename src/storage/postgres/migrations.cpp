#include "storage/postgres/migrations.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include <fmt/format.h>

#include "storage/postgres/builtin_migrations.hpp"

namespace motcua::storage::postgres {
namespace {

// Any constant works: it only has to differ from the other advisory locks motcua takes.
constexpr std::string_view kMigrationLock = "SELECT pg_advisory_lock(7300001)";
constexpr std::string_view kMigrationUnlock = "SELECT pg_advisory_unlock(7300001)";

Result<int> Apply(PgConnection& c, std::span<const PgMigration> migrations) {
    MOTCUA_TRY(
        c.Exec("CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, "
               "name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"));
    MOTCUA_ASSIGN_OR_RETURN(const PgResult applied,
                            c.Exec("SELECT version, name FROM schema_migrations ORDER BY version"));
    std::map<std::int64_t, std::string> recorded;
    for (int row = 0; row < applied.Rows(); ++row) {
        MOTCUA_ASSIGN_OR_RETURN(const std::int64_t version, applied.Int64(row, 0));
        recorded.emplace(version, std::string(applied.Text(row, 1)));
    }
    for (const auto& [version, name] : recorded) {
        const auto known = std::find_if(migrations.begin(), migrations.end(), [&](const auto& m) {
            return m.version == version;
        });
        if (known == migrations.end()) {
            return Fail(ErrorCode::kFailedPrecondition,
                        fmt::format("database records migration {} ({}) that this build does not "
                                    "know: it was migrated by a newer motcua",
                                    version,
                                    name),
                        "Cơ sở dữ liệu thuộc phiên bản phần mềm mới hơn.");
        }
        if (known->name != name) {
            return Fail(ErrorCode::kFailedPrecondition,
                        fmt::format("migration {} is recorded as '{}' but this build calls it '{}'",
                                    version,
                                    name,
                                    known->name),
                        "Lịch sử nâng cấp cơ sở dữ liệu không khớp với phần mềm.");
        }
    }
    int count = 0;
    for (const PgMigration& m : migrations) {
        if (recorded.contains(m.version)) {
            continue;
        }
        MOTCUA_TRY(InTransaction(c, [&](PgConnection& tx) -> Result<void> {
            MOTCUA_TRY(tx.ExecScript(m.sql));
            MOTCUA_TRY(tx.Exec("INSERT INTO schema_migrations(version, name) VALUES($1, $2)",
                               {m.version, m.name}));
            return {};
        }));
        ++count;
    }
    return count;
}

}  // namespace

Result<std::vector<PgMigration>> ParseMigrationFiles(std::span<const EmbeddedFile> files) {
    std::vector<PgMigration> out;
    for (const EmbeddedFile& f : files) {
        const std::string_view name = f.name;
        const std::size_t underscore = name.find('_');
        const bool ok_suffix = name.size() > 4 && name.substr(name.size() - 4) == ".sql";
        if (underscore == 0 || underscore == std::string_view::npos || !ok_suffix ||
            underscore + 1 >= name.size() - 4) {
            return Fail(ErrorCode::kInvalidArgument,
                        fmt::format("migration file '{}' is not named NNNN_name.sql", name));
        }
        int version = 0;
        for (const char ch : name.substr(0, underscore)) {
            if (ch < '0' || ch > '9' || version > 100000) {
                return Fail(ErrorCode::kInvalidArgument,
                            fmt::format("migration file '{}' is not named NNNN_name.sql", name));
            }
            version = version * 10 + (ch - '0');
        }
        const std::string_view label =
            name.substr(underscore + 1, name.size() - 4 - underscore - 1);
        for (const char ch : label) {
            if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_')) {
                return Fail(ErrorCode::kInvalidArgument,
                            fmt::format("migration file '{}' is not named NNNN_name.sql", name));
            }
        }
        if (version <= 0) {
            return Fail(ErrorCode::kInvalidArgument,
                        fmt::format("migration file '{}' has version 0", name));
        }
        out.push_back(PgMigration{version, label, f.text});
    }
    std::sort(
        out.begin(), out.end(), [](const auto& a, const auto& b) { return a.version < b.version; });
    for (std::size_t i = 1; i < out.size(); ++i) {
        if (out[i].version == out[i - 1].version) {
            return Fail(ErrorCode::kInvalidArgument,
                        fmt::format("two migration files have version {}", out[i].version));
        }
    }
    return out;
}

Result<int> Migrate(PgConnection& connection, std::span<const PgMigration> migrations) {
    for (std::size_t i = 1; i < migrations.size(); ++i) {
        if (migrations[i].version <= migrations[i - 1].version) {
            return Fail(ErrorCode::kInvalidArgument,
                        "migrations must be strictly increasing in version");
        }
    }
    MOTCUA_TRY(connection.Exec(kMigrationLock));
    Result<int> applied = Apply(connection, migrations);
    static_cast<void>(connection.Exec(kMigrationUnlock));
    return applied;
}

Result<int> Migrate(const std::string& conninfo) {
    MOTCUA_ASSIGN_OR_RETURN(PgConnection connection, PgConnection::Open(conninfo));
    MOTCUA_ASSIGN_OR_RETURN(const std::vector<PgMigration> migrations,
                            ParseMigrationFiles(BuiltinMigrations()));
    return Migrate(connection, migrations);
}

}  // namespace motcua::storage::postgres
