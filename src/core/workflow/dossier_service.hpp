// DossierService: the one entry point that changes dossiers. For each request it gathers the
// context (agency scope, pinned procedure version, internal process, calendar, rule set), asks
// the pure Decide for events, folds them into the projection and appends everything through the
// DossierStore in one durable transaction. Thread-safe when its ports are; holds no state.
#pragma once

#include <optional>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "core/ports/dossier_store.hpp"
#include "core/workflow/commands.hpp"
#include "core/workflow/dossier.hpp"

namespace motcua::core::workflow {

class DossierService {
public:
    DossierService(ports::Directory& directory,
                   ports::DossierStore& store,
                   const Clock& clock,
                   ports::KeySource& keys)
        : directory_(directory), store_(store), clock_(clock), keys_(keys) {}

    // Submits a new dossier (online, assisted, counter or postal). A repeated idempotency key
    // from the same actor returns the dossier made the first time and changes nothing; keys are
    // scoped to the actor (stored as "<role>:<user>:<key>"). Errors: kNotFound for an
    // unknown agency or a procedure not in force; the errors of DecideSubmission.
    [[nodiscard]] Result<Dossier> Submit(const Actor& actor, const Submission& submission);

    // Applies `command` to the dossier. With `expected_version`, fails kConflict when the
    // dossier changed since the caller read it; a concurrent change between our read and our
    // write also gives kConflict (never a half-applied transition).
    [[nodiscard]] Result<Dossier> Act(const Actor& actor,
                                      DossierId id,
                                      const Command& command,
                                      std::optional<std::int64_t> expected_version = {});

    // The dossier if the actor may see it, else kNotFound (the same answer as a missing one).
    [[nodiscard]] Result<Dossier> Get(const Actor& actor, DossierId id);

    // Its events, under the same visibility rule.
    [[nodiscard]] Result<std::vector<Event>> History(const Actor& actor, DossierId id);

private:
    [[nodiscard]] Result<std::vector<std::string>> ScopeOf(const Actor& actor);
    [[nodiscard]] Result<ports::AppendResult> Store(const Dossier& before,
                                                    std::optional<DossierId> id,
                                                    const Actor& actor,
                                                    std::vector<EventData> data,
                                                    Dossier& after);

    ports::Directory& directory_;
    ports::DossierStore& store_;
    const Clock& clock_;
    ports::KeySource& keys_;
};

}  // namespace motcua::core::workflow
