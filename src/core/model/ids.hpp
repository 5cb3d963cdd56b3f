// Typed identifiers of the domain (STYLE.md §3): database keys are int64, wrapped so they cannot
// be mixed up. Business codes (agency code, procedure code, dossier code) stay strings.
#pragma once

#include <cstdint>

#include "common/strong_id.hpp"

namespace motcua::core::model {

using AgencyId = StrongId<struct AgencyIdTag, std::int64_t>;
using ProcedureVersionId = StrongId<struct ProcedureVersionIdTag, std::int64_t>;
using DecisionId = StrongId<struct DecisionIdTag, std::int64_t>;
using ProcessId = StrongId<struct ProcessIdTag, std::int64_t>;
using DossierId = StrongId<struct DossierIdTag, std::int64_t>;
using UserId = StrongId<struct UserIdTag, std::int64_t>;

}  // namespace motcua::core::model
