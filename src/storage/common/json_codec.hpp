// JSON forms of the domain values storage keeps (events, projections, catalog bodies), shared by
// the SQLite and PostgreSQL back ends. The event form is canonical: keys sorted, no whitespace,
// so its bytes are what the audit chain hashes. Parsing errors become kInvalidArgument naming the
// field (the adapter boundary of STYLE.md §4.5).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "core/catalog/procedure.hpp"
#include "core/workflow/dossier.hpp"
#include "core/workflow/process.hpp"
#include "core/workflow/public_view.hpp"

namespace motcua::storage {

// Canonical bytes of an event (dossier id, seq, time, actor, type and payload).
std::string EncodeEvent(const core::workflow::Event& event);
[[nodiscard]] Result<core::workflow::Event> DecodeEvent(std::string_view json);

std::string EncodeDossier(const core::workflow::Dossier& dossier);
[[nodiscard]] Result<core::workflow::Dossier> DecodeDossier(std::string_view json);

// The JSON of a new dossier or of one of its events, encoded before storage has assigned the
// dossier's id and code (so that the one writer thread does not encode): the bytes of
// EncodeDossier / EncodeEvent for id 0 and, when the code is still empty, an empty code, with
// where the two go. CompleteJson writes the assigned values in; the result is exactly the
// encoder's for the completed value. `ok` is false when a place was not found exactly once
// (encode after assigning instead).
struct PendingJson {
    std::string json;
    std::size_t id_at = std::string::npos;    // offset of the id's "0"
    std::size_t code_at = std::string::npos;  // offset inside the code's quotes; npos: code set
    bool ok = false;
};

// `dossier.id` must be 0.
PendingJson PendingDossierJson(const core::workflow::Dossier& dossier);
// `event.dossier` must be 0.
PendingJson PendingEventJson(const core::workflow::Event& event);
// `pending.ok` must hold; `code` is ignored when the code was already set.
std::string CompleteJson(const PendingJson& pending, std::int64_t id, std::string_view code);

// Components and fees of a procedure version (the columns hold the rest).
std::string EncodeVersionBody(const core::catalog::ProcedureVersion& version);
[[nodiscard]] Result<void> DecodeVersionBody(std::string_view json,
                                             core::catalog::ProcedureVersion& version);

std::string EncodeSteps(const std::vector<core::workflow::ProcessStep>& steps);
[[nodiscard]] Result<std::vector<core::workflow::ProcessStep>> DecodeSteps(std::string_view json);

// One line of a dossier's public timeline: {"at", "event", "title"} plus "reasons" and
// "new_due_at" when set. The stored timeline (SQLite: dossiers.timeline; PostgreSQL:
// dossier_public.timeline) holds a JSON array of them. The text is exactly
// that of the line in the public answer (GET /api/public/dossiers/{code}), which copies the
// stored array: keys sorted, no spaces, UTF-8 as is, what is not UTF-8 replaced by U+FFFD.
std::string EncodePublicEntry(const core::workflow::PublicTimelineEntry& entry);
// The stored timeline: "[" + the EncodePublicEntry lines joined by "," + "]".
std::string EncodePublicTimeline(std::span<const core::workflow::PublicTimelineEntry> timeline);
[[nodiscard]] Result<std::vector<core::workflow::PublicTimelineEntry>> DecodePublicTimeline(
    std::string_view json);

// "2026-02-25T17:00" civil time, the stored form of LocalDateTime.
std::string EncodeTime(core::calendar::LocalDateTime t);

}  // namespace motcua::storage
