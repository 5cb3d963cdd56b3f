// Indicator subcommands of `motcua` (docs/INDICATORS.md, docs/CLI.md):
//
//   verify-kpi   --db F [--repair]              recompute the KPI counters from the events
//   indicators   --db F --period P [--agency C] [--sector S] [--procedure T] [--json]
//   ranking      --db F --period P [--json]
//   report settlement --db F --from D --to D [--agency C] [--format json|csv|xlsx] [--out F]
//   figure-dossiers --db F --metric M --period P [--agency C] [--offset N] [--limit N]
//
// Each opens the database, answers as of today (system clock) and exits 0 on success, 2 for bad
// arguments, 1 otherwise (verify-kpi: 1 when the counters differ and were not repaired).
#pragma once

#include <CLI/CLI.hpp>

namespace motcua::app {

void AddKpiCommands(CLI::App& app, int& exit_code);

}  // namespace motcua::app
