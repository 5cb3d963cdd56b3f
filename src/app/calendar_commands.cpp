#include "app/calendar_commands.hpp"

#include <charconv>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "app/cli_output.hpp"
#include "app/db_commands.hpp"
#include "core/calendar/builtin_calendar.hpp"
#include "core/calendar/civil_time.hpp"
#include "core/calendar/deadline.hpp"
#include "core/calendar/lunar_calendar.hpp"
#include "core/calendar/working_calendar.hpp"

namespace motcua::app {
namespace {

namespace cal = core::calendar;
using std::chrono::days;

Result<int> ParseCount(std::string_view text, std::string_view flag) {
    int value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc{} || ptr != end) {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("{} expects a whole number, got '{}'", flag, text),
                    fmt::format("{} cần một số nguyên, nhận được '{}'", flag, text));
    }
    if (value < 0) {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("{} must not be negative, got {}", flag, value),
                    fmt::format("{} không được âm, nhận được {}", flag, value));
    }
    return value;
}

Result<std::pair<cal::LocalDate, cal::LocalDate>> ParseRange(std::string_view from,
                                                             std::string_view to) {
    MOTCUA_ASSIGN_OR_RETURN(const cal::LocalDate first, cal::ParseDate(from));
    MOTCUA_ASSIGN_OR_RETURN(const cal::LocalDate last, cal::ParseDate(to));
    if (last < first) {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("FROM {} is after TO {}", from, to),
                    fmt::format("ngày bắt đầu {} sau ngày kết thúc {}", from, to));
    }
    return std::pair{first, last};
}

// The working calendar of `agency_code` (national when empty).
Result<cal::WorkingCalendar> CalendarFor(const std::string& agency_code) {
    MOTCUA_ASSIGN_OR_RETURN(const std::vector<cal::YearSchedule> national,
                            cal::BuiltinNationalSchedules());
    if (agency_code.empty()) {
        return cal::WorkingCalendar::Build(national, cal::AgencyCalendar{});
    }
    MOTCUA_ASSIGN_OR_RETURN(const std::vector<cal::AgencyCalendar> agencies,
                            cal::BuiltinAgencyCalendars());
    for (const cal::AgencyCalendar& agency : agencies) {
        if (agency.agency_code == agency_code) {
            return cal::WorkingCalendar::Build(national, agency);
        }
    }
    return Fail(ErrorCode::kNotFound,
                fmt::format("unknown agency '{}'", agency_code),
                fmt::format("không có cơ quan mã '{}'", agency_code),
                "agency");
}

Result<void> RunLunar(std::string_view from, std::string_view to) {
    MOTCUA_ASSIGN_OR_RETURN(const auto range, ParseRange(from, to));
    MOTCUA_TRY(cal::ToLunar(range.first));
    MOTCUA_TRY(cal::ToLunar(range.second));
    StdoutBuffer out;
    for (cal::LocalDate d = range.first; d <= range.second; d += days{1}) {
        MOTCUA_ASSIGN_OR_RETURN(const cal::LunarDate lunar, cal::ToLunar(d));
        const cal::CivilParts p = cal::Parts(d);
        fmt::format_to(std::back_inserter(out.buffer()),
                       "{:04}-{:02}-{:02}\t{}\t{}\t{}\t{}\n",
                       p.year,
                       p.month,
                       p.day,
                       lunar.day,
                       lunar.month,
                       lunar.year,
                       lunar.leap ? 1 : 0);
        out.MaybeFlush();
    }
    return {};
}

Result<void> RunDays(std::string_view from, std::string_view to, const std::string& agency) {
    MOTCUA_ASSIGN_OR_RETURN(const auto range, ParseRange(from, to));
    MOTCUA_ASSIGN_OR_RETURN(const cal::WorkingCalendar calendar, CalendarFor(agency));
    MOTCUA_TRY(calendar.CheckCovered(range.first));
    MOTCUA_TRY(calendar.CheckCovered(range.second));
    StdoutBuffer out;
    for (cal::LocalDate d = range.first; d <= range.second; d += days{1}) {
        const cal::DayStatus status = calendar.Day(d);
        fmt::format_to(std::back_inserter(out.buffer()),
                       "{}\t{}\t{}\n",
                       cal::FormatDate(d),
                       status.working ? "work" : "off",
                       cal::DescribeDayVi(status));
        out.MaybeFlush();
    }
    return {};
}

