// The PostgreSQL schema migrations that ship with motcua: every
// src/storage/postgres/migrations/NNNN_name.sql, compiled into the binary by
// cmake/EmbedFiles.cmake. postgres::Migrate applies them.
#pragma once

#include <span>

#include "common/embedded_file.hpp"

namespace motcua::storage::postgres {

// The raw embedded .sql files (generated at build time), in no particular order.
std::span<const EmbeddedFile> BuiltinMigrations();

}  // namespace motcua::storage::postgres
