// The read side of dossiers: the queues and lists officers, citizens and controllers page
// through, and the per-status counts for monitoring (docs/WORKFLOW.md, "Queues and lists").
// Storage implements it over the projection's query columns and step rows, never by replaying
// events. Implementations must be thread-safe; every call reads one consistent snapshot.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "core/calendar/civil_time.hpp"
#include "core/model/ids.hpp"
#include "core/workflow/dossier.hpp"

namespace motcua::core::ports {

// How a list is ordered.
enum class DossierOrder {
    // The officers' queue order: due time ascending; dossiers without a due time (online
    // submissions not yet received) come first; ties in submission order (id).
    kDueAscending,
    // Newest submission first; ties newest id first.
    kSubmittedDescending,
};

// Which dossiers to list. Every set field narrows the list (the conditions are ANDed); an empty
// or unset field does not filter.
struct DossierFilter {
    // Agency scope: dossiers received or handled by one of these agencies, or with an open step
    // or open consultation at one of them (open = unfinished, on a dossier that is not
    // terminal). Callers pass the officer's subtree (Directory::Subtree). Empty = every agency.
    std::vector<std::string> agencies;
    // Dossiers submitted from this citizen account (the citizen's own list).
    std::optional<model::UserId> applicant_account;
    // Any of these statuses.
    std::vector<workflow::DossierStatus> statuses;
    // Only dossiers still in processing: statuses 1, 2, 4, 5, 6 (not IsTerminal). A dossier
    // settled (9) but not yet returned is not open; list it with statuses = {kProcessed}.
    bool open_only = false;
    // The current step (the open step of the internal process, not a consultation, on an open
    // dossier) has this role / is at one of these agencies / is assigned to this user. Any of
    // them restricts the list to open dossiers that have a current step.
    std::optional<workflow::Role> step_role;
    std::vector<std::string> step_agencies;
    std::optional<model::UserId> assignee;
    // Due time in [due_from, due_before) ("due soon": due_from = now, due_before = now + 2 days).
    // Dossiers without a due time never match.
    std::optional<calendar::LocalDateTime> due_from;
    std::optional<calendar::LocalDateTime> due_before;
    // Overdue at this moment: open, due_at < overdue_at, and the clock not stopped (not waiting
    // for a supplement, not in a payment wait that pauses the clock).
    std::optional<calendar::LocalDateTime> overdue_at;
    std::string procedure_code;  // mã TTHC
    std::optional<workflow::Channel> channel;
    // Received on a day in [received_from, received_to] (both inclusive). Dossiers not yet
    // received never match.
    std::optional<calendar::LocalDate> received_from;
    std::optional<calendar::LocalDate> received_to;
    // Text containing a digit: a prefix of the dossier code, any case ("000.00.21.h99-2603").
    // Otherwise words of the applicant's name, any case, with or without diacritics, matched
    // from the start of a word ("van an" finds "Nguyễn Văn An"). Blank = no filter.
    std::string text;
    DossierOrder order = DossierOrder::kDueAscending;
    // Page size, clamped to [1, kMaxLimit]; offset below 0 counts as 0.
    int limit = 50;
    int offset = 0;

    static constexpr int kMaxLimit = 500;
};

// The step a dossier is at (StepRecord without its history).
struct StepSummary {
    int index = 0;
    std::string name;
    workflow::Role role = workflow::Role::kSpecialist;
    std::string agency_code;
    std::optional<model::UserId> assignee;
    calendar::LocalDateTime started_at;
    calendar::LocalDateTime due_at;

    bool operator==(const StepSummary&) const = default;
};

// One line of a list: what a queue shows without loading the dossier.
struct DossierSummary {
    model::DossierId id;
    std::string code;
    std::string procedure_code;
    std::string procedure_name;        // of the version the dossier pinned
    std::string agency_code;           // receiving agency
    std::string handling_agency_code;  // agency settling it
    workflow::DossierStatus status = workflow::DossierStatus::kSubmitted;
    workflow::Channel channel = workflow::Channel::kOnline;
    std::string applicant_name;
    calendar::LocalDateTime submitted_at;
    std::optional<calendar::LocalDateTime> received_at;
    std::optional<calendar::LocalDateTime> due_at;
    workflow::Verdict verdict = workflow::Verdict::kPending;
    // Dossier::CurrentStep() while the dossier is open; nullopt otherwise.
    std::optional<StepSummary> current_step;
    std::int64_t version = 0;  // for the expected_version of a following action

    bool operator==(const DossierSummary&) const = default;
};

struct DossierPage {
    std::vector<DossierSummary> items;
    std::int64_t total = 0;  // dossiers matching the filter, regardless of limit and offset
};

class DossierQueries {
public:
    virtual ~DossierQueries() = default;

    // One page of the dossiers matching `filter`, in its order, with the total. The caller
    // decides what the actor may see and sets the scope fields accordingly (officers: agencies;
    // citizens: applicant_account); List itself checks no permission.
    [[nodiscard]] virtual Result<DossierPage> List(const DossierFilter& filter) = 0;

    // The number of dossiers in each status, every status 1..10 present (0 when none). Cheap:
    // reads counters kept with the projection, not the dossiers.
    [[nodiscard]] virtual Result<std::map<workflow::DossierStatus, std::int64_t>>
    StatusCounts() = 0;
};

}  // namespace motcua::core::ports
