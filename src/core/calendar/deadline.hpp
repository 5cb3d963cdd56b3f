// Statutory deadlines: when a dossier, or one step of it, is due.
//
// The rules (spec §1.9, §2.1; BLDS 2015 Đ147–148; NĐ 61/2018 Đ18), all in Vietnamese civil time:
//  * The day of reception is not counted; a period in days starts on the next day.
//  * Paper dossiers (counter or post) received at or after the agency's cut-off (15:00) or on a
//    day off count as received on the next working day.
//  * N working days end at the close of office on the N-th working day after the reception day
//    (N = 0, "trong ngày": the close of the reception day itself, or of the next working day).
//  * N working hours run inside office sessions from the moment of reception.
//  * N calendar days end at the close of office on the N-th day; a day off rolls to the next
//    working day (Đ148.5).
//  * Paused intervals (waiting for the citizen, …) do not count: the deadline moves by the
//    working time (calendar time for calendar days) they cover.
//  * Under the hour-based convention of deployed systems, a period of N days is N × 8 working
//    hours from the reception moment instead (CountingConvention::kHours).
// ComputeDue is the fast path (no allocation); ExplainDue also says, in Vietnamese, which days
// it skipped and why. Both are pure and thread-safe.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "core/calendar/civil_time.hpp"
#include "core/calendar/working_calendar.hpp"

namespace motcua::core::calendar {

enum class DurationUnit { kWorkingDays, kWorkingHours, kCalendarDays };

// How the dossier reached the agency: paper covers the counter and the post.
enum class Channel { kOnline, kPaper };

enum class CountingConvention {
    kCivilCode,  // default: days counted from the next day, due at the close of office
    kHours,      // N days = N × (office hours per day) counted from the reception moment
};

// A span of civil time during which the clock is stopped, [from, to).
struct Pause {
    LocalDateTime from;
    LocalDateTime to;

    bool operator==(const Pause&) const = default;
};

struct DueRequest {
    LocalDateTime received;
    int amount = 0;  // ≥ 0
    DurationUnit unit = DurationUnit::kWorkingDays;
    Channel channel = Channel::kOnline;
    CountingConvention convention = CountingConvention::kCivilCode;
    std::span<const Pause> pauses;  // any order; overlapping allowed
};

struct DueExplanation {
    LocalDateTime due;
    std::vector<std::string> lines;  // Vietnamese, one fact per line, last line gives the due time
};

// Due instant. kInvalidArgument for a negative amount or a pause that ends before it starts;
// kOutOfRange when reception or the deadline falls outside the calendar.
[[nodiscard]] Result<LocalDateTime> ComputeDue(const WorkingCalendar& calendar,
                                               const DueRequest& request);

// As ComputeDue, with the explanation.
[[nodiscard]] Result<DueExplanation> ExplainDue(const WorkingCalendar& calendar,
                                                const DueRequest& request);

// Working minutes of `calendar` in [from, to); 0 when to <= from. Both must be covered.
[[nodiscard]] Result<std::chrono::minutes> WorkingTimeBetween(const WorkingCalendar& calendar,
                                                              LocalDateTime from,
                                                              LocalDateTime to);

}  // namespace motcua::core::calendar
