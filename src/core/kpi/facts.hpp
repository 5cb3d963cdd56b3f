// The indicator engine's atoms: counter facts derived from the event log (DESIGN.md §3).
//
// Every figure of the QĐ 766 index and of the settlement reports is a sum of counters. A counter
// is keyed by (metric, day, agency, procedure, sector) and is changed only by facts; the facts of
// an event are a pure function of the dossier just before it, the event and the procedure's
// traits (FactsOf), so storage can add them in the same transaction as the event and a full
// recomputation from the events must give the same counters.
//
// Two kinds of metric (docs/INDICATORS.md):
// - flows count what happened on a day (dossiers received, settled late, …): a figure for a
//   period is the sum over its days;
// - levels (pending, pending past due, waiting for the applicant) are stored as day-by-day
//   changes: the level at the end of day D is the sum of all changes on days ≤ D. An event on day
//   E replaces the dossier's projected contribution from E onwards (the "before" projection is
//   withdrawn and the "after" one added), so a dossier that will pass its due date without any
//   new event already carries the change on the day after its due date.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "core/calendar/civil_time.hpp"
#include "core/catalog/procedure.hpp"
#include "core/workflow/dossier.hpp"

namespace motcua::core::kpi {

// The stable numeric code is stored with each counter: never renumber a metric.
enum class Metric : int {
    // Submissions (event day, agency = receiving agency).
    kSubmittedOnlineSelf = 1,      // online, by the applicant
    kSubmittedOnlineAssisted = 2,  // online, entered by an officer on the applicant's behalf
    kSubmittedCounter = 3,
    kSubmittedPostal = 4,
    // Receptions (event day, agency = settling agency).
    kReceivedOnlineSelf = 10,
    kReceivedOnlineAssisted = 11,
    kReceivedCounter = 12,
    kReceivedPostal = 13,
    kReceivedFeeProcedure = 14,               // of a procedure version with a fee > 0
    kReceivedFullOnlineProcedure = 15,        // of a procedure offered fully online (toàn trình)
    kReceivedOnlineFullOnlineProcedure = 16,  // online, of such a procedure
    // Settlements: the end of processing of a received dossier (event day).
    kSettledEarly = 20,
    kSettledOnTime = 21,
    kSettledLate = 22,
    kSettledWithoutVerdict = 23,  // withdrawn (or ended with no due time)
    // How processing ended (event day).
    kResultIssued = 30,
    kRefusedAtReception = 31,  // not received (không tiếp nhận)
    kRefusedAfterReception = 32,
    kStopped = 33,
    kWithdrawnBeforeReception = 34,
    kWithdrawnAfterReception = 35,
    kWithdrawnPastDue = 36,  // of 35, withdrawn after its due time
    // Returns of results (event day).
    kReturnedCounter = 40,
    kReturnedPostal = 41,
    kReturnedOnline = 42,
    // Supplements, apologies (event day).
    kSupplementRequestedAtReception = 50,
    kSupplementRequestedInProcessing = 51,
    kSupplementReceived = 52,
    kSettledInTimeManySupplements = 53,  // settled early/on time after ≥ 2 supplement requests
    kSettledInTimeBothExceptions = 54,   // counted in both 53 and 57
    kApologyIssued = 55,
    kApologyLateNotice = 56,
    kSettledInTimeLateByOriginalDue = 57,  // in time for the new date, late for the original one
    // Payments (reception day of the dossier, once per dossier).
    kDossierPaid = 60,        // first payment received
    kDossierPaidOnline = 61,  // first payment received online
    // Ratings (event day).
    kRated = 70,
    kRatingPoints = 71,  // sum of scores 1..5
    kRatedUnhappy = 72,  // score ≤ kUnhappyMaxScore
    // Settlement time of results issued (reception day).
    kSettlementMinutes = 80,  // calendar minutes from reception to result
    kSettlementCount = 81,
    // Steps (completion day, agency = the step's agency, consultations included).
    kStepEarly = 90,
    kStepOnTime = 91,
    kStepLate = 92,
    // Levels (day-by-day changes; agency = settling agency).
    kPending = 100,         // received, not yet ended
    kPendingOverdue = 101,  // of those, clock running and due date before the day
    kPendingWaiting = 102,  // of those, clock stopped (waiting for the applicant)
};

// Ratings at or below this score count as unhappy (kRatedUnhappy).
inline constexpr int kUnhappyMaxScore = 2;

// Every metric, in code order.
std::span<const Metric> AllMetrics();
// "received_online_self", …; stable, used in APIs and drill-down links.
std::string_view MetricName(Metric metric);
// kInvalidArgument (field "metric") for an unknown name.
[[nodiscard]] Result<Metric> ParseMetric(std::string_view name);
// kInvalidArgument for an unknown code (a database written by a newer build).
[[nodiscard]] Result<Metric> MetricFromCode(int code);
// True for level metrics (kPending…), summed up to a day rather than over a period.
bool IsLevel(Metric metric);
// True for metrics whose agency is the step's agency rather than the settling agency.
bool IsStepMetric(Metric metric);

// What the facts need to know about the procedure version a dossier pinned (immutable).
struct ProcedureTraits {
    std::string sector_code;
    bool has_fee = false;  // some fee > 0
    catalog::OnlineLevel online_level = catalog::OnlineLevel::kNone;

