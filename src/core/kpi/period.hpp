// Reporting periods of the indicator engine: a month ("2026-09"), a quarter ("2026-Q3"), a year
// ("2026") or a custom range of days ("2026-09-15..2026-10-14", both ends included, as the
// NĐ 09/2019 cut-off periods need). Every figure is computed over the days of a period, and
// level figures (pending dossiers) at the end of its last day. Pure values and functions.
#pragma once

#include <string>
#include <string_view>

#include "common/result.hpp"
#include "core/calendar/civil_time.hpp"

namespace motcua::core::kpi {

using calendar::LocalDate;

enum class PeriodKind { kMonth, kQuarter, kYear, kCustom };

// "month", "quarter", "year", "custom".
std::string_view PeriodKindName(PeriodKind kind);

struct Period {
    PeriodKind kind = PeriodKind::kMonth;
    LocalDate from;     // first day
    LocalDate to;       // last day, included
    std::string label;  // the canonical text form, parsed back by ParsePeriod

    bool operator==(const Period&) const = default;
};

// Parses "YYYY-MM", "YYYY-Qn" (n = 1..4), "YYYY" or "YYYY-MM-DD..YYYY-MM-DD". kInvalidArgument
// (field "period") for anything else, an impossible date, or a range that ends before it begins.
[[nodiscard]] Result<Period> ParsePeriod(std::string_view text);

// A custom range [from, to]; kInvalidArgument (field "to") when to < from.
[[nodiscard]] Result<Period> CustomPeriod(LocalDate from, LocalDate to);

// The month, quarter and year containing `day`.
Period MonthOf(LocalDate day);
Period QuarterOf(LocalDate day);
Period YearOf(LocalDate day);

// The period of the same kind just before `period`; for a custom range, the range of the same
// number of days ending the day before it begins.
Period PreviousPeriod(const Period& period);

// Number of days in the period (≥ 1).
int DayCount(const Period& period);

// The period cut at `last_day` (figures "so far" for a period still running): `period` itself
// when it ends on or before `last_day`; kInvalidArgument (field "period") when it begins after it.
[[nodiscard]] Result<Period> ClampTo(const Period& period, LocalDate last_day);

}  // namespace motcua::core::kpi
