// `motcua seed-demo --db PATH [--seed N] [--dossiers N]`: the demo province (app/demo/seeder.hpp)
// with a progress bar on stderr and a one-line summary on stdout.
#pragma once

#include <CLI/CLI.hpp>

namespace motcua::app {

void AddSeedCommand(CLI::App& app, int& exit_code);

}  // namespace motcua::app
