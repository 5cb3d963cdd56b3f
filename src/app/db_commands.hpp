// Database subcommands of `motcua`: migrate, verify-audit, backup, rebuild-projections, and the
// catalog import/export/search. Each opens the SQLite database given by --db, does one thing and
// exits: 0 on success, 2 for bad arguments or input, 1 otherwise, with one line on stderr.
#pragma once

#include <CLI/CLI.hpp>

namespace motcua::app {

void AddDatabaseCommands(CLI::App& app, int& exit_code);

}  // namespace motcua::app
