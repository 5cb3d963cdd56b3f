// The Vietnamese lunar month table computed astronomically, an independent cross-check of the
// published tables the calendar is built from (lunar_calendar.hpp, docs/CALENDAR.md).
//
// Months begin on the local day (UTC+8 before 1968, UTC+7 from 1968) of the new moon; month 11
// holds the winter solstice; in a 13-month year the leap month is the first month after month 11
// without a principal solar term (trung khí). New moons follow Meeus, Astronomical Algorithms
// ch. 49 (all periodic and planetary terms, with ΔT), the sun's apparent longitude ch. 25 (with
// nutation and aberration); see internal/astronomy.hpp.
#pragma once

#include <vector>

#include "core/calendar/lunar_calendar.hpp"

namespace motcua::core::calendar::internal {

// Every month of lunar years 1900 … 2199 in order, from month 1 of 1900 (Tết 1900) through the
// last month of 2199 (which ends in 2200), in the same shape as the published table. Pure and
// thread-safe; takes a few milliseconds, so callers that need it repeatedly should keep the
// result. Aborts (MOTCUA_CHECK) if the computation is inconsistent, which would be a bug in the
// astronomy code.
std::vector<LunarMonth> ComputeAstronomicalMonths();

}  // namespace motcua::core::calendar::internal
