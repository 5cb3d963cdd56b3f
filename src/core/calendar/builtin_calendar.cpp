#include "core/calendar/builtin_calendar.hpp"

#include <algorithm>

#include "core/calendar/schedule_text.hpp"

namespace motcua::core::calendar {

Result<std::vector<YearSchedule>> BuiltinNationalSchedules() {
    std::vector<YearSchedule> schedules;
    for (const EmbeddedFile& file : BuiltinCalendarFiles()) {
        if (file.name.starts_with("vn-")) {
            MOTCUA_ASSIGN_OR_RETURN(YearSchedule s, ParseYearSchedule(file.text, file.name));
            schedules.push_back(std::move(s));
        }
    }
    std::sort(schedules.begin(), schedules.end(), [](const YearSchedule& a, const YearSchedule& b) {
        return a.year < b.year;
    });
    return schedules;
}

Result<std::vector<AgencyCalendar>> BuiltinAgencyCalendars() {
    for (const EmbeddedFile& file : BuiltinCalendarFiles()) {
        if (file.name == "agencies.tsv") {
            return ParseAgencyCalendars(file.text, file.name);
        }
    }
    return std::vector<AgencyCalendar>{};
}

Result<WorkingCalendar> BuiltinNationalCalendar() {
    MOTCUA_ASSIGN_OR_RETURN(const std::vector<YearSchedule> national, BuiltinNationalSchedules());
    return WorkingCalendar::Build(national, AgencyCalendar{});
}

}  // namespace motcua::core::calendar