    bool operator==(const ProcedureTraits&) const = default;
};

// The traits of a version.
ProcedureTraits TraitsOf(const catalog::ProcedureVersion& version);

// One change to one counter.
struct Fact {
    Metric metric = Metric::kPending;
    calendar::LocalDate day;
    std::string agency_code;
    std::string procedure_code;
    std::string sector_code;
    std::int64_t value = 0;

    bool operator==(const Fact&) const = default;
};

// The facts of `event` applied to `before` (the dossier just before it; a default Dossier for
// the first event). Pure; the order of the result is unspecified.
std::vector<Fact> FactsOf(const workflow::Dossier& before,
                          const workflow::Event& event,
                          const ProcedureTraits& traits);

// The facts of the events appended to `before` (folded with Apply), merged by key with zero
// sums dropped, sorted by (metric, day, agency, procedure, sector).
std::vector<Fact> FactsOf(const workflow::Dossier& before,
                          std::span<const workflow::Event> events,
                          const ProcedureTraits& traits);

// Merges facts with the same key, drops zero sums and sorts (as above).
std::vector<Fact> Merge(std::vector<Fact> facts);

// Selects the facts of one figure: `metric` on days [from, to] (flows) or ≤ to (levels), for
// agencies in `agencies` (all when empty), one procedure and one sector (all when empty).
struct FigureFilter {
    Metric metric = Metric::kSettledLate;
    calendar::LocalDate from;
    calendar::LocalDate to;
    std::vector<std::string> agencies;  // sorted
    std::string procedure_code;
    std::string sector_code;
};

// What one dossier contributes to a figure: the sum of its selected facts, and the agency of
// the (last) one selected.
struct Contribution {
    std::int64_t value = 0;
    std::string agency_code;
};

// The contribution of a dossier, from its events in order. Used to list the dossiers behind a
// figure: their contributions sum to the figure.
Contribution ContributionOf(std::span<const workflow::Event> events,
                            const ProcedureTraits& traits,
                            const FigureFilter& filter);

// The dossier as it stood at the end of `day` (events of later days not applied).
workflow::Dossier StateAtEndOf(std::span<const workflow::Event> events, calendar::LocalDate day);

// A step that overran its budget: finished after its due time, or still open past it at `as_of`.
struct StepOverrun {
    int index = 0;
    std::string name;
    std::string agency_code;
    bool consultation = false;
    workflow::LocalDateTime started_at;
    workflow::LocalDateTime due_at;
    std::optional<workflow::LocalDateTime> finished_at;  // nullopt while open
    std::int64_t overrun_minutes = 0;                    // calendar minutes past due

    bool operator==(const StepOverrun&) const = default;
};

// Lateness attribution: the steps of `dossier` that overran their budget as of `as_of`, in
// step order — which step, at which agency, by how long.
std::vector<StepOverrun> Overruns(const workflow::Dossier& dossier, workflow::LocalDateTime as_of);

}  // namespace motcua::core::kpi
