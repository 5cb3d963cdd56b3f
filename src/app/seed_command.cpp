#include "app/seed_command.hpp"

#include <chrono>
#include <memory>

#include <fmt/format.h>

#include "app/cli_output.hpp"
#include "app/demo/seeder.hpp"
#include "app/wiring.hpp"
#include "storage/sqlite/kpi_store.hpp"

namespace motcua::app {
namespace {

struct SeedArgs {
    std::string db;
    std::uint64_t seed = 20261125;
    int dossiers = 50000;
};

void Progress(int done, int total) {
    constexpr int kWidth = 30;
    const int filled = total > 0 ? done * kWidth / total : kWidth;
    fmt::print(
        stderr, "\r[{:=<{}}{:<{}}] {}/{} hồ sơ", "", filled, "", kWidth - filled, done, total);
    if (done >= total) {
        fmt::print(stderr, "\n");
    }
}

Result<void> RunSeed(const SeedArgs& a) {
    if (a.dossiers < 0) {
        return Fail(ErrorCode::kInvalidArgument,
                    "--dossiers must not be negative",
                    "--dossiers không được âm");
    }
    const auto started = std::chrono::steady_clock::now();
    MOTCUA_ASSIGN_OR_RETURN(Backend backend, OpenBackend(a.db, /*bulk=*/true));
    demo::SeedOptions options;
    options.seed = a.seed;
    options.dossiers = a.dossiers;
    options.progress = &Progress;
    MOTCUA_ASSIGN_OR_RETURN(const demo::SeedReport r, demo::SeedDemo(backend, options));
    // The bulk load wrote no KPI counters: build them from the events, once.
    MOTCUA_TRY(storage::sqlite::RebuildKpiCounters(*backend.db));
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    fmt::print(
        "demo province: {} agencies, {} procedures, {} internal processes, {} dossiers "
        "({} events, {} late, {} still open), {} demo accounts in {:.1f} s; {} writes in {} "
        "group commits\n",
        r.agencies,
        r.procedures,
        r.processes,
        r.dossiers,
        r.events,
        r.late,
        r.open,
        r.accounts,
        seconds,
        r.jobs,
        r.commits);
    return {};
}

}  // namespace

void AddSeedCommand(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<SeedArgs>();
    CLI::App* cmd = app.add_subcommand("seed-demo", "Build the demo province in an empty database");
    cmd->add_option("--db", args->db, "SQLite database file")->required();
    cmd->add_option("--seed", args->seed, "random seed (same seed, same province)");
    cmd->add_option("--dossiers", args->dossiers, "number of historical dossiers");
    cmd->callback([&exit_code, args] { FinishCommand(exit_code, [&] { return RunSeed(*args); }); });
}

}  // namespace motcua::app
