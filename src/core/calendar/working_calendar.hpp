// WorkingCalendar: which days are working days for an agency, and its office hours.
//
// Built once from the national yearly schedules (announced where available, statutory otherwise)
// with an agency's overrides layered on top, then immutable: every query is O(1) and thread-safe.
// Covers StatutoryRulesFirstDay() (2013-05-01) … 2199-12-31; queries outside return kOutOfRange.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "core/calendar/civil_time.hpp"
#include "core/calendar/holiday_rules.hpp"

namespace motcua::core::calendar {

// One office session of a working day, [start, end) as minutes after midnight.
struct OfficeSession {
    std::chrono::minutes start{0};
    std::chrono::minutes end{0};

    bool operator==(const OfficeSession&) const = default;
};

// Office hours and counting policy of an agency. Defaults follow the reference deployments
// (spec §2.1): 07:00–11:30 and 13:30–17:00, 8 working hours a day; paper dossiers received after
// 15:00 count from the next working day (NĐ 61/2018 Đ18).
struct OfficeHours {
    std::vector<OfficeSession> sessions = {
        {std::chrono::hours{7}, std::chrono::hours{11} + std::chrono::minutes{30}},
        {std::chrono::hours{13} + std::chrono::minutes{30}, std::chrono::hours{17}},
    };
    std::chrono::minutes paper_cutoff = std::chrono::hours{15};
    // When set, online dossiers submitted at or after this time (or on a day off) are also
    // treated as received on the next working day. Unset by default: the law counts from the
    // day after reception whatever the hour (BLDS 2015 Đ147).
    std::optional<std::chrono::minutes> online_cutoff;

    bool operator==(const OfficeHours&) const = default;

    // Working minutes in one working day (480 by default).
    std::chrono::minutes DayLength() const;
};

// Checks sessions are non-empty, ordered, non-overlapping and within the day, and the cut-offs
// fall inside the day. kInvalidArgument naming the problem otherwise.
[[nodiscard]] Result<void> ValidateOfficeHours(const OfficeHours& hours);

// Parses "07:00-11:30,13:30-17:00" into sessions (validated). kInvalidArgument otherwise.
[[nodiscard]] Result<std::vector<OfficeSession>> ParseSessions(std::string_view text);

// Parses "HH:MM" to minutes after midnight. kInvalidArgument otherwise.
[[nodiscard]] Result<std::chrono::minutes> ParseClock(std::string_view text);

// An agency's calendar: overrides on top of the national calendar and its own office hours.
struct AgencyCalendar {
    std::string agency_code;
    std::vector<CalendarEntry> overrides;
    OfficeHours hours;
};

// Why a day is what it is.
enum class DayReason : std::uint8_t {
    kWorkday,        // ordinary Monday–Friday
    kWeekend,        // Saturday or Sunday
    kHoliday,        // DayKind::kHoliday
    kCompensatory,   // DayKind::kCompensatory
    kSwapOff,        // DayKind::kSwapOff
    kMakeupWorkday,  // DayKind::kMakeupWorkday
};

struct DayStatus {
    bool working = false;
    DayReason reason = DayReason::kWorkday;
    std::string_view name;            // entry name, or "" for ordinary days and weekends
    bool agency_override = false;     // the agency's own entry decided this day
    bool statutory_fallback = false;  // the year had no announced schedule
};

// Reason text in Vietnamese for a day: "nghỉ cuối tuần", or the entry's name.
std::string DescribeDayVi(const DayStatus& status);

// "work|off<TAB>reason" reason word used by the CLI: "workday", "weekend", "holiday",
// "compensatory", "swap_off", "makeup_workday".
std::string_view DayReasonName(DayReason reason);

class WorkingCalendar {
public:
    // Builds from the national schedules (any years; at most one per year) plus `agency`.
    // Years without a schedule are generated from the statutory rules. kInvalidArgument when
    // two schedules share a year or office hours are invalid.
    [[nodiscard]] static Result<WorkingCalendar> Build(std::span<const YearSchedule> national,
                                                       const AgencyCalendar& agency);

    LocalDate first_day() const { return first_; }

    LocalDate last_day() const {
        return first_ + std::chrono::days{static_cast<int>(days_.size()) - 1};
    }

    const OfficeHours& hours() const { return hours_; }

    // hours().DayLength() in minutes, computed once.
    std::int64_t day_minutes() const { return day_minutes_; }

    const std::string& agency_code() const { return agency_code_; }

    // True when `date` is inside [first_day(), last_day()].
    bool Covers(LocalDate date) const {
        return date >= first_ && static_cast<std::size_t>((date - first_).count()) < days_.size();
    }

    // kOutOfRange (with a clear message) when `date` is outside the covered range.
    [[nodiscard]] Result<void> CheckCovered(LocalDate date) const {
        if (Covers(date)) {
            return {};
        }
        return OutOfRange(date);
    }

    // Status of a covered day. Precondition: Covers(date).
    DayStatus Day(LocalDate date) const;

    // Precondition: Covers(date).
    bool IsWorkingDay(LocalDate date) const { return days_[Index(date)].working; }

    // The n-th working day strictly after `date` (n ≥ 1); n = 0 gives `date` itself when it is a
    // working day, else the next one. kOutOfRange past the covered range.
    [[nodiscard]] Result<LocalDate> NthWorkingDayAfter(LocalDate date, int n) const;

    // Number of working days in (from, to]; 0 when to <= from. Precondition: both covered.
    int WorkingDaysBetween(LocalDate from, LocalDate to) const;

    // Number of working days in [first_day(), date). Precondition: Covers(date).
    int WorkingDaysBefore(LocalDate date) const {
        const std::size_t i = Index(date);
        return ordinal_[i] - (days_[i].working ? 1 : 0);
    }

    // The working day with zero-based ordinal `ordinal` counted from first_day(); kOutOfRange
    // past the end of the calendar.
    [[nodiscard]] Result<LocalDate> WorkingDayAt(std::int64_t ordinal) const;

    // The schedule used for `year` (announced or generated), or nullptr when not covered.
    const YearSchedule* ScheduleOf(int year) const;

private:
    struct DaySlot {
        bool working = false;
        DayReason reason = DayReason::kWorkday;
        bool agency_override = false;
        bool statutory_fallback = false;
        std::int32_t name_index = -1;
    };

    [[nodiscard]] Result<void> OutOfRange(LocalDate date) const;

    std::size_t Index(LocalDate date) const {
        return static_cast<std::size_t>((date - first_).count());
    }

    LocalDate first_;
    std::vector<DaySlot> days_;
    std::vector<std::string> names_;
    // ordinal_[i]: number of working days in [first_, first_ + i].
    std::vector<std::int32_t> ordinal_;
    // working_[k]: index of the (k+1)-th working day.
    std::vector<std::int32_t> working_;
    std::vector<YearSchedule> schedules_;
    OfficeHours hours_;
    std::int64_t day_minutes_ = 0;
    std::string agency_code_;
};

}  // namespace motcua::core::calendar
