// Versioned schema migrations for SQLite (DESIGN.md §5). A migration is a numbered SQL script;
// Migrate applies the ones a database lacks, in order, each in its own transaction, and records
// each in `schema_migrations(version, name, applied_at)`. The scripts ship inside the binary as
// src/storage/migrations/NNNN_name.sql (see storage/builtin_migrations.hpp).
//
// Writing a migration: never edit one that has shipped — add the next number. A script runs
// inside BEGIN IMMEDIATE … COMMIT, so it must not contain BEGIN/COMMIT, VACUUM or
// PRAGMA journal_mode; PRAGMA foreign_keys is a no-op there, so table rebuilds use
// PRAGMA defer_foreign_keys = ON instead (checked at the migration's COMMIT).
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "common/embedded_file.hpp"
#include "common/result.hpp"
#include "storage/sqlite/connection.hpp"

namespace motcua::storage::sqlite {

struct Migration {
    int version = 0;        // > 0, strictly increasing within a list.
    std::string_view name;  // Recorded with the version; must never change once shipped.
    std::string_view sql;   // The script (Connection::Exec).
};

// Parses embedded files named "NNNN_name.sql" (at least one digit, then '_', then
// [a-z0-9_]+) into migrations sorted by version, with name = "name" and sql = the contents. The
// result views into `files`, which must outlive it. kInvalidArgument, naming the file, for a
// malformed name or a duplicate version.
[[nodiscard]] Result<std::vector<Migration>> ParseMigrationFiles(
    std::span<const EmbeddedFile> files);

// Brings the database on `connection` (writable, no transaction open) up to date with
// `migrations` and returns how many were applied (0 when it already was). Each pending one runs
// in its own BEGIN IMMEDIATE transaction together with its schema_migrations row, so a failure
// leaves the database at the last good version and returns the script's error.
// Refuses, with kFailedPrecondition and touching nothing, a database that records a version
// this code does not know (a newer build migrated it), a different name for a known version
// (the script was edited or renumbered), or that lacks a version below its highest recorded
// one. kInvalidArgument when `migrations` is not strictly increasing in version with names.
[[nodiscard]] Result<int> Migrate(Connection& connection, std::span<const Migration> migrations);

// The highest recorded migration version; 0 for a database never migrated.
[[nodiscard]] Result<int> SchemaVersion(Connection& connection);

}  // namespace motcua::storage::sqlite