Result<void> RunHolidays(std::string_view year_text) {
    int year = 0;
    const auto* end = year_text.data() + year_text.size();
    const auto [ptr, ec] = std::from_chars(year_text.data(), end, year);
    if (ec != std::errc{} || ptr != end) {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("invalid year '{}': expected YYYY", year_text),
                    fmt::format("năm '{}' không hợp lệ: cần dạng YYYY", year_text));
    }
    MOTCUA_ASSIGN_OR_RETURN(const cal::WorkingCalendar calendar, CalendarFor(""));
    const cal::YearSchedule* schedule = calendar.ScheduleOf(year);
    if (schedule == nullptr) {
        return Fail(ErrorCode::kOutOfRange,
                    fmt::format("no holiday data for {}: the calendar covers {} … {}",
                                year,
                                cal::FormatDate(calendar.first_day()),
                                cal::FormatDate(calendar.last_day())),
                    fmt::format("không có dữ liệu ngày nghỉ năm {}: lịch áp dụng từ {} đến {}",
                                year,
                                cal::FormatDateVi(calendar.first_day()),
                                cal::FormatDateVi(calendar.last_day())));
    }
    if (!schedule->announced) {
        fmt::print(stderr,
                   "motcua: note: no announced schedule for {}; days generated from {}\n",
                   year,
                   schedule->source);
    }
    StdoutBuffer out;
    for (const cal::CalendarEntry& e : schedule->entries) {
        fmt::format_to(std::back_inserter(out.buffer()),
                       "{}\t{}\t{}\n",
                       cal::FormatDate(e.date),
                       cal::DayKindName(e.kind),
                       e.name);
    }
    return {};
}

struct DueArgs {
    std::string received;
    std::string working_days;
    std::string working_hours;
    std::string calendar_days;
    std::string channel = "online";
    std::string convention = "civil";
    std::string agency;
    std::vector<std::string> pauses;
};

Result<void> RunDue(const DueArgs& args) {
    cal::DueRequest request;
    MOTCUA_ASSIGN_OR_RETURN(request.received, cal::ParseDateTime(args.received));
    const int given = static_cast<int>(!args.working_days.empty()) +
                      static_cast<int>(!args.working_hours.empty()) +
                      static_cast<int>(!args.calendar_days.empty());
    if (given != 1) {
        return Fail(ErrorCode::kInvalidArgument,
                    "give exactly one of --working-days, --working-hours, --calendar-days",
                    "cần đúng một trong --working-days, --working-hours, --calendar-days");
    }
    if (!args.working_days.empty()) {
        MOTCUA_ASSIGN_OR_RETURN(request.amount, ParseCount(args.working_days, "--working-days"));
        request.unit = cal::DurationUnit::kWorkingDays;
    } else if (!args.working_hours.empty()) {
        MOTCUA_ASSIGN_OR_RETURN(request.amount, ParseCount(args.working_hours, "--working-hours"));
        request.unit = cal::DurationUnit::kWorkingHours;
    } else {
        MOTCUA_ASSIGN_OR_RETURN(request.amount, ParseCount(args.calendar_days, "--calendar-days"));
        request.unit = cal::DurationUnit::kCalendarDays;
    }
    if (args.channel == "online") {
        request.channel = cal::Channel::kOnline;
    } else if (args.channel == "paper") {
        request.channel = cal::Channel::kPaper;
    } else {
        return Fail(
            ErrorCode::kInvalidArgument,
            fmt::format("--channel must be online or paper, got '{}'", args.channel),
            fmt::format("--channel phải là online hoặc paper, nhận được '{}'", args.channel));
    }
    if (args.convention == "civil") {
        request.convention = cal::CountingConvention::kCivilCode;
    } else if (args.convention == "hours") {
        request.convention = cal::CountingConvention::kHours;
    } else {
        return Fail(
            ErrorCode::kInvalidArgument,
            fmt::format("--convention must be civil or hours, got '{}'", args.convention),
            fmt::format("--convention phải là civil hoặc hours, nhận được '{}'", args.convention));
    }
    std::vector<cal::Pause> pauses;
    for (const std::string& text : args.pauses) {
        const std::size_t slash = text.find('/');
        if (slash == std::string::npos) {
            return Fail(ErrorCode::kInvalidArgument,
                        fmt::format("--pause expects FROM/TO, got '{}'", text),
                        fmt::format("--pause cần dạng TỪ/ĐẾN, nhận được '{}'", text));
        }
        MOTCUA_ASSIGN_OR_RETURN(const cal::LocalDateTime pause_from,
                                cal::ParseDateTime(std::string_view(text).substr(0, slash)));
        MOTCUA_ASSIGN_OR_RETURN(const cal::LocalDateTime pause_to,
                                cal::ParseDateTime(std::string_view(text).substr(slash + 1)));
        pauses.push_back({pause_from, pause_to});
    }
    request.pauses = pauses;
    MOTCUA_ASSIGN_OR_RETURN(const cal::WorkingCalendar calendar, CalendarFor(args.agency));
    MOTCUA_ASSIGN_OR_RETURN(const cal::DueExplanation result, cal::ExplainDue(calendar, request));
    fmt::print("{}\n", cal::FormatDateTime(result.due));
    for (const std::string& line : result.lines) {
        fmt::print("{}\n", line);
    }
    return {};
}

}  // namespace

