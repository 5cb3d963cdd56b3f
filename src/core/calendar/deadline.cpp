#include "core/calendar/deadline.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

namespace motcua::core::calendar {
namespace {

using std::chrono::days;
using std::chrono::floor;
using std::chrono::minutes;

// Positions on the calendar's working-time axis: working minutes since first_day() 00:00.
using WorkPos = std::int64_t;

// At most this many pauses are merged without allocating.
constexpr std::size_t kMaxPauses = 64;

LocalDate DateOf(LocalDateTime t) {
    return floor<days>(t);
}

minutes TimeOf(LocalDateTime t) {
    return t - floor<days>(t);
}

// Working minutes of `hours` elapsed at `minute_of_day` on a working day.
std::int64_t ElapsedInDay(const OfficeHours& hours, minutes minute_of_day) {
    std::int64_t elapsed = 0;
    for (const OfficeSession& s : hours.sessions) {
        if (minute_of_day <= s.start) {
            break;
        }
        elapsed += (std::min(minute_of_day, s.end) - s.start).count();
    }
    return elapsed;
}

WorkPos ToWorkPos(const WorkingCalendar& cal, LocalDateTime t) {
    const LocalDate date = DateOf(t);
    const std::int64_t day_length = cal.day_minutes();
    WorkPos pos = static_cast<WorkPos>(cal.WorkingDaysBefore(date)) * day_length;
    if (cal.IsWorkingDay(date)) {
        pos += ElapsedInDay(cal.hours(), TimeOf(t));
    }
    return pos;
}

// The civil time at working position `pos`. With `at_end`, a position on a session boundary
// resolves to the end of the earlier session (17:00) rather than the start of the next (07:00).
Result<LocalDateTime> FromWorkPos(const WorkingCalendar& cal, WorkPos pos, bool at_end) {
    const std::int64_t day_length = cal.day_minutes();
    std::int64_t ordinal = pos / day_length;
    std::int64_t rest = pos % day_length;
    if (at_end && rest == 0 && ordinal > 0) {
        --ordinal;
        rest = day_length;
    }
    MOTCUA_ASSIGN_OR_RETURN(const LocalDate date, cal.WorkingDayAt(ordinal));
    for (const OfficeSession& s : cal.hours().sessions) {
        const std::int64_t length = (s.end - s.start).count();
        if (rest < length || (at_end && rest == length)) {
            return LocalDateTime{date} + s.start + minutes{rest};
        }
        rest -= length;
    }
    return LocalDateTime{date} + cal.hours().sessions.back().end;
}

LocalDateTime CloseOfOffice(const WorkingCalendar& cal, LocalDate date) {
    return LocalDateTime{date} + cal.hours().sessions.back().end;
}

std::string FormatWorkingMinutes(std::int64_t total) {
    const std::int64_t h = total / 60;
    const std::int64_t m = total % 60;
    if (m == 0) {
        return fmt::format("{} giờ làm việc", h);
    }
    return fmt::format("{} giờ {} phút làm việc", h, m);
}

std::string FormatSessions(const OfficeHours& hours) {
    std::string text;
    for (const OfficeSession& s : hours.sessions) {
        if (!text.empty()) {
            text += ", ";
        }
        text += fmt::format("{:02}:{:02}–{:02}:{:02}",
                            s.start.count() / 60,
                            s.start.count() % 60,
                            s.end.count() / 60,
                            s.end.count() % 60);
    }
    return text;
}

// Collects the explanation only when kExplain; otherwise every call compiles away.
template <bool kExplain>
struct Notes {
    template <class F>
    void Add(F&& /*make*/) {}
};

template <>
struct Notes<true> {
    std::vector<std::string> lines;

    template <class F>
    void Add(F&& make) {
        lines.push_back(make());
    }
};

template <bool kExplain>
struct Computation {
    const WorkingCalendar& cal;
    const DueRequest& req;
    Notes<kExplain> notes;

