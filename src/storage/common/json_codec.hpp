// JSON forms of the domain values storage keeps (events, projections, catalog bodies), shared by
// the SQLite and PostgreSQL back ends. The event form is canonical: keys sorted, no whitespace,
// so its bytes are what the audit chain hashes. Parsing errors become kInvalidArgument naming the
// field (the adapter boundary of STYLE.md §4.5).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "core/catalog/procedure.hpp"
#include "core/workflow/dossier.hpp"
#include "core/workflow/process.hpp"

namespace motcua::storage {

// Canonical bytes of an event (dossier id, seq, time, actor, type and payload).
std::string EncodeEvent(const core::workflow::Event& event);
[[nodiscard]] Result<core::workflow::Event> DecodeEvent(std::string_view json);

std::string EncodeDossier(const core::workflow::Dossier& dossier);
[[nodiscard]] Result<core::workflow::Dossier> DecodeDossier(std::string_view json);

// Components and fees of a procedure version (the columns hold the rest).
std::string EncodeVersionBody(const core::catalog::ProcedureVersion& version);
[[nodiscard]] Result<void> DecodeVersionBody(std::string_view json,
                                             core::catalog::ProcedureVersion& version);

std::string EncodeSteps(const std::vector<core::workflow::ProcessStep>& steps);
[[nodiscard]] Result<std::vector<core::workflow::ProcessStep>> DecodeSteps(std::string_view json);

// "2026-02-25T17:00" civil time, the stored form of LocalDateTime.
std::string EncodeTime(core::calendar::LocalDateTime t);

}  // namespace motcua::storage
