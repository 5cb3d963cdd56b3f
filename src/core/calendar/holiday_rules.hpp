// Holidays and day swaps as data: the statutory rules of the Labour Code, versioned by the date
// they took effect, and each year's announced schedule for civil servants.
//
// Vocabulary shared by the working-day calendar, the yearly schedule files in data/calendar/ and
// the CLI. A year whose schedule was announced uses exactly that schedule; a year without one
// falls back to the statutory rules in force (GenerateStatutoryYear) and says so. Pure, no I/O.
#pragma once

#include <compare>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "core/calendar/civil_time.hpp"

namespace motcua::core::calendar {

// What a calendar entry does to its day.
enum class DayKind {
    kHoliday,       // statutory holiday (ngày lễ, Tết)
    kCompensatory,  // compensatory day off for a holiday on a weekly rest day (nghỉ bù, Đ111.3)
    kSwapOff,       // working day given off in exchange for a make-up day (nghỉ hoán đổi)
    kMakeupWorkday,  // weekly rest day worked instead (ngày làm bù)
};

// "holiday", "compensatory", "swap_off", "makeup_workday": the CLI and file spelling.
std::string_view DayKindName(DayKind kind);

// Inverse of DayKindName; kInvalidArgument for anything else.
[[nodiscard]] Result<DayKind> ParseDayKind(std::string_view name);

// True when the kind makes its day a day off.
inline bool IsDayOff(DayKind kind) {
    return kind != DayKind::kMakeupWorkday;
}

// One dated entry: a day declared off, or a rest day declared a working day. `name` is the
// Vietnamese reason shown to users ("Tết Nguyên đán").
struct CalendarEntry {
    LocalDate date;
    DayKind kind = DayKind::kHoliday;
    std::string name;

    bool operator==(const CalendarEntry&) const = default;
};

// The holiday schedule of one year, as announced by the government (or as generated from the
// statutory rules when nothing was announced).
struct YearSchedule {
    int year = 0;
    bool announced = false;              // false: generated from the statutory rules
    std::string source;                  // the announcing document, or the statute applied
    std::vector<CalendarEntry> entries;  // sorted by date, at most one entry per date
};

// How the second Quốc khánh day (Đ112.1.đ: 2/9 and "one adjacent day") is chosen when no
// schedule was announced.
enum class AdjacentDayRule {
    kNone,    // only 2/9 (rules before 2021)
    kBefore,  // 1/9
    kAfter,   // 3/9
    kAuto,    // the day that joins a weekend: 1/9 when 2/9 is Tue, Fri or Sat; else 3/9
};

struct SolarHoliday {
    int month = 0;
    int day = 0;
    std::string_view name;
};

struct LunarHoliday {
    int month = 0;  // of a non-leap month
    int day = 0;
    std::string_view name;
};

// The statutory holiday rules in force from `effective_from` until the next rule set.
struct HolidayRuleSet {
    LocalDate effective_from;
    std::string_view legal_basis;  // "Bộ luật Lao động 2019, Điều 112"
    std::span<const SolarHoliday> solar;
    std::span<const LunarHoliday> lunar;
    int tet_days = 5;         // days off for Tết Nguyên đán
    int tet_days_before = 1;  // of which before lunar 1/1 (the last day(s) of the lunar year)
    AdjacentDayRule national_day_adjacent = AdjacentDayRule::kAuto;
    bool compensatory_days = true;  // Đ111.3: holiday on a weekly rest day → next working day off
};

// The built-in rule sets, oldest first: Bộ luật Lao động 2012 Đ115 (from 2013-05-01) and
// Bộ luật Lao động 2019 Đ112 (from 2021-01-01).
std::span<const HolidayRuleSet> StatutoryRuleSets();

// The rule set in force on `date`; kOutOfRange before the earliest one.
[[nodiscard]] Result<const HolidayRuleSet*> RuleSetOn(LocalDate date);

// First day the built-in rules cover.
LocalDate StatutoryRulesFirstDay();

// Generates `year`'s holidays from the rules in force on 1 January of that year (or on their
// effective date for the first year): fixed and lunar holidays, Tết, the adjacent Quốc khánh day
// and compensatory days for holidays on a Saturday or Sunday. kOutOfRange for years the rules or
// the lunar calendar do not cover.
[[nodiscard]] Result<YearSchedule> GenerateStatutoryYear(int year);

}  // namespace motcua::core::calendar
