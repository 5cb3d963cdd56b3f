// The text formats of calendar data: yearly holiday schedules and agency calendars.
//
// Both are UTF-8, tab-separated, one record per line; '#' starts a comment line. They are what
// ships in data/calendar/ (compiled into the binary, see builtin_calendar.hpp) and what an
// administrator exports and imports. Parsing is strict: the first bad line fails the whole text
// with kInvalidArgument naming "origin:line" and the problem, so nothing half-read is used.
//
// Yearly schedule (data/calendar/vn-YYYY.tsv):
//   year<TAB>2026
//   source<TAB>the announcing document
//   2026-02-16<TAB>holiday<TAB>Tết Nguyên đán
//   2026-01-10<TAB>makeup_workday<TAB>Làm bù cho thứ Sáu 02/01/2026
// Kinds: holiday, compensatory, swap_off, makeup_workday (only on a Saturday or Sunday).
//
// Agency calendars (data/calendar/agencies.tsv):
//   AGENCY<TAB>hours<TAB>07:30-11:30,13:30-17:00
//   AGENCY<TAB>paper_cutoff<TAB>15:00
//   AGENCY<TAB>online_cutoff<TAB>17:00
//   AGENCY<TAB>2026-03-24<TAB>holiday<TAB>name
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "core/calendar/holiday_rules.hpp"
#include "core/calendar/working_calendar.hpp"

namespace motcua::core::calendar {

// Parses one yearly schedule; the result is marked announced and sorted by date.
[[nodiscard]] Result<YearSchedule> ParseYearSchedule(std::string_view text,
                                                     std::string_view origin);

// Writes a schedule in the format ParseYearSchedule reads.
std::string FormatYearSchedule(const YearSchedule& schedule);

// Parses agency calendars, one AgencyCalendar per agency code in order of first appearance.
[[nodiscard]] Result<std::vector<AgencyCalendar>> ParseAgencyCalendars(std::string_view text,
                                                                       std::string_view origin);

}  // namespace motcua::core::calendar