void AddCalendarCommands(CLI::App& app, int& exit_code) {
    CLI::App* calendar = app.add_subcommand("calendar", "Lunar calendar, working days, deadlines");
    calendar->require_subcommand(1);

    auto range = std::make_shared<std::pair<std::string, std::string>>();
    CLI::App* lunar = calendar->add_subcommand("lunar", "Solar → Vietnamese lunar date per day");
    lunar->add_option("FROM", range->first, "first day, YYYY-MM-DD")->required();
    lunar->add_option("TO", range->second, "last day, YYYY-MM-DD")->required();
    lunar->callback([&exit_code, range] {
        FinishCommand(exit_code, [&] { return RunLunar(range->first, range->second); });
    });

    auto days_args = std::make_shared<std::array<std::string, 3>>();
    CLI::App* days_cmd = calendar->add_subcommand("days", "Working days and days off");
    days_cmd->add_option("FROM", (*days_args)[0], "first day, YYYY-MM-DD")->required();
    days_cmd->add_option("TO", (*days_args)[1], "last day, YYYY-MM-DD")->required();
    days_cmd->add_option("--agency", (*days_args)[2], "agency code (its own calendar)");
    days_cmd->callback([&exit_code, days_args] {
        FinishCommand(exit_code,
                      [&] { return RunDays((*days_args)[0], (*days_args)[1], (*days_args)[2]); });
    });

    auto year = std::make_shared<std::string>();
    CLI::App* holidays = calendar->add_subcommand("holidays", "Holidays, swaps and make-up days");
    holidays->add_option("YEAR", *year, "year, YYYY")->required();
    holidays->callback(
        [&exit_code, year] { FinishCommand(exit_code, [&] { return RunHolidays(*year); }); });

    auto due = std::make_shared<DueArgs>();
    CLI::App* due_cmd = calendar->add_subcommand("due", "Statutory due time with explanation");
    due_cmd->add_option("--received", due->received, "reception, YYYY-MM-DDTHH:MM")->required();
    due_cmd->add_option("--working-days", due->working_days, "N working days");
    due_cmd->add_option("--working-hours", due->working_hours, "N working hours");
    due_cmd->add_option("--calendar-days", due->calendar_days, "N calendar days");
    due_cmd->add_option("--channel", due->channel, "online (default) or paper");
    due_cmd->add_option("--convention",
                        due->convention,
                        "civil (default: days from the next day) or hours (N×8 h)");
    due_cmd->add_option("--agency", due->agency, "agency code (its own calendar)");
    due_cmd->add_option("--pause", due->pauses, "paused interval FROM/TO (repeatable)");
    due_cmd->callback(
        [&exit_code, due] { FinishCommand(exit_code, [&] { return RunDue(*due); }); });
}

void AddDemoCommand(CLI::App& app, int& exit_code) {
    CLI::App* demo = app.add_subcommand("demo", "A short tour of the calendar and the demo data");
    auto db = std::make_shared<std::string>();
    demo->add_option("--db", *db, "a database made by seed-demo, to summarise");
    demo->callback([&exit_code, db] {
        FinishCommand(exit_code, [&]() -> Result<void> {
            if (!db->empty()) {
                MOTCUA_TRY(PrintDatabaseTour(*db));
            }
            MOTCUA_ASSIGN_OR_RETURN(const cal::WorkingCalendar calendar, CalendarFor(""));
            fmt::print("motcua — lịch làm việc và hạn giải quyết thủ tục hành chính\n\n");
            MOTCUA_ASSIGN_OR_RETURN(const cal::LocalDate tet, cal::FromLunar({1, 1, 2026, false}));
            fmt::print("Tết Bính Ngọ: {} (mùng 1 tháng Giêng)\n", cal::FormatDayVi(tet));
            MOTCUA_ASSIGN_OR_RETURN(const cal::LocalDateTime received,
                                    cal::ParseDateTime("2026-02-13T14:20"));
            const cal::DueRequest request{received,
                                          3,
                                          cal::DurationUnit::kWorkingDays,
                                          cal::Channel::kOnline,
                                          cal::CountingConvention::kCivilCode,
                                          {}};
            MOTCUA_ASSIGN_OR_RETURN(const cal::DueExplanation due,
                                    cal::ExplainDue(calendar, request));
            fmt::print("\nHồ sơ 3 ngày làm việc nhận 14:20 thứ Sáu 13/02/2026:\n");
            for (const std::string& line : due.lines) {
                fmt::print("  {}\n", line);
            }
            fmt::print(
                "\nThử: build/motcua calendar due --received 2026-04-29T16:00 "
                "--working-days 5 --channel paper\n");
            return {};
        });
    });
}

}  // namespace motcua::app
