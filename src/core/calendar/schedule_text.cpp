#include "core/calendar/schedule_text.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace motcua::core::calendar {
namespace {

std::vector<std::string_view> SplitTabs(std::string_view line) {
    std::vector<std::string_view> fields;
    while (true) {
        const std::size_t tab = line.find('\t');
        fields.push_back(line.substr(0, tab));
        if (tab == std::string_view::npos) {
            return fields;
        }
        line = line.substr(tab + 1);
    }
}

// Calls `on_line(line_number, fields)` for each non-comment, non-blank line.
template <class F>
Result<void> ForEachRecord(std::string_view text, F&& on_line) {
    int number = 0;
    while (!text.empty()) {
        const std::size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        ++number;
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (line.empty() || line.front() == '#') {
            continue;
        }
        MOTCUA_TRY(on_line(number, SplitTabs(line)));
    }
    return {};
}

Error AtLine(std::string_view origin, int line, const Error& cause) {
    Error e = cause;
    e.message = fmt::format("{}:{}: {}", origin, line, cause.message);
    e.message_vi = fmt::format(
        "{}:{}: {}", origin, line, cause.message_vi.empty() ? cause.message : cause.message_vi);
    return e;
}

Error BadLine(std::string_view origin, int line, std::string message, std::string message_vi) {
    return AtLine(
        origin,
        line,
        Error{ErrorCode::kInvalidArgument, std::move(message), std::move(message_vi), {}});
}

Result<CalendarEntry> ParseEntry(std::span<const std::string_view> f,
                                 std::string_view origin,
                                 int line) {
    if (f.size() != 3 || f[2].empty()) {
        return tl::unexpected(
            BadLine(origin, line, "expected DATE<TAB>KIND<TAB>NAME", "cần NGÀY<TAB>LOẠI<TAB>TÊN"));
    }
    auto date = ParseDate(f[0]);
    if (!date) {
        return tl::unexpected(AtLine(origin, line, date.error()));
    }
    auto kind = ParseDayKind(f[1]);
    if (!kind) {
        return tl::unexpected(AtLine(origin, line, kind.error()));
    }
    if (*kind == DayKind::kMakeupWorkday) {
        const std::chrono::weekday wd{*date};
        if (wd != std::chrono::Saturday && wd != std::chrono::Sunday) {
            return tl::unexpected(
                BadLine(origin,
                        line,
                        fmt::format("make-up working day {} is not a Saturday or Sunday", f[0]),
                        fmt::format("ngày làm bù {} không phải thứ Bảy hoặc Chủ nhật", f[0])));
        }
    }
    return CalendarEntry{*date, *kind, std::string(f[2])};
}

Result<void> CheckUniqueDates(std::vector<CalendarEntry>& entries, std::string_view origin) {
    std::stable_sort(
        entries.begin(), entries.end(), [](const CalendarEntry& a, const CalendarEntry& b) {
            return a.date < b.date;
        });
    for (std::size_t i = 1; i < entries.size(); ++i) {
        if (entries[i].date == entries[i - 1].date) {
            return Fail(
                ErrorCode::kInvalidArgument,
                fmt::format("{}: date {} appears twice", origin, FormatDate(entries[i].date)),
                fmt::format(
                    "{}: ngày {} xuất hiện hai lần", origin, FormatDateVi(entries[i].date)));
        }
    }
    return {};
}

}  // namespace

