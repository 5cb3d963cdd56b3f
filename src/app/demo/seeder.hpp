// seed-demo: builds the demo province "Hòa Bình Xanh" in an empty database — agencies, the
// published catalog with a later amending decision and its simplification reviews, internal
// processes for every procedure at every agency that handles it, and tens of thousands of
// historical dossiers driven through the real DossierService (never inserted rows), with a
// realistic mix of channels, supplements, consultations, payments, apologies and late steps.
// Deterministic from the seed.
#pragma once

#include <cstdint>
#include <functional>

#include "app/wiring.hpp"
#include "common/result.hpp"
#include "core/calendar/civil_time.hpp"

namespace motcua::app::demo {

struct SeedOptions {
    std::uint64_t seed = 20261125;
    int dossiers = 50000;
    // Dossiers are received over the two years before this day (exclusive); the latest are
    // left in progress as of this day.
    core::calendar::LocalDate until{std::chrono::year{2026} / 11 / 20};
    // Called now and then with (done, total).
    std::function<void(int, int)> progress;
};

struct SeedReport {
    int agencies = 0;
    int procedures = 0;
    int processes = 0;
    int dossiers = 0;
    int events = 0;
    int late = 0;
    int open = 0;
    int accounts = 0;           // demo accounts (app/demo/demo_accounts.hpp)
    std::uint64_t commits = 0;  // writer transactions (group commits)
    std::uint64_t jobs = 0;     // writer jobs
};

// kFailedPrecondition when the database already holds agencies.
[[nodiscard]] Result<SeedReport> SeedDemo(Backend& backend, const SeedOptions& options);

}  // namespace motcua::app::demo
