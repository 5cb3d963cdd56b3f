// The projection: a Dossier is the left fold of Apply over its events. Apply is total and pure;
// it trusts the events (they were decided and validated before being appended).
#pragma once

#include <span>

#include "core/workflow/dossier.hpp"

namespace motcua::core::workflow {

// The dossier after `event`. The first event of a dossier must be Submitted.
Dossier Apply(Dossier dossier, const Event& event);

// Folds all events of one dossier, in order.
Dossier Replay(std::span<const Event> events);

}  // namespace motcua::core::workflow