    // Lists the days off in (from, to] with their reasons, and notes statutory fallbacks.
    void NoteSkippedDays(LocalDate from, LocalDate to) {
        if constexpr (kExplain) {
            int fallback_year = 0;
            for (LocalDate d = from + days{1}; d <= to && cal.Covers(d); d += days{1}) {
                const DayStatus st = cal.Day(d);
                if (st.statutory_fallback && Parts(d).year != fallback_year) {
                    fallback_year = Parts(d).year;
                    const YearSchedule* s = cal.ScheduleOf(fallback_year);
                    notes.Add([&] {
                        return fmt::format(
                            "Năm {} chưa có lịch nghỉ lễ, Tết được công bố: áp dụng {}.",
                            fallback_year,
                            s != nullptr ? s->source : std::string("luật định"));
                    });
                }
                if (!st.working) {
                    notes.Add([&] {
                        return fmt::format("Bỏ qua {}: {}.", FormatDayVi(d), DescribeDayVi(st));
                    });
                } else if (st.reason == DayReason::kMakeupWorkday) {
                    notes.Add([&] {
                        return fmt::format("Tính {}: {}.", FormatDayVi(d), DescribeDayVi(st));
                    });
                }
            }
        }
    }

    // Whether every working minute of working day `d` lies inside a pause.
    bool FullyPaused(LocalDate d) const {
        const WorkPos day_start = ToWorkPos(cal, LocalDateTime{d});
        const WorkPos day_end = day_start + cal.day_minutes();
        std::int64_t paused = 0;
        for (const Pause& p : req.pauses) {
            const WorkPos a = std::max(day_start, ToWorkPos(cal, p.from));
            const WorkPos b = std::min(day_end, ToWorkPos(cal, p.to));
            paused += std::max<std::int64_t>(0, b - a);
        }
        return paused >= day_end - day_start;
    }

    // Whether reception counts from the next working day (cut-off or day off).
    bool DeferredToNextDay() const {
        const LocalDate day = DateOf(req.received);
        const OfficeHours& hours = cal.hours();
        if (req.channel == Channel::kPaper) {
            return !cal.IsWorkingDay(day) || TimeOf(req.received) >= hours.paper_cutoff;
        }
        return hours.online_cutoff.has_value() &&
               (!cal.IsWorkingDay(day) || TimeOf(req.received) >= *hours.online_cutoff);
    }

    // Applies the pauses to a working-time budget starting at `start`; returns the end position.
    Result<WorkPos> RunClock(WorkPos start, std::int64_t budget) {
        if (req.pauses.empty()) {
            return start + budget;
        }
        std::array<Pause, kMaxPauses> sorted;
        if (req.pauses.size() > kMaxPauses) {
            return Fail(ErrorCode::kInvalidArgument,
                        fmt::format("at most {} pauses are supported", kMaxPauses),
                        fmt::format("tối đa {} khoảng tạm dừng", kMaxPauses),
                        "pauses");
        }
        const auto n = req.pauses.size();
        std::copy(req.pauses.begin(), req.pauses.end(), sorted.begin());
        std::sort(sorted.begin(),
                  sorted.begin() + static_cast<std::ptrdiff_t>(n),
                  [](const Pause& a, const Pause& b) { return a.from < b.from; });
        WorkPos cur = start;
        std::int64_t remaining = budget;
        for (std::size_t i = 0; i < n; ++i) {
            const Pause& p = sorted[i];
            MOTCUA_TRY(cal.CheckCovered(DateOf(p.from)));
            MOTCUA_TRY(cal.CheckCovered(DateOf(p.to)));
            const WorkPos a = ToWorkPos(cal, p.from);
            const WorkPos b = ToWorkPos(cal, p.to);
            if (b <= cur) {
                continue;
            }
            if (a > cur) {
                if (a - cur >= remaining) {
                    break;
                }
                remaining -= a - cur;
                cur = a;
            }
            const std::int64_t stopped = b - cur;
            notes.Add([&] {
                return fmt::format("Tạm dừng từ {} đến {}: không tính {}.",
                                   FormatDateTimeVi(p.from),
                                   FormatDateTimeVi(p.to),
                                   FormatWorkingMinutes(stopped));
            });
            cur = b;
        }
        return cur + remaining;
    }

