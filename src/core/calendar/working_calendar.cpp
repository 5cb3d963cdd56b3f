#include "core/calendar/working_calendar.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "core/calendar/lunar_calendar.hpp"

namespace motcua::core::calendar {
namespace {

using std::chrono::days;
using std::chrono::minutes;

constexpr minutes kDayMinutes{24 * 60};

DayReason ReasonOf(DayKind kind) {
    switch (kind) {
        case DayKind::kHoliday:
            return DayReason::kHoliday;
        case DayKind::kCompensatory:
            return DayReason::kCompensatory;
        case DayKind::kSwapOff:
            return DayReason::kSwapOff;
        case DayKind::kMakeupWorkday:
            return DayReason::kMakeupWorkday;
    }
    return DayReason::kHoliday;
}

Result<void> BadHours(std::string message, std::string message_vi) {
    return Fail(ErrorCode::kInvalidArgument, std::move(message), std::move(message_vi), "hours");
}

}  // namespace

minutes OfficeHours::DayLength() const {
    minutes total{0};
    for (const OfficeSession& s : sessions) {
        total += s.end - s.start;
    }
    return total;
}

Result<void> ValidateOfficeHours(const OfficeHours& hours) {
    if (hours.sessions.empty()) {
        return BadHours("office hours need at least one session",
                        "giờ làm việc cần ít nhất một buổi");
    }
    minutes previous_end{0};
    for (const OfficeSession& s : hours.sessions) {
        if (s.start < previous_end || s.end <= s.start || s.end > kDayMinutes) {
            return BadHours(
                "office sessions must be ordered, non-overlapping and inside the day",
                "các buổi làm việc phải theo thứ tự, không chồng lấn và nằm trong ngày");
        }
        previous_end = s.end;
    }
    const auto in_day = [](minutes m) {
        return m >= minutes{0} && m <= kDayMinutes;
    };
    if (!in_day(hours.paper_cutoff) ||
        (hours.online_cutoff.has_value() && !in_day(*hours.online_cutoff))) {
        return BadHours("cut-off times must be inside the day",
                        "giờ chốt tiếp nhận phải nằm trong ngày");
    }
    return {};
}

Result<minutes> ParseClock(std::string_view text) {
    const auto bad = [&] {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("invalid time '{}': expected HH:MM", text),
                    fmt::format("giờ '{}' không hợp lệ: cần dạng HH:MM", text));
    };
    if (text.size() != 5 || text[2] != ':') {
        return bad();
    }
    int value[2] = {0, 0};
    for (int part = 0; part < 2; ++part) {
        for (std::size_t i = 0; i < 2; ++i) {
            const char c = text[static_cast<std::size_t>(part) * 3 + i];
            if (c < '0' || c > '9') {
                return bad();
            }
            value[part] = value[part] * 10 + (c - '0');
        }
    }
    if (value[0] > 24 || value[1] > 59 || (value[0] == 24 && value[1] != 0)) {
        return bad();
    }
    return minutes{value[0] * 60 + value[1]};
}

Result<std::vector<OfficeSession>> ParseSessions(std::string_view text) {
    std::vector<OfficeSession> sessions;
    while (!text.empty()) {
        const std::size_t comma = text.find(',');
        const std::string_view item = text.substr(0, comma);
        text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
        const std::size_t dash = item.find('-');
        if (dash == std::string_view::npos) {
            return Fail(ErrorCode::kInvalidArgument,
                        fmt::format("invalid office session '{}': expected HH:MM-HH:MM", item),
                        fmt::format("buổi làm việc '{}' không hợp lệ: cần dạng HH:MM-HH:MM", item));
        }
        MOTCUA_ASSIGN_OR_RETURN(const minutes start, ParseClock(item.substr(0, dash)));
        MOTCUA_ASSIGN_OR_RETURN(const minutes end, ParseClock(item.substr(dash + 1)));
        sessions.push_back({start, end});
    }
    OfficeHours check;
    check.sessions = sessions;
    MOTCUA_TRY(ValidateOfficeHours(check));
    return sessions;
}

std::string_view DayReasonName(DayReason reason) {
    switch (reason) {
        case DayReason::kWorkday:
            return "workday";
        case DayReason::kWeekend:
            return "weekend";
        case DayReason::kHoliday:
            return "holiday";
        case DayReason::kCompensatory:
            return "compensatory";
        case DayReason::kSwapOff:
            return "swap_off";
        case DayReason::kMakeupWorkday:
            return "makeup_workday";
    }
    return "workday";
}

std::string DescribeDayVi(const DayStatus& status) {
    std::string text;
    switch (status.reason) {
        case DayReason::kWorkday:
            text = "ngày làm việc";
            break;
        case DayReason::kWeekend:
            text = "nghỉ cuối tuần";
            break;
        case DayReason::kHoliday:
        case DayReason::kCompensatory:
        case DayReason::kSwapOff:
        case DayReason::kMakeupWorkday:
            text = std::string(status.name);
            break;
    }
    if (status.agency_override) {
        text += " (lịch riêng của cơ quan)";
    }
    return text;
}

