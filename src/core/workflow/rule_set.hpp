// Legal rule sets of the one-stop mechanism, versioned by effective date (spec §0): a dossier pins
// the rule set in force when it was received, so a later decree never changes how an old dossier
// is counted. Where the law is unverified the behaviour is a flag here (docs/WORKFLOW.md).
#pragma once

#include <span>
#include <string_view>

#include "common/result.hpp"
#include "core/calendar/civil_time.hpp"

namespace motcua::core::workflow {

struct RuleSet {
    std::string_view name;  // "NĐ 61/2018", "NĐ 118/2025"
    calendar::LocalDate effective_from;
    // NĐ 61 Đ19.4: after a supplement the settlement period restarts from zero (true), or the
    // clock only pauses while waiting (false; the TH "pause" mode).
    bool supplement_restarts_period = true;
    // Whether waiting for a financial obligation stops the clock ([unverified], spec §1.9.5).
    bool payment_pauses_clock = false;
    // Working days the agency has to ask for a supplement after reception (NĐ 61 Đ19.4).
    int supplement_notice_days = 3;
    // Working days before the due date by which the apology must be sent (NĐ 61 Đ19.9).
    int apology_notice_days = 1;
};

// Built-in rule sets, oldest first.
std::span<const RuleSet> RuleSets();

// The rule set in force on `date`; kOutOfRange before the first one.
[[nodiscard]] Result<const RuleSet*> RuleSetOn(calendar::LocalDate date);

// The rule set called `name`; kNotFound otherwise.
[[nodiscard]] Result<const RuleSet*> RuleSetNamed(std::string_view name);

}  // namespace motcua::core::workflow
