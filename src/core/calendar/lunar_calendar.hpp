// The Vietnamese lunisolar calendar (âm lịch), 1900-01-31 … 2199-12-31.
//
// The calendar is the one Vietnamese people use: it equals Hồ Ngọc Đức's published month tables,
// which are compiled into the binary (data/calendar/lunar-years.tsv) and decoded once, on first
// use; the table is immutable afterwards. Those tables follow the astronomical rules (months
// begin on the local day, UTC+8 before 1968 and UTC+7 from 1968, of the new moon; month 11 holds
// the winter solstice; in a 13-month year the leap month is the first month after month 11
// without a principal solar term, trung khí), and the tests cross-check them month by month
// against an independent astronomical computation (internal/astronomical_months.hpp;
// docs/CALENDAR.md lists the five near-midnight new moons where the two differ). Every function
// here is thread-safe and O(log n).
#pragma once

#include <compare>
#include <span>

#include "common/result.hpp"
#include "core/calendar/civil_time.hpp"

namespace motcua::core::calendar {

struct LunarDate {
    int day = 1;    // 1..30
    int month = 1;  // 1..12
    int year = 0;   // lunar year number, equal to the Gregorian year in which its month 1 starts
    bool leap = false;  // true inside a leap month (tháng nhuận)

    auto operator<=>(const LunarDate&) const = default;
};

// One lunar month of the table.
struct LunarMonth {
    LocalDate first_day;  // solar date of day 1 (mùng 1)
    int length = 0;       // 29 or 30
    int month = 0;        // 1..12
    int year = 0;         // lunar year
    bool leap = false;

    bool operator==(const LunarMonth&) const = default;
};

// First and last solar dates the calendar covers (Tết 1900 and the last day of 2199).
LocalDate LunarRangeFirst();
LocalDate LunarRangeLast();

// Solar → lunar. kOutOfRange outside [LunarRangeFirst(), LunarRangeLast()].
[[nodiscard]] Result<LunarDate> ToLunar(LocalDate date);

// Lunar → solar. kInvalidArgument when the lunar date does not exist (day 30 of a 29-day month,
// leap = true for a month that is not leap, month outside 1..12); kOutOfRange when it falls
// outside the covered range.
[[nodiscard]] Result<LocalDate> FromLunar(LunarDate date);

// Months of lunar year `year` in order (12 or 13 entries). kOutOfRange when the year is not
// wholly inside the covered range (valid years: 1900 … 2198; 2199 is partly covered).
[[nodiscard]] Result<std::span<const LunarMonth>> MonthsOfLunarYear(int year);

// Every month of the table in order, from month 1 of 1900 through the month holding 2199-12-31.
std::span<const LunarMonth> AllLunarMonths();

}  // namespace motcua::core::calendar