Result<WorkingCalendar> WorkingCalendar::Build(std::span<const YearSchedule> national,
                                               const AgencyCalendar& agency) {
    MOTCUA_TRY(ValidateOfficeHours(agency.hours));
    WorkingCalendar cal;
    cal.first_ = StatutoryRulesFirstDay();
    const LocalDate last = LunarRangeLast();
    const int first_year = Parts(cal.first_).year;
    const int last_year = Parts(last).year;

    std::map<int, const YearSchedule*> by_year;
    for (const YearSchedule& s : national) {
        if (!by_year.emplace(s.year, &s).second) {
            return Fail(ErrorCode::kInvalidArgument,
                        fmt::format("two holiday schedules for year {}", s.year),
                        fmt::format("có hai lịch nghỉ cho năm {}", s.year));
        }
    }
    cal.schedules_.reserve(static_cast<std::size_t>(last_year - first_year + 1));
    for (int year = first_year; year <= last_year; ++year) {
        if (const auto it = by_year.find(year); it != by_year.end()) {
            cal.schedules_.push_back(*it->second);
        } else {
            MOTCUA_ASSIGN_OR_RETURN(YearSchedule generated, GenerateStatutoryYear(year));
            cal.schedules_.push_back(std::move(generated));
        }
    }

    const auto count = static_cast<std::size_t>((last - cal.first_).count() + 1);
    cal.days_.resize(count);
    for (std::size_t i = 0; i < count; ++i) {
        const std::chrono::weekday wd{cal.first_ + days{static_cast<int>(i)}};
        const bool weekend = wd == std::chrono::Saturday || wd == std::chrono::Sunday;
        cal.days_[i].working = !weekend;
        cal.days_[i].reason = weekend ? DayReason::kWeekend : DayReason::kWorkday;
    }
    const auto apply = [&cal](const CalendarEntry& e, bool agency_override, bool fallback) {
        if (!cal.Covers(e.date)) {
            return;
        }
        DaySlot& slot = cal.days_[cal.Index(e.date)];
        slot.working = !IsDayOff(e.kind);
        slot.reason = ReasonOf(e.kind);
        slot.agency_override = agency_override;
        slot.statutory_fallback = fallback;
        slot.name_index = static_cast<std::int32_t>(cal.names_.size());
        cal.names_.push_back(e.name);
    };
    for (const YearSchedule& s : cal.schedules_) {
        for (const CalendarEntry& e : s.entries) {
            apply(e, false, !s.announced);
        }
        if (!s.announced) {
            // Mark the whole year so explanations can say the fallback was used.
            const LocalDate jan1{std::chrono::year{s.year} / 1 / 1};
            for (LocalDate d = std::max(jan1, cal.first_); cal.Covers(d) && Parts(d).year == s.year;
                 d += days{1}) {
                cal.days_[cal.Index(d)].statutory_fallback = true;
            }
        }
    }
    for (const CalendarEntry& e : agency.overrides) {
        apply(e, true, false);
    }

    cal.ordinal_.resize(count);
    std::int32_t running = 0;
    for (std::size_t i = 0; i < count; ++i) {
        if (cal.days_[i].working) {
            cal.working_.push_back(static_cast<std::int32_t>(i));
            ++running;
        }
        cal.ordinal_[i] = running;
    }
    cal.hours_ = agency.hours;
    cal.day_minutes_ = agency.hours.DayLength().count();
    cal.agency_code_ = agency.agency_code;
    return cal;
}

Result<void> WorkingCalendar::OutOfRange(LocalDate date) const {
    return Fail(ErrorCode::kOutOfRange,
                fmt::format("date {} is outside the working calendar ({} … {})",
                            FormatDate(date),
                            FormatDate(first_),
                            FormatDate(last_day())),
                fmt::format("ngày {} nằm ngoài lịch làm việc ({} – {})",
                            FormatDateVi(date),
                            FormatDateVi(first_),
                            FormatDateVi(last_day())));
}

DayStatus WorkingCalendar::Day(LocalDate date) const {
    const DaySlot& slot = days_[Index(date)];
    DayStatus status;
    status.working = slot.working;
    status.reason = slot.reason;
    status.agency_override = slot.agency_override;
    status.statutory_fallback = slot.statutory_fallback;
    if (slot.name_index >= 0) {
        status.name = names_[static_cast<std::size_t>(slot.name_index)];
    }
    return status;
}

Result<LocalDate> WorkingCalendar::WorkingDayAt(std::int64_t ordinal) const {
    if (ordinal < 0 || ordinal >= static_cast<std::int64_t>(working_.size())) {
        return Fail(ErrorCode::kOutOfRange,
                    fmt::format("the deadline falls after {}, the end of the working calendar",
                                FormatDate(last_day())),
                    fmt::format("hạn xử lý vượt quá ngày {}, giới hạn của lịch làm việc",
                                FormatDateVi(last_day())));
    }
    return first_ + days{working_[static_cast<std::size_t>(ordinal)]};
}

Result<LocalDate> WorkingCalendar::NthWorkingDayAfter(LocalDate date, int n) const {
    MOTCUA_TRY(CheckCovered(date));
    if (n < 0) {
        return Fail(ErrorCode::kInvalidArgument,
                    "negative number of working days",
                    "số ngày làm việc không được âm");
    }
    const std::size_t index = Index(date);
    if (n == 0) {
        // `date` itself when it is a working day, else the next one.
        return WorkingDayAt(WorkingDaysBefore(date));
    }
    // ordinal_[index] working days lie in [first_, date]; the n-th after has ordinal that + n - 1.
    return WorkingDayAt(static_cast<std::int64_t>(ordinal_[index]) + n - 1);
}

int WorkingCalendar::WorkingDaysBetween(LocalDate from, LocalDate to) const {
    if (to <= from) {
        return 0;
    }
    return ordinal_[Index(to)] - ordinal_[Index(from)];
}

const YearSchedule* WorkingCalendar::ScheduleOf(int year) const {
    const int offset = year - Parts(first_).year;
    if (offset < 0 || offset >= static_cast<int>(schedules_.size())) {
        return nullptr;
    }
    return &schedules_[static_cast<std::size_t>(offset)];
}

}  // namespace motcua::core::calendar