    Result<LocalDateTime> Run() {
        if (req.amount < 0) {
            return Fail(ErrorCode::kInvalidArgument,
                        "the duration must not be negative",
                        "thời hạn không được âm",
                        "amount");
        }
        for (const Pause& p : req.pauses) {
            if (p.to < p.from) {
                return Fail(ErrorCode::kInvalidArgument,
                            fmt::format("pause {}/{} ends before it starts",
                                        FormatDateTime(p.from),
                                        FormatDateTime(p.to)),
                            fmt::format("khoảng tạm dừng {}/{} kết thúc trước khi bắt đầu",
                                        FormatDateTime(p.from),
                                        FormatDateTime(p.to)),
                            "pauses");
            }
        }
        const LocalDate received_day = DateOf(req.received);
        MOTCUA_TRY(cal.CheckCovered(received_day));
        notes.Add([&] {
            return fmt::format("Tiếp nhận {} ({}).",
                               FormatDateTimeVi(req.received),
                               req.channel == Channel::kPaper ? "hồ sơ giấy" : "trực tuyến");
        });

        // R: the day the dossier counts as received.
        LocalDate reception = received_day;
        if (DeferredToNextDay()) {
            MOTCUA_ASSIGN_OR_RETURN(reception, cal.NthWorkingDayAfter(received_day, 1));
            notes.Add([&] {
                const minutes cutoff = req.channel == Channel::kPaper
                                           ? cal.hours().paper_cutoff
                                           : cal.hours().online_cutoff.value_or(minutes{0});
                const std::string when =
                    cal.IsWorkingDay(received_day)
                        ? fmt::format("sau {:02}:{:02}", cutoff.count() / 60, cutoff.count() % 60)
                        : std::string("vào ngày nghỉ");
                return fmt::format("Tiếp nhận {}: tính như tiếp nhận ngày làm việc tiếp theo, {}.",
                                   when,
                                   FormatDayVi(reception));
            });
            NoteSkippedDays(received_day, reception - days{1});
        }

        const std::int64_t day_length = cal.day_minutes();
        MOTCUA_TRY(cal.CheckCovered(reception + days{1}));
        if (req.unit == DurationUnit::kCalendarDays) {
            return CalendarDays(reception);
        }
        WorkPos start = 0;
        std::int64_t budget = 0;
        const bool by_hours =
            req.unit == DurationUnit::kWorkingHours || req.convention == CountingConvention::kHours;
        if (by_hours) {
            start = reception == received_day
                        ? ToWorkPos(cal, req.received)
                        : static_cast<WorkPos>(cal.WorkingDaysBefore(reception)) * day_length;
            budget = req.unit == DurationUnit::kWorkingHours
                         ? static_cast<std::int64_t>(req.amount) * 60
                         : static_cast<std::int64_t>(req.amount) * day_length;
            notes.Add([&] {
                return fmt::format(
                    "Tính {} trong giờ hành chính ({}), từ thời điểm tiếp nhận{}.",
                    FormatWorkingMinutes(budget),
                    FormatSessions(cal.hours()),
                    req.unit == DurationUnit::kWorkingDays
                        ? fmt::format(
                              " ({} ngày × {})", req.amount, FormatWorkingMinutes(day_length))
                        : std::string());
            });
        } else if (req.amount == 0) {
            MOTCUA_ASSIGN_OR_RETURN(const LocalDate day, cal.NthWorkingDayAfter(reception, 0));
            start = static_cast<WorkPos>(cal.WorkingDaysBefore(day)) * day_length;
            budget = day_length;
            notes.Add([&] { return std::string("Giải quyết trong ngày làm việc tiếp nhận."); });
        } else {
            start = static_cast<WorkPos>(cal.WorkingDaysBefore(reception + days{1})) * day_length;
            budget = static_cast<std::int64_t>(req.amount) * day_length;
            notes.Add([&] {
                return fmt::format(
                    "Ngày tiếp nhận không tính; {} ngày làm việc tính từ ngày làm việc tiếp theo "
                    "(Bộ luật Dân sự 2015, Điều 147).",
                    req.amount);
            });
        }
        MOTCUA_ASSIGN_OR_RETURN(const WorkPos end, RunClock(start, budget));
        MOTCUA_ASSIGN_OR_RETURN(const LocalDateTime due, FromWorkPos(cal, end, end > start));
        if constexpr (kExplain) {
            NoteSkippedDays(reception, DateOf(due));
            if (!by_hours && req.amount > 0) {
                std::string counted;
                int shown = 0;
                for (LocalDate d = reception + days{1}; d <= DateOf(due); d += days{1}) {
                    if (cal.IsWorkingDay(d) && !FullyPaused(d)) {
                        counted += (shown++ == 0 ? "" : ", ") + FormatDateVi(d).substr(0, 5);
                    }
                }
                notes.Add([&] { return fmt::format("Ngày làm việc được tính: {}.", counted); });
            }
        }
        return due;
    }

