// JSON shapes of the API (documented in api/openapi.json): domain values → JSON, and request
// bodies → domain commands. Field names are snake_case; times are Vietnamese civil time
// "YYYY-MM-DDTHH:MM", dates "YYYY-MM-DD".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "core/catalog/procedure.hpp"
#include "core/model/agency.hpp"
#include "core/workflow/commands.hpp"
#include "core/workflow/dossier.hpp"
#include "core/workflow/public_view.hpp"
#include "http/json_body.hpp"

namespace motcua::http {

// The whole dossier, for those allowed to see it (owner, officers in scope, controllers).
Json DossierJson(const core::workflow::Dossier& dossier);
// The same answer as bytes: exactly Dump(DossierJson(dossier)) (what the dossier routes send),
// written without building the JSON tree (submission's hot path). DossierJson stays the
// reference and serves callers that need the tree.
std::string DossierBody(const core::workflow::Dossier& dossier);
// Public tracking: status, timeline and appointment; no personal data, no internal notes. The
// timeline is `view.timeline_json` (parsed) when set, else `view.timeline`.
Json PublicViewJson(const core::workflow::PublicView& view);
// The same answer as bytes: exactly Dump(PublicViewJson(view)), written without building the
// JSON tree (the public lookup's hot path); a set `view.timeline_json` (the stored array, already
// in the answer's form) is copied as it is.
std::string PublicViewBody(const core::workflow::PublicView& view);
Json EventJson(const core::workflow::Event& event);
Json ProcedureJson(const core::catalog::ProcedureVersion& version);
Json AgencyJson(const core::model::Agency& agency, std::string_view parent_code);
Json DecisionJson(const core::catalog::PublicationDecision& decision);

// A submission from its JSON body. kInvalidArgument naming the field at fault.
[[nodiscard]] Result<core::workflow::Submission> ParseSubmission(const Json& body);

// The command for `action` ("receive", "request-supplement", …; see ActionNames) from its JSON
// body. kNotFound for an unknown action; kInvalidArgument for a bad body.
[[nodiscard]] Result<core::workflow::Command> ParseCommand(std::string_view action,
                                                           const Json& body);

// Every action name, in lifecycle order.
const std::vector<std::string_view>& ActionNames();

}  // namespace motcua::http
