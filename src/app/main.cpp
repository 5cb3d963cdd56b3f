// motcua: the one-stop administrative-procedure system. Composition root: parses the command
// line, wires the modules and runs the selected subcommand.
#include <exception>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/calendar_commands.hpp"
#include "app/cli_output.hpp"
#include "app/db_commands.hpp"
#include "app/kpi_commands.hpp"
#include "app/seed_command.hpp"
#include "app/serve_command.hpp"

int main(int argc, char** argv) {
    CLI::App app{"motcua — hệ thống thông tin giải quyết thủ tục hành chính"};
    app.require_subcommand(1);
    int exit_code = 0;
    motcua::app::AddCalendarCommands(app, exit_code);
    motcua::app::AddDemoCommand(app, exit_code);
    motcua::app::AddDatabaseCommands(app, exit_code);
    motcua::app::AddKpiCommands(app, exit_code);
    motcua::app::AddSeedCommand(app, exit_code);
    motcua::app::AddServeCommand(app, exit_code);
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        fmt::print(stderr, "motcua: {}\n", e.what());
        return motcua::app::kExitUsage;
    }
    return exit_code;
}
