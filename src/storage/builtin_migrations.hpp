// The schema migrations that ship with motcua: every src/storage/migrations/NNNN_name.sql,
// compiled into the binary by cmake/EmbedFiles.cmake. Apply them with
//   sqlite::Migrate(connection, *sqlite::ParseMigrationFiles(BuiltinMigrations()))
// (storage/sqlite/migrations.hpp).
#pragma once

#include <span>

#include "common/embedded_file.hpp"

namespace motcua::storage {

// The raw embedded .sql files (generated at build time), in no particular order.
std::span<const EmbeddedFile> BuiltinMigrations();

}  // namespace motcua::storage
