// The settlement report (tình hình, kết quả giải quyết TTHC; the columns of forms 06a/07a, spec
// §11) per agency and per sector, with the digital-service rates beside it. A figure the data
// cannot give yet (digitisation, reuse) is reported as not available with the reason, never
// invented. Pure: built from counter totals and, for online drafts, from draft tallies.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/calendar/civil_time.hpp"
#include "core/kpi/period.hpp"
#include "core/kpi/totals.hpp"

namespace motcua::core::kpi {

// A share: numerator / denominator as a percent (2 decimals); percent is nullopt when the
// denominator is 0 or when the figure is not available (then `unavailable` says why).
struct Rate {
    std::int64_t numerator = 0;
    std::int64_t denominator = 0;
    std::optional<double> percent;
    std::string unavailable;  // Vietnamese reason; empty when available

    bool operator==(const Rate&) const = default;
};

struct SettlementFigures {
    // Số hồ sơ nhận giải quyết: carried_over + received.
    std::int64_t to_settle = 0;
    std::int64_t carried_over = 0;  // pending at the end of the day before the period
    std::int64_t received = 0;      // newly received in the period
    std::int64_t received_online = 0;
    std::int64_t received_direct = 0;  // at the counter
    std::int64_t received_postal = 0;
    // Số hồ sơ đã giải quyết (received dossiers whose processing ended in the period).
    std::int64_t settled = 0;
    std::int64_t settled_early = 0;
    std::int64_t settled_on_time = 0;
    std::int64_t settled_late = 0;
    std::int64_t settled_without_verdict = 0;  // withdrawals
    // Số hồ sơ đang giải quyết at the end of the period.
    std::int64_t pending = 0;
    std::int64_t pending_in_time = 0;
    std::int64_t pending_overdue = 0;
    std::int64_t pending_waiting = 0;  // of pending_in_time, waiting for the applicant
    // Events in the period.
    std::int64_t supplement_requests = 0;
    std::int64_t refusals = 0;  // at and after reception
    std::int64_t refused_at_reception = 0;
    std::int64_t stopped = 0;
    std::int64_t apologies = 0;
    std::int64_t withdrawals = 0;  // before and after reception
    std::int64_t results_returned = 0;
    // Rates.
    Rate on_time;           // (early + on time) / settled with a verdict
    Rate digital_take_up;   // received online / received
    Rate self_service;      // received online by the applicant / received
    Rate assisted;          // received online, entered by an officer / received
    Rate online_payment;    // dossiers paid online / dossiers paid (by reception in the period)
    Rate digitization;      // not available yet
    Rate reuse;             // not available yet
    Rate draft_completion;  // online drafts started in the period: submitted / started
    // Median of submitted_at − created_at over those submitted, in minutes (2 decimals).
    std::optional<double> median_minutes_to_submit;
    std::string median_minutes_to_submit_unavailable;  // reason, when not computed
    std::optional<double> average_settlement_days;     // results issued, by reception in the period

    bool operator==(const SettlementFigures&) const = default;
};

// The figures from the flows over the period and the levels at the end of the day before it and
// at its end. Invariant: carried_over + received = settled + pending. The draft figures are left
// not available (with the reason) until AddDraftFigures fills them.
SettlementFigures FiguresOf(const Totals& flows,
                            const Totals& levels_before,
                            const Totals& levels_end);

// Online drafts (hồ sơ đang soạn) started in a period, grouped: `count` drafts started at one
// receiving agency for one procedure that took the same time to be submitted — or were not
// submitted by the end of the period (deleted and expired drafts included: they were started).
struct DraftTally {
    std::string agency_code;  // the dossier's receiving agency when submitted, else the one
                              // chosen in the draft; empty when none was chosen
    std::string procedure_code;
    std::optional<std::int64_t> seconds_to_submit;  // none: not submitted by the period's end
    std::int64_t count = 0;

    bool operator==(const DraftTally&) const = default;
};

// Sets the draft figures of `figures` from the drafts started in its period: draft_completion
// = submitted / started (percent null when none started), median_minutes_to_submit = the median
// of the submitted ones' times in minutes, rounded to 2 decimals (null when none was
// submitted; for an even number, the mean of the two middle times).
void AddDraftFigures(SettlementFigures& figures, std::span<const DraftTally> drafts);

struct SettlementRow {
    std::string code;  // agency code or sector code
    std::string name;
    std::string parent_code;  // agencies: the parent agency; sectors: empty
    SettlementFigures figures;

    bool operator==(const SettlementRow&) const = default;
};

// One sheet of the report: the agencies of one level, or the sectors.
struct SettlementSection {
    std::string key;    // "province_level", "commune_level", "sectors"
    std::string title;  // Vietnamese
    std::vector<SettlementRow> rows;
    SettlementRow total;

    bool operator==(const SettlementSection&) const = default;
};

struct SettlementReport {
    Period period;              // as asked, cut at as_of when still running
    calendar::LocalDate as_of;  // figures are as of the end of this day
    std::string agency_code;    // scope; empty for the whole province
    std::string agency_name;
    SettlementRow total;  // the scope
    std::vector<SettlementSection> sections;

    bool operator==(const SettlementReport&) const = default;
};

}  // namespace motcua::core::kpi
