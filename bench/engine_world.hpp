// The world both dossier-engine benchmarks (engine_bench.cpp on SQLite, engine_pg_bench.cpp on
// PostgreSQL) run in: a province, kCommunes communes each with an internal process for birth
// registration, their actors, and the loop that drives dossiers through the workflow. Never part
// of the product.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "core/model/agency.hpp"
#include "core/ports/dossier_store.hpp"
#include "core/workflow/commands.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/directory.hpp"

namespace motcua::bench {

// The province agency code.
inline constexpr const char* kProvince = "000.00.00.H99";
// The birth registration procedure code (the only procedure seeded).
inline constexpr const char* kBirth = "1.001193";
// Communes seeded, numbered 0..kCommunes-1 (see CommuneCode).
inline constexpr int kCommunes = 20;
// Events appended by one dossier cycle: 2 + 1 + 2 + 2 + 1.
inline constexpr int kEventsPerCycle = 8;
// Transitions of one dossier cycle: Submit, Forward, CompleteStep, IssueResult, Return.
inline constexpr int kTransitionsPerCycle = 5;

// The agency code of commune `i` (0-based): 000.00.21.H99, 000.00.22.H99, …
std::string CommuneCode(int i);

// A thread-safe KeySource giving K0000001, K0000002, … (wrapping after 9 999 999).
class CountingKeys final : public core::ports::KeySource {
public:
    std::string NewVerificationKey() override;

private:
    std::atomic<std::int64_t> next_{0};
};

// A directory holding the seeded world, and the id of its province agency.
struct SeededDirectory {
    std::unique_ptr<storage::sqlite::SqliteDirectory> directory;
    core::model::AgencyId province{};
};

// Opens a SqliteDirectory on `db` (built-in national calendar) and seeds it: the province
// kProvince, the procedure kBirth (published with effect from 2025-07-01, counter and postal
// channels, 3 working days) and kCommunes communes under the province, each with a two-step
// internal process (specialist 12 working hours, agency leader 4) effective 2026-03-02. `db` must
// be empty (migrated, no agencies) and outlive the returned directory.
Result<SeededDirectory> SeedDirectory(storage::sqlite::Database& db);

// The one-stop officer, specialist and agency leader of one commune.
struct Actors {
    core::workflow::Actor officer;
    core::workflow::Actor specialist;
    core::workflow::Actor leader;
};

// The actors of commune `commune` (0-based); user ids are distinct across communes.
Actors ActorsOf(int commune);

// A counter submission of kBirth at commune `commune`, applicant number `n` (distinct names and
// identity numbers for distinct `n`).
core::workflow::Submission BirthAt(int commune, std::int64_t n);

// How Drive runs.
struct DriveOptions {
    int threads = 1;  // worker threads, thread t using commune t % kCommunes
    std::chrono::steady_clock::duration duration{};  // wall time after which the threads stop
    bool latencies = true;                           // record each transition's latency
    std::optional<std::int64_t> max_events;          // stop early once that many events are written
};

// What Drive did.
struct DriveResult {
    std::int64_t transitions = 0;  // successful transitions
    std::int64_t events = 0;       // events they appended
    std::int64_t failures = 0;     // failed transitions
    Error first_failure;           // one failure's error (empty message when none failed)
    double seconds = 0;            // wall time from the threads' start to their end
    double p50_ms = 0;             // median transition latency (0 without latencies)
    double p99_ms = 0;             // 99th percentile transition latency (0 without latencies)
};

// Drives the seeded world through a DossierService over `directory` and `store` (with `clock`
// and a CountingKeys): options.threads threads, each cycling its own dossiers through Submit,
// Forward, CompleteStep, IssueResult and Return until options.duration ends or
// options.max_events events are written (a thread stops mid-cycle then; a failed transition
// abandons its dossier). Blocks until every thread has ended.
DriveResult Drive(core::ports::Directory& directory,
                  core::ports::DossierStore& store,
                  const Clock& clock,
                  const DriveOptions& options);

}  // namespace motcua::bench
