// `motcua calendar …`: the calendar CLI. Its output formats are a contract other tools read:
//   lunar FROM TO       YYYY-MM-DD<TAB>lunar_day<TAB>lunar_month<TAB>lunar_year<TAB>leap
//   days FROM TO        YYYY-MM-DD<TAB>work|off<TAB>reason
//   holidays YEAR       YYYY-MM-DD<TAB>kind<TAB>name
//   due …               YYYY-MM-DDTHH:MM, then the Vietnamese explanation, one line each
// Bad arguments exit with status 2 and one line on stderr.
#pragma once

#include <CLI/CLI.hpp>

namespace motcua::app {

// Registers the `calendar` subcommand tree on `app`. `exit_code` receives the status the
// selected command finished with.
void AddCalendarCommands(CLI::App& app, int& exit_code);

// Registers `demo`: a short tour of the calendar on the built-in data (what the README's run
// command shows until the server lands).
void AddDemoCommand(CLI::App& app, int& exit_code);

}  // namespace motcua::app