    Result<LocalDateTime> CalendarDays(LocalDate reception) {
        std::int64_t paused_minutes = 0;
        for (const Pause& p : req.pauses) {
            paused_minutes += (p.to - p.from).count();
            notes.Add([&] {
                return fmt::format(
                    "Tạm dừng từ {} đến {}.", FormatDateTimeVi(p.from), FormatDateTimeVi(p.to));
            });
        }
        const std::int64_t paused_days = (paused_minutes + 24 * 60 - 1) / (24 * 60);
        const LocalDate nominal = reception + days{req.amount + static_cast<int>(paused_days)};
        MOTCUA_TRY(cal.CheckCovered(nominal));
        notes.Add([&] {
            return fmt::format("Tính {} ngày theo lịch{} từ ngày tiếp theo: ngày cuối là {}.",
                               req.amount,
                               paused_days > 0
                                   ? fmt::format(" (cộng {} ngày tạm dừng)", paused_days)
                                   : std::string(),
                               FormatDayVi(nominal));
        });
        MOTCUA_ASSIGN_OR_RETURN(const LocalDate due_day, cal.NthWorkingDayAfter(nominal, 0));
        if (due_day != nominal) {
            notes.Add([&] {
                return fmt::format(
                    "Ngày cuối là ngày nghỉ: chuyển sang ngày làm việc tiếp theo (Bộ luật Dân "
                    "sự 2015, Điều 148).");
            });
            NoteSkippedDays(nominal - days{1}, due_day);
        }
        return CloseOfOffice(cal, due_day);
    }
};

}  // namespace

Result<LocalDateTime> ComputeDue(const WorkingCalendar& calendar, const DueRequest& request) {
    Computation<false> c{calendar, request, {}};
    return c.Run();
}

Result<DueExplanation> ExplainDue(const WorkingCalendar& calendar, const DueRequest& request) {
    Computation<true> c{calendar, request, {}};
    MOTCUA_ASSIGN_OR_RETURN(const LocalDateTime due, c.Run());
    c.notes.Add([&] { return fmt::format("Hẹn trả kết quả: {}.", FormatDateTimeVi(due)); });
    return DueExplanation{due, std::move(c.notes.lines)};
}

Result<minutes> WorkingTimeBetween(const WorkingCalendar& calendar,
                                   LocalDateTime from,
                                   LocalDateTime to) {
    MOTCUA_TRY(calendar.CheckCovered(DateOf(from)));
    MOTCUA_TRY(calendar.CheckCovered(DateOf(to)));
    if (to <= from) {
        return minutes{0};
    }
    return minutes{ToWorkPos(calendar, to) - ToWorkPos(calendar, from)};
}

}  // namespace motcua::core::calendar