Result<YearSchedule> ParseYearSchedule(std::string_view text, std::string_view origin) {
    YearSchedule schedule;
    schedule.announced = true;
    MOTCUA_TRY(
        ForEachRecord(text, [&](int line, const std::vector<std::string_view>& f) -> Result<void> {
            if (f[0] == "year") {
                int year = 0;
                if (f.size() != 2 || f[1].size() != 4 ||
                    !std::all_of(
                        f[1].begin(), f[1].end(), [](char c) { return c >= '0' && c <= '9'; })) {
                    return tl::unexpected(
                        BadLine(origin, line, "expected year<TAB>YYYY", "cần year<TAB>YYYY"));
                }
                for (const char c : f[1]) {
                    year = year * 10 + (c - '0');
                }
                schedule.year = year;
                return {};
            }
            if (f[0] == "source") {
                if (f.size() != 2 || f[1].empty()) {
                    return tl::unexpected(BadLine(
                        origin, line, "expected source<TAB>TEXT", "cần source<TAB>VĂN BẢN"));
                }
                schedule.source = std::string(f[1]);
                return {};
            }
            MOTCUA_ASSIGN_OR_RETURN(CalendarEntry entry, ParseEntry(f, origin, line));
            if (schedule.year == 0 || Parts(entry.date).year != schedule.year) {
                return tl::unexpected(BadLine(
                    origin,
                    line,
                    fmt::format("date {} is not in the schedule's year (declare 'year' first)",
                                f[0]),
                    fmt::format("ngày {} không thuộc năm của lịch (khai báo 'year' trước)", f[0])));
            }
            schedule.entries.push_back(std::move(entry));
            return {};
        }));
    if (schedule.year == 0 || schedule.source.empty()) {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("{}: a schedule needs 'year' and 'source' lines", origin),
                    fmt::format("{}: lịch nghỉ cần dòng 'year' và 'source'", origin));
    }
    MOTCUA_TRY(CheckUniqueDates(schedule.entries, origin));
    return schedule;
}

std::string FormatYearSchedule(const YearSchedule& schedule) {
    std::string text = fmt::format("year\t{}\nsource\t{}\n", schedule.year, schedule.source);
    for (const CalendarEntry& e : schedule.entries) {
        text += fmt::format("{}\t{}\t{}\n", FormatDate(e.date), DayKindName(e.kind), e.name);
    }
    return text;
}

Result<std::vector<AgencyCalendar>> ParseAgencyCalendars(std::string_view text,
                                                         std::string_view origin) {
    std::vector<AgencyCalendar> agencies;
    MOTCUA_TRY(
        ForEachRecord(text, [&](int line, const std::vector<std::string_view>& f) -> Result<void> {
            if (f.size() < 3 || f[0].empty()) {
                return tl::unexpected(
                    BadLine(origin, line, "expected AGENCY<TAB>…", "cần MÃ_CƠ_QUAN<TAB>…"));
            }
            auto it = std::find_if(agencies.begin(), agencies.end(), [&](const AgencyCalendar& a) {
                return a.agency_code == f[0];
            });
            if (it == agencies.end()) {
                agencies.push_back(AgencyCalendar{std::string(f[0]), {}, {}});
                it = agencies.end() - 1;
            }
            const auto check_two = [&]() -> Result<void> {
                if (f.size() != 3) {
                    return tl::unexpected(BadLine(origin,
                                                  line,
                                                  "expected AGENCY<TAB>KEY<TAB>VALUE",
                                                  "cần MÃ_CƠ_QUAN<TAB>KHÓA<TAB>GIÁ_TRỊ"));
                }
                return {};
            };
            Result<void> status;
            if (f[1] == "hours") {
                MOTCUA_TRY(check_two());
                auto sessions = ParseSessions(f[2]);
                if (!sessions) {
                    return tl::unexpected(AtLine(origin, line, sessions.error()));
                }
                it->hours.sessions = std::move(*sessions);
            } else if (f[1] == "paper_cutoff" || f[1] == "online_cutoff") {
                MOTCUA_TRY(check_two());
                auto clock = ParseClock(f[2]);
                if (!clock) {
                    return tl::unexpected(AtLine(origin, line, clock.error()));
                }
                if (f[1] == "paper_cutoff") {
                    it->hours.paper_cutoff = *clock;
                } else {
                    it->hours.online_cutoff = *clock;
                }
            } else {
                MOTCUA_ASSIGN_OR_RETURN(CalendarEntry entry,
                                        ParseEntry(std::span(f).subspan(1), origin, line));
                it->overrides.push_back(std::move(entry));
            }
            return {};
        }));
    for (AgencyCalendar& a : agencies) {
        MOTCUA_TRY(CheckUniqueDates(a.overrides, origin));
        auto valid = ValidateOfficeHours(a.hours);
        if (!valid) {
            Error e = valid.error();
            e.message = fmt::format("{}: agency {}: {}", origin, a.agency_code, e.message);
            return tl::unexpected(e);
        }
    }
    return agencies;
}

}  // namespace motcua::core::calendar
