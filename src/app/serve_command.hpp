// `motcua serve --db PATH --port N [--web DIR] [--config FILE] [--demo]`.
#pragma once

#include <CLI/CLI.hpp>

namespace motcua::app {

void AddServeCommand(CLI::App& app, int& exit_code);

}  // namespace motcua::app
