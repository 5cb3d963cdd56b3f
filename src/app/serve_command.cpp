#include "app/serve_command.hpp"

#include <csignal>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <pthread.h>
#include <spdlog/spdlog.h>

#include "app/cli_output.hpp"
#include "app/server_app.hpp"

namespace motcua::app {
namespace {

struct ServeArgs {
    std::string db;
    std::optional<std::uint16_t> port;
    std::string web;
    std::string config;
    std::string address;
    bool demo = false;
};

Result<void> RunServe(const ServeArgs& a) {
    ServeConfig config;
    if (!a.config.empty()) {
        MOTCUA_TRY(LoadServeConfig(a.config, config));
    }
    // Flags win over the file.
    config.db = a.db;
    if (a.port) {
        config.server.port = *a.port;
    }
    if (!a.web.empty()) {
        config.web_dir = a.web;
    }
    if (!a.address.empty()) {
        config.server.address = a.address;
    }
    config.accounts.allow_demo = a.demo;
    // SIGINT and SIGTERM are blocked before the first thread starts, so every thread inherits the
    // mask: a signal that arrives while the server is still starting waits for sigwait below
    // instead of killing the process with requests in flight.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    MOTCUA_ASSIGN_OR_RETURN(std::unique_ptr<ServerApp> server, ServerApp::Start(config));
    spdlog::info("motcua serving {} on http://{}:{}/{}{}",
                 config.db,
                 config.server.address == "0.0.0.0" ? "localhost" : config.server.address,
                 server->port(),
                 config.web_dir.empty() ? " (API only)" : "",
                 a.demo ? " — demo accounts enabled" : "");
    int signal = 0;
    sigwait(&stop_signals, &signal);
    spdlog::info("signal {} received: finishing in-flight requests", signal);
    server->Stop();
    spdlog::info("motcua stopped");
    return {};
}

}  // namespace

void AddServeCommand(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<ServeArgs>();
    CLI::App* cmd = app.add_subcommand("serve", "Serve the JSON API and the web UI");
    cmd->add_option("--db", args->db, "SQLite database file (created and migrated if missing)")
        ->required();
    cmd->add_option("--port", args->port, "TCP port (default 8080; 0 picks a free one)");
    cmd->add_option("--web", args->web, "directory of the built web UI (web/dist)");
    cmd->add_option("--config", args->config, "JSON configuration file (docs/API.md)");
    cmd->add_option("--address", args->address, "listen address (default 0.0.0.0)");
    cmd->add_flag("--demo", args->demo, "accept the published demo accounts");
    cmd->callback(
        [&exit_code, args] { FinishCommand(exit_code, [&] { return RunServe(*args); }); });
}

}  // namespace motcua::app
