#include "core/calendar/holiday_rules.hpp"

#include <algorithm>
#include <array>
#include <set>

#include <fmt/format.h>

#include "common/enum_names.hpp"
#include "core/calendar/lunar_calendar.hpp"

namespace motcua::core::calendar {
namespace {

using std::chrono::days;
using std::chrono::Friday;
using std::chrono::Saturday;
using std::chrono::Sunday;
using std::chrono::Tuesday;
using std::chrono::weekday;

constexpr std::string_view kTetDuongLich = "Tết Dương lịch";
constexpr std::string_view kTetNguyenDan = "Tết Nguyên đán";
constexpr std::string_view kChienThang = "Ngày Chiến thắng (30/4)";
constexpr std::string_view kLaoDong = "Ngày Quốc tế Lao động (1/5)";
constexpr std::string_view kQuocKhanh = "Quốc khánh (2/9)";
constexpr std::string_view kQuocKhanhAdjacent = "Quốc khánh (ngày liền kề)";
constexpr std::string_view kGioTo = "Giỗ Tổ Hùng Vương (10/3 âm lịch)";

constexpr std::array<SolarHoliday, 4> kSolarHolidays = {{
    {1, 1, kTetDuongLich},
    {4, 30, kChienThang},
    {5, 1, kLaoDong},
    {9, 2, kQuocKhanh},
}};

constexpr std::array<NamedValue<DayKind>, 4> kDayKindNames = {{
    {DayKind::kHoliday, "holiday"},
    {DayKind::kCompensatory, "compensatory"},
    {DayKind::kSwapOff, "swap_off"},
    {DayKind::kMakeupWorkday, "makeup_workday"},
}};

constexpr std::array<LunarHoliday, 1> kLunarHolidays = {{{3, 10, kGioTo}}};

const std::array<HolidayRuleSet, 2>& RuleSets() {
    static const std::array<HolidayRuleSet, 2> kRuleSets = {{
        {LocalDate{std::chrono::year{2013} / 5 / 1},
         "Bộ luật Lao động 2012, Điều 115",
         kSolarHolidays,
         kLunarHolidays,
         5,
         1,
         AdjacentDayRule::kNone,
         true},
        {LocalDate{std::chrono::year{2021} / 1 / 1},
         "Bộ luật Lao động 2019, Điều 112",
         kSolarHolidays,
         kLunarHolidays,
         5,
         1,
         AdjacentDayRule::kAuto,
         true},
    }};
    return kRuleSets;
}

bool IsWeekend(LocalDate date) {
    const weekday wd{date};
    return wd == Saturday || wd == Sunday;
}

LocalDate AdjacentNationalDay(int year, AdjacentDayRule rule) {
    const LocalDate national_day{std::chrono::year{year} / 9 / 2};
    switch (rule) {
        case AdjacentDayRule::kBefore:
            return national_day - days{1};
        case AdjacentDayRule::kAfter:
            return national_day + days{1};
        case AdjacentDayRule::kAuto:
        case AdjacentDayRule::kNone: {
            const weekday wd{national_day};
            const bool before = wd == Tuesday || wd == Friday || wd == Saturday;
            return national_day + days{before ? -1 : 1};
        }
    }
    return national_day + days{1};
}

}  // namespace

std::string_view DayKindName(DayKind kind) {
    return NameOf(kDayKindNames, kind);
}

Result<DayKind> ParseDayKind(std::string_view name) {
    return ParseName(kDayKindNames, name, "day kind");
}

std::span<const HolidayRuleSet> StatutoryRuleSets() {
    return RuleSets();
}

LocalDate StatutoryRulesFirstDay() {
    return RuleSets().front().effective_from;
}

Result<const HolidayRuleSet*> RuleSetOn(LocalDate date) {
    const HolidayRuleSet* found = nullptr;
    for (const HolidayRuleSet& rules : RuleSets()) {
        if (rules.effective_from <= date) {
            found = &rules;
        }
    }
    if (found == nullptr) {
        return Fail(ErrorCode::kOutOfRange,
                    fmt::format("no holiday rules before {}", FormatDate(StatutoryRulesFirstDay())),
                    fmt::format("chưa có quy định ngày nghỉ trước ngày {}",
                                FormatDateVi(StatutoryRulesFirstDay())));
    }
    return found;
}

Result<YearSchedule> GenerateStatutoryYear(int year) {
    const LocalDate jan1{std::chrono::year{year} / 1 / 1};
    const LocalDate first_day = std::max(jan1, StatutoryRulesFirstDay());
    if (Parts(first_day).year != year || year > Parts(LunarRangeLast()).year) {
        return Fail(ErrorCode::kOutOfRange,
                    fmt::format("no holiday rules for year {}", year),
                    fmt::format("không có quy định ngày nghỉ cho năm {}", year));
    }
    MOTCUA_ASSIGN_OR_RETURN(const HolidayRuleSet* rules, RuleSetOn(first_day));

    std::vector<CalendarEntry> holidays;
    const auto add = [&](LocalDate date, std::string_view name) {
        if (date >= first_day && Parts(date).year == year) {
            holidays.push_back({date, DayKind::kHoliday, std::string(name)});
        }
    };
    for (const SolarHoliday& h : rules->solar) {
        MOTCUA_ASSIGN_OR_RETURN(const LocalDate date, MakeDate(year, h.month, h.day));
        add(date, h.name);
    }
    if (rules->national_day_adjacent != AdjacentDayRule::kNone) {
        add(AdjacentNationalDay(year, rules->national_day_adjacent), kQuocKhanhAdjacent);
    }
    for (const LunarHoliday& h : rules->lunar) {
        MOTCUA_ASSIGN_OR_RETURN(const LocalDate date, FromLunar({h.day, h.month, year, false}));
        add(date, h.name);
    }
    MOTCUA_ASSIGN_OR_RETURN(const LocalDate tet, FromLunar({1, 1, year, false}));
    for (int i = 0; i < rules->tet_days; ++i) {
        add(tet + days{i - rules->tet_days_before}, kTetNguyenDan);
    }
    std::sort(holidays.begin(), holidays.end(), [](const CalendarEntry& a, const CalendarEntry& b) {
        return a.date < b.date;
    });

    // Đ111.3: a holiday on a weekly rest day gives the next working day off.
    std::set<LocalDate> taken;
    for (const CalendarEntry& h : holidays) {
        taken.insert(h.date);
    }
    std::vector<CalendarEntry> compensatory;
    if (rules->compensatory_days) {
        for (const CalendarEntry& h : holidays) {
            if (!IsWeekend(h.date)) {
                continue;
            }
            LocalDate day = h.date + days{1};
            while (IsWeekend(day) || taken.contains(day)) {
                day += days{1};
            }
            taken.insert(day);
            compensatory.push_back(
                {day, DayKind::kCompensatory, fmt::format("Nghỉ bù {}", h.name)});
        }
    }
    holidays.insert(holidays.end(), compensatory.begin(), compensatory.end());
    std::sort(holidays.begin(), holidays.end(), [](const CalendarEntry& a, const CalendarEntry& b) {
        return a.date < b.date;
    });
    return YearSchedule{year, false, std::string(rules->legal_basis), std::move(holidays)};
}

}  // namespace motcua::core::calendar
