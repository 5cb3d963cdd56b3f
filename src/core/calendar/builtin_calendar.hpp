// The calendar data that ships with motcua: the announced holiday schedules in
// data/calendar/vn-YYYY.tsv and the sample agency calendars in data/calendar/agencies.tsv,
// compiled into the binary and parsed here. Later an administrator's edits (stored in the
// database) replace or extend them; this is the default.
#pragma once

#include <span>
#include <vector>

#include "common/embedded_file.hpp"
#include "common/result.hpp"
#include "core/calendar/holiday_rules.hpp"
#include "core/calendar/working_calendar.hpp"

namespace motcua::core::calendar {

// The raw embedded files (generated at build time).
std::span<const EmbeddedFile> BuiltinCalendarFiles();

// The announced national schedules, one per year, sorted by year. Fails only if a shipped
// file is malformed (a build defect, caught by tests).
[[nodiscard]] Result<std::vector<YearSchedule>> BuiltinNationalSchedules();

// The shipped agency calendars.
[[nodiscard]] Result<std::vector<AgencyCalendar>> BuiltinAgencyCalendars();

// The national calendar (no agency overrides, default office hours) from the built-in data.
[[nodiscard]] Result<WorkingCalendar> BuiltinNationalCalendar();

}  // namespace motcua::core::calendar
