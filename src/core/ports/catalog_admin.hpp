// The write side of the reference data, as the administration pages use it: publishing a
// decision with new and amended procedure versions, saving a new version of an internal process,
// and replacing an agency's own calendar entries. Storage implements it beside the Directory and
// CatalogQueries ports. Implementations must be thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "core/calendar/civil_time.hpp"
#include "core/calendar/holiday_rules.hpp"
#include "core/catalog/procedure.hpp"
#include "core/model/ids.hpp"
#include "core/workflow/process.hpp"

namespace motcua::core::ports {

// One saved version of an internal process. Versions of a procedure × agency are numbered 1, 2,
// … in the order saved; a dossier follows the version that applied when it was received.
struct ProcessVersion {
    int version = 1;
    // Dossiers received at or after this minute (Vietnamese civil time) follow this version,
    // until a later version applies. Dossiers received before the first version follow it.
    calendar::LocalDateTime applies_from;
    calendar::LocalDateTime saved_at;
    std::string saved_by;  // the administrator's username; empty when seeded or imported
    workflow::InternalProcess process;

    bool operator==(const ProcessVersion&) const = default;
};

class CatalogAdmin {
public:
    virtual ~CatalogAdmin() = default;

    // Publishes a decision atomically: the decision, its items, the new versions, and the
    // versions they close (catalog::ApplyDecision). kAlreadyExists (field "number") for a
    // decision number already used; ApplyDecision's errors, whose field names the item
    // ("items[0].version.name"); nothing is kept on any failure.
    [[nodiscard]] virtual Result<model::DecisionId> PublishDecision(
        const catalog::PublicationDecision& decision) = 0;

    // Saves a new version of the process of `process.procedure_code` at `process.agency_code`,
    // checked with workflow::ValidateProcess against the deadline of the procedure version in
    // force on `now`'s day. It applies to dossiers received from the minute after `now`; dossiers
    // received earlier keep the version they were received under. kNotFound (field
    // "procedure_code" or "agency") for a procedure not in force or an unknown agency;
    // ValidateProcess's errors (field "steps" when the budgets exceed the legal deadline).
    [[nodiscard]] virtual Result<ProcessVersion> SaveProcessVersion(
        const workflow::InternalProcess& process,
        calendar::LocalDateTime now,
        std::string_view saved_by) = 0;

    // Every version of one agency's process for a procedure, oldest first; empty when none.
    [[nodiscard]] virtual Result<std::vector<ProcessVersion>> ProcessVersions(
        std::string_view procedure_code,
        std::string_view agency_code) = 0;

    // Replaces the agency's own calendar entries (they win over the national calendar for that
    // agency) by `entries`. kNotFound (field "agency") for an unknown agency; kInvalidArgument
    // (field "entries[i].date") for a date given twice.
    [[nodiscard]] virtual Result<void> SaveAgencyCalendar(
        std::string_view agency_code,
        const std::vector<calendar::CalendarEntry>& entries) = 0;
};

}  // namespace motcua::core::ports
