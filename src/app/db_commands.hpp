// Database subcommands of `motcua`: migrate, verify-audit, backup, rebuild-projections, and the
// catalog import/export/search. Each opens the SQLite database given by --db, does one thing and
// exits: 0 on success, 2 for bad arguments or input, 1 otherwise, with one line on stderr.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "common/result.hpp"

namespace motcua::app {

void AddDatabaseCommands(CLI::App& app, int& exit_code);

// Prints a short Vietnamese summary of a database: dossiers by status, on-time share, and a
// catalog search, for `motcua demo --db`.
[[nodiscard]] Result<void> PrintDatabaseTour(const std::string& db_path);

}  // namespace motcua::app
