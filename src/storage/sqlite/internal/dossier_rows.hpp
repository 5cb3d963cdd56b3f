// The rows that mirror a dossier (migrations 0001, 0003, 0009, 0020): the projection row of
// `dossiers`, which also holds the public tracking view (its returned_at and timeline columns),
// with its step rows and attachment links, and the applicant-name index, as the dossier store's
// appends and the rebuild write and read them. Internal to storage; every function runs on the
// caller's connection, inside its transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "common/result.hpp"
#include "core/workflow/dossier.hpp"
#include "core/workflow/public_view.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/statement.hpp"

namespace motcua::storage::sqlite::internal {

// Rewrites the projection row of an existing dossier: the columns an event can change, and the
// new events' public timeline `lines` (PublicTimelineLines: their lines joined by commas, no
// brackets; empty when none is public) added to the stored timeline (its last line is an object,
// so rtrim takes off only the array's closing bracket). With `previous` (the stored projection
// the events were applied to), the indexed columns it already holds as they are are left out, so
// their indexes are not rewritten; nor are the step rows finished before `since` or unchanged
// from `previous`. `body` is EncodeDossier(d), computed by the caller (off the writer thread when
// it can be).
[[nodiscard]] Result<void> UpdateProjection(Connection& c,
                                            const core::workflow::Dossier& d,
                                            std::string_view body,
                                            std::string_view lines,
                                            std::optional<core::workflow::LocalDateTime> since,
                                            const core::workflow::Dossier* previous);

// Adds new dossiers' rows (id, folded applicant name) to the applicant-name index (0009; the
// rows of updated and deleted dossiers are kept by its triggers).
[[nodiscard]] Result<void> IndexNames(Connection& c,
                                      std::span<const std::pair<std::int64_t, std::string>> names);

// Inserts (or, for an existing id, rewrites) the projection row with its public `timeline` (the
// stored JSON array, in the form EncodePublicTimeline writes), its step rows (those finished
// before `since` skipped) and attachment links; `folded` is FoldVietnamese(d.applicant.name). A
// new row's name-index entry is the caller's (IndexNames).
[[nodiscard]] Result<void> WriteProjection(
    Connection& c,
    const std::string& tenant,
    const core::workflow::Dossier& d,
    std::string_view body,
    std::string_view folded,
    std::string_view timeline,
    std::optional<core::workflow::LocalDateTime> since = std::nullopt);

// The columns of `dossiers` that hold the public view, in the order the readers below take them
// (select them by this text).
inline constexpr std::string_view kPublicColumns =
    "code, id, verification_key, procedure_code, agency_code, handling_agency_code, channel, "
    "status, submitted_at, received_at, due_at, finished_at, returned_at, verdict, version, "
    "timeline";
inline constexpr int kPublicColumnCount = 16;

// The stored view in the row's columns [first, first + kPublicColumnCount), its timeline left
// empty (the last column).
[[nodiscard]] Result<core::workflow::PublicView> PublicFieldsAt(const Statement& row, int first);

// The stored view in the row's columns [first, first + kPublicColumnCount), timeline decoded.
[[nodiscard]] Result<core::workflow::PublicView> PublicViewAt(const Statement& row, int first);

}  // namespace motcua::storage::sqlite::internal
