// Versioned schema migrations for PostgreSQL (DESIGN.md §5), the counterpart of
// storage/sqlite/migrations.hpp: numbered scripts src/storage/postgres/migrations/NNNN_name.sql
// (storage/postgres/builtin_migrations.hpp), applied in order, each in its own transaction
// together with its row in `schema_migrations(version, name, applied_at)`.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/embedded_file.hpp"
#include "common/result.hpp"
#include "storage/postgres/connection.hpp"

namespace motcua::storage::postgres {

struct PgMigration {
    int version = 0;        // > 0, strictly increasing within a list.
    std::string_view name;  // Recorded with the version; must never change once shipped.
    std::string_view sql;   // The script (several statements, no BEGIN/COMMIT).
};

// Parses embedded files named "NNNN_name.sql" into migrations sorted by version (views into
// `files`, which must outlive the result). kInvalidArgument, naming the file, for a malformed
// name or a duplicate version.
[[nodiscard]] Result<std::vector<PgMigration>> ParseMigrationFiles(
    std::span<const EmbeddedFile> files);

// Brings the database on `connection` (no transaction open) up to date with `migrations` and
// returns how many were applied. Concurrent migrators are serialised by a session advisory
// lock. Refuses, with kFailedPrecondition and touching nothing, a database that records a
// version this code does not know or a different name for a known version.
[[nodiscard]] Result<int> Migrate(PgConnection& connection,
                                  std::span<const PgMigration> migrations);

// Connects with `conninfo` and applies the built-in migrations (BuiltinMigrations()).
[[nodiscard]] Result<int> Migrate(const std::string& conninfo);

}  // namespace motcua::storage::postgres
