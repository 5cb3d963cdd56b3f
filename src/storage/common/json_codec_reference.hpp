// For tests only: the encoders EncodeEvent and EncodeDossier replaced, which build an
// nlohmann::json tree and dump() it. Their bytes are the reference the direct encoders must
// reproduce exactly (the event bytes are what the audit chain hashes).
#pragma once

#include <string>

#include "core/workflow/dossier.hpp"

namespace motcua::storage::testing {

// The event's canonical bytes through nlohmann::json; throws json::type_error 316 when a string
// is not UTF-8.
std::string NlohmannEncodeEvent(const core::workflow::Event& event);
// The dossier's JSON through nlohmann::json; throws as NlohmannEncodeEvent.
std::string NlohmannEncodeDossier(const core::workflow::Dossier& dossier);

}  // namespace motcua::storage::testing
