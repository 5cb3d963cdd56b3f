#include "core/calendar/lunar_calendar.hpp"

#include <chrono>
#include <cstddef>
#include <ostream>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/embedded_file.hpp"
#include "common/testing/result_matchers.hpp"
#include "core/calendar/builtin_calendar.hpp"
#include "core/calendar/internal/astronomical_months.hpp"
#include "core/calendar/internal/astronomy.hpp"

namespace motcua::core::calendar {

// gtest printers, found by argument-dependent lookup; internal linkage so that other test files
// may define their own.
static void PrintTo(const LunarDate& date, std::ostream* os) {
    *os << date.day << "/" << date.month << (date.leap ? "L" : "") << "/" << date.year;
}

static void PrintTo(const LunarMonth& month, std::ostream* os) {
    *os << month.month << (month.leap ? "L" : "") << "/" << month.year << " from "
        << FormatDate(month.first_day) << " (" << month.length << " days)";
}

namespace {

namespace chr = std::chrono;

using ::testing::Field;
using ::testing::SizeIs;

LocalDate Date(int y, unsigned m, unsigned d) {
    return LocalDate{chr::year{y} / chr::month{m} / chr::day{d}};
}

std::string Describe(const LunarMonth& m) {
    std::ostringstream out;
    PrintTo(m, &out);
    return out.str();
}

// ---------------------------------------------------------------------------------------------
// (a) The table against the published month tables it is built from.

// Reads the embedded data/calendar/lunar-years.tsv into one flat list of months, in order, with a
// parser independent of the one in lunar_calendar.cpp: every month of lunar years 1900 … 2199,
// including those of 2199 that lie past the public range.
std::vector<LunarMonth> ReadPublishedMonths() {
    std::string text;
    for (const EmbeddedFile& file : BuiltinCalendarFiles()) {
        if (file.name == "lunar-years.tsv") {
            text = file.text;
        }
    }
    EXPECT_FALSE(text.empty()) << "lunar-years.tsv is not embedded";
    std::istringstream in(text);
    std::vector<LunarMonth> months;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') {
            continue;
        }
        std::istringstream fields(line);
        int year = 0;
        std::string tet;
        int leap_month = 0;
        fields >> year >> tet >> leap_month;
        const Result<LocalDate> first_day = ParseDate(tet);
        EXPECT_THAT(first_day, IsOk()) << line;
        if (!first_day) {
            continue;
        }
        if (!months.empty()) {
            const LunarMonth& last = months.back();
            EXPECT_EQ(last.first_day + chr::days{last.length}, *first_day)
                << "months of " << year - 1 << " do not end at Tết " << year;
        }
        LocalDate day = *first_day;
        int number = 1;
        bool next_is_leap = false;
        int length = 0;
        while (fields >> length) {
            LunarMonth month;
            month.first_day = day;
            month.length = length;
            month.month = number;
            month.year = year;
            month.leap = next_is_leap;
            months.push_back(month);
            day += chr::days{length};
            if (!next_is_leap && number == leap_month) {
                next_is_leap = true;
            } else {
                next_is_leap = false;
                ++number;
            }
        }
        EXPECT_EQ(number, 13) << "year " << year << " does not have months 1..12";
    }
    return months;
}

TEST(LunarCalendar, TableEqualsThePublishedMonthTables) {
    const std::vector<LunarMonth> published = ReadPublishedMonths();
    ASSERT_FALSE(published.empty());
    EXPECT_EQ(published.front().year, 1900);
    EXPECT_EQ(published.back().year, 2199);

    const std::span<const LunarMonth> actual = AllLunarMonths();
    ASSERT_LE(actual.size(), published.size());
    std::string mismatches;
    for (std::size_t i = 0; i < actual.size(); ++i) {
        if (!(actual[i] == published[i])) {
            mismatches +=
                "  table " + Describe(actual[i]) + ", published " + Describe(published[i]) + "\n";
        }
    }
    EXPECT_EQ(mismatches, "");
    // The table stops at the month holding 2199-12-31; the published months after it lie
    // wholly past the range.
    for (std::size_t i = actual.size(); i < published.size(); ++i) {
        EXPECT_GT(published[i].first_day, LunarRangeLast()) << Describe(published[i]);
    }
    // Year by year, too.
    std::size_t next = 0;
    for (int year = 1900; year <= 2198; ++year) {
        const Result<std::span<const LunarMonth>> months = MonthsOfLunarYear(year);
        ASSERT_THAT(months, IsOk()) << year;
        for (const LunarMonth& m : *months) {
            ASSERT_LT(next, published.size());
            EXPECT_EQ(m, published[next]) << year;
            ++next;
        }
    }
    // Lunar year 2199 is only partly public, but FromLunar knows all of it.
    for (; next < published.size(); ++next) {
        const LunarMonth& m = published[next];
        EXPECT_EQ(m.year, 2199);
        const Result<LocalDate> first = FromLunar(LunarDate{1, m.month, m.year, m.leap});
        if (m.first_day <= LunarRangeLast()) {
            EXPECT_THAT(first, IsOkAndHolds(m.first_day)) << Describe(m);
        } else {
            EXPECT_THAT(first, HasError(ErrorCode::kOutOfRange)) << Describe(m);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// (b) The astronomical cross-check.

// The months where the published tables and the astronomical computation
// (ComputeAstronomicalMonths, Meeus ch. 49 with ΔT) disagree; the calendar follows the published
// tables. Each is a new moon 0–6 minutes after local midnight: the computation puts the month
// start on the day after that midnight, the published table one day earlier (so the month
// before is one day shorter there). The four before 1929 are the published tables following the
// Chinese calendar of the time, computed for Beijing mean time (116°25′E, UTC+7:45:40) until
// 1928 (checked by PublishedTablesBefore1929UseBeijingMeanTime); 2054 (22 s after midnight) lies
// within the uncertainty of ΔT that far ahead.
struct NearMidnightMonth {
    LocalDate published_first_day;  // month start in the published table
    int year = 0;
    int month = 0;
    int k = 0;  // Meeus lunation number of the new moon
    bool leap = false;
};

const NearMidnightMonth kNearMidnightMonths[] = {
    {Date(1906, 4, 23), 1906, 4, -1159, false},    // 1906-04-23 16:06:30 UT = 00:06 UTC+8
    {Date(1914, 11, 17), 1914, 10, -1053, false},  // 1914-11-17 16:01:42 UT = 00:01 UTC+8
    {Date(1916, 2, 3), 1916, 1, -1038, false},     // 1916-02-03 16:05:16 UT = 00:05 UTC+8 (Tết)
    {Date(1920, 11, 10), 1920, 10, -979, false},   // 1920-11-10 16:04:49 UT = 00:04 UTC+8
    {Date(2054, 5, 7), 2054, 4, 672, false},       // 2054-05-07 17:00:22 UT = 00:00 UTC+7
};

TEST(LunarCalendar, AstronomyAgreesWithTheTableExceptNearMidnightNewMoons) {
    // The table: the public months, then the published months of 2199 past the range.
    std::vector<LunarMonth> table(AllLunarMonths().begin(), AllLunarMonths().end());
    const std::vector<LunarMonth> published = ReadPublishedMonths();
    ASSERT_LE(table.size(), published.size());
    table.insert(table.end(),
                 published.begin() + static_cast<std::ptrdiff_t>(table.size()),
                 published.end());

    const std::vector<LunarMonth> computed = internal::ComputeAstronomicalMonths();
    ASSERT_EQ(computed.size(), table.size());

    // Every month whose start differs is one of the listed ones, and every listed one differs.
    std::vector<std::string> differing_starts;
    for (std::size_t i = 0; i < table.size(); ++i) {
        if (computed[i].first_day != table[i].first_day) {
            differing_starts.push_back(FormatDate(table[i].first_day));
        }
    }
    std::vector<std::string> listed_starts;
    for (const NearMidnightMonth& m : kNearMidnightMonths) {
        listed_starts.push_back(FormatDate(m.published_first_day));
    }
    EXPECT_EQ(differing_starts, listed_starts);

    // Apart from those starts (and the lengths of the months on either side of them), the two
    // agree in every field of every month.
    std::vector<LunarMonth> expected = table;
    for (const NearMidnightMonth& m : kNearMidnightMonths) {
        std::size_t i = 0;
        while (i < expected.size() &&
               !(expected[i].year == m.year && expected[i].month == m.month &&
                 expected[i].leap == m.leap)) {
            ++i;
        }
        ASSERT_LT(i, expected.size());
        ASSERT_GT(i, 0U);
        ASSERT_EQ(FormatDate(expected[i].first_day), FormatDate(m.published_first_day));
        expected[i].first_day += chr::days{1};
        expected[i].length -= 1;
        expected[i - 1].length += 1;
    }
    std::string mismatches;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        if (!(computed[i] == expected[i])) {
            mismatches +=
                "  computed " + Describe(computed[i]) + ", table " + Describe(table[i]) + "\n";
        }
    }
    EXPECT_EQ(mismatches, "");
}

TEST(LunarCalendar, NewMoonErrataAreNearMidnight) {
    for (const NearMidnightMonth& m : kNearMidnightMonths) {
        const int offset = m.year < 1968 ? 8 : 7;
        const double jd = internal::JdeToJd(internal::NewMoonJde(m.k));
        const LocalDate computed_day = m.published_first_day + chr::days{1};
        EXPECT_EQ(FormatDate(internal::LocalDayOf(jd, offset)), FormatDate(computed_day)) << m.year;
        const double minutes_after_midnight =
            (jd - internal::JdOfLocalMidnight(computed_day, offset)) * 1440.0;
        EXPECT_GE(minutes_after_midnight, 0.0) << m.year;
        EXPECT_LT(minutes_after_midnight, m.year < 1929 ? 7.0 : 1.0) << m.year;
        // The calendar follows the published table.
        EXPECT_THAT(ToLunar(m.published_first_day),
                    IsOkAndHolds(LunarDate{1, m.month, m.year, m.leap}));
        EXPECT_THAT(ToLunar(computed_day), IsOkAndHolds(LunarDate{2, m.month, m.year, m.leap}));
    }
    // Tết 1916 is the one that moves a New Year.
    EXPECT_THAT(FromLunar(LunarDate{1, 1, 1916, false}), IsOkAndHolds(Date(1916, 2, 3)));
}

TEST(LunarCalendar, PublishedTablesBefore1929UseBeijingMeanTime) {
    // Until 1928 the Chinese calendar, which the published tables follow for those years, was
    // computed for Beijing mean time (116°25′E, UTC+7:45:40), 14 min 20 s behind UTC+8: a new
    // moon in the first 14 min 20 s of a day (UTC+8) fell on the day before. From Tết 1900 to
    // 1928 exactly the listed new moons do so.
    constexpr double kBeijingLagMinutes = 14.0 + 20.0 / 60.0;
    std::vector<std::string> shifted;
    const double first_jd = internal::JdOfDay(chr::sys_days{chr::year{1900} / chr::January / 1});
    const double end_jd =
        internal::JdOfLocalMidnight(LocalDate{chr::year{1929} / chr::January / 1}, 8);
    for (int k = internal::NewMoonIndexBefore(internal::JdToJde(first_jd));; ++k) {
        const double jd = internal::JdeToJd(internal::NewMoonJde(k));
        if (jd >= end_jd) {
            break;
        }
        const LocalDate day = internal::LocalDayOf(jd, 8);
        const double minutes = (jd - internal::JdOfLocalMidnight(day, 8)) * 1440.0;
        if (day >= LunarRangeFirst() && minutes < kBeijingLagMinutes) {
            shifted.push_back(FormatDate(day - chr::days{1}));
        }
    }
    std::vector<std::string> listed;
    for (const NearMidnightMonth& m : kNearMidnightMonths) {
        if (m.year < 1929) {
            listed.push_back(FormatDate(m.published_first_day));
        }
    }
    EXPECT_EQ(shifted, listed);
}

// ---------------------------------------------------------------------------------------------
// (c) Known dates.

TEST(LunarCalendar, TetFallsOnKnownDates) {
    struct Case {
        int year = 0;
        LocalDate tet;
    };

    const Case cases[] = {
        {1900, Date(1900, 1, 31)},
        {1968, Date(1968, 1, 29)},  // China: 30 Jan; Vietnam had just moved to UTC+7
        {1975, Date(1975, 2, 11)},
        {1985, Date(1985, 1, 21)},  // China: 20 Feb
        {2000, Date(2000, 2, 5)},
        {2007, Date(2007, 2, 17)},  // China: 18 Feb
        {2010, Date(2010, 2, 14)},
        {2020, Date(2020, 1, 25)},
        {2021, Date(2021, 2, 12)},
        {2022, Date(2022, 2, 1)},
        {2023, Date(2023, 1, 22)},
        {2024, Date(2024, 2, 10)},
        {2025, Date(2025, 1, 29)},
        {2026, Date(2026, 2, 17)},
    };
    for (const Case& c : cases) {
        EXPECT_THAT(FromLunar(LunarDate{1, 1, c.year, false}), IsOkAndHolds(c.tet)) << c.year;
        EXPECT_THAT(ToLunar(c.tet), IsOkAndHolds(LunarDate{1, 1, c.year, false})) << c.year;
        if (c.year > 1900) {
            EXPECT_THAT(ToLunar(c.tet - chr::days{1}),
                        IsOkAndHolds(Field(&LunarDate::year, c.year - 1)))
                << c.year;
        }
    }
}

TEST(LunarCalendar, HungKingsCommemorationFallsOnKnownDates) {
    struct Case {
        int year = 0;
        LocalDate date;
    };

    const Case cases[] = {
        {2024, Date(2024, 4, 18)},
        {2025, Date(2025, 4, 7)},
        {2026, Date(2026, 4, 26)},
    };
    for (const Case& c : cases) {
        EXPECT_THAT(FromLunar(LunarDate{10, 3, c.year, false}), IsOkAndHolds(c.date)) << c.year;
        EXPECT_THAT(ToLunar(c.date), IsOkAndHolds(LunarDate{10, 3, c.year, false})) << c.year;
    }
}

TEST(LunarCalendar, LeapMonthOf2023IsTheSecond) {
    EXPECT_THAT(FromLunar(LunarDate{1, 2, 2023, true}), IsOkAndHolds(Date(2023, 3, 22)));
    EXPECT_THAT(FromLunar(LunarDate{1, 2, 2023, false}), IsOkAndHolds(Date(2023, 2, 20)));
    EXPECT_THAT(ToLunar(Date(2023, 3, 22)), IsOkAndHolds(LunarDate{1, 2, 2023, true}));

    const Result<std::span<const LunarMonth>> months = MonthsOfLunarYear(2023);
    ASSERT_THAT(months, IsOk());
    ASSERT_THAT(*months, SizeIs(13));
    EXPECT_EQ((*months)[2].month, 2);
    EXPECT_TRUE((*months)[2].leap);
    EXPECT_EQ((*months)[2].first_day, Date(2023, 3, 22));
}

TEST(LunarCalendar, LeapMonthsOfRecentYearsAreTheKnownOnes) {
    struct Case {
        int year = 0;
        int leap_month = 0;  // 0 = none
    };

    const Case cases[] = {
        {2001, 4},
        {2004, 2},
        {2006, 7},
        {2009, 5},
        {2012, 4},
        {2014, 9},
        {2017, 6},
        {2020, 4},
        {2021, 0},
        {2022, 0},
        {2023, 2},
        {2024, 0},
        {2025, 6},
        {2026, 0},
        {2028, 5},
        {2031, 3},
        {2033, 11},
    };
    for (const Case& c : cases) {
        const Result<std::span<const LunarMonth>> months = MonthsOfLunarYear(c.year);
        ASSERT_THAT(months, IsOk()) << c.year;
        int leap_month = 0;
        for (const LunarMonth& m : *months) {
            if (m.leap) {
                leap_month = m.month;
            }
        }
        EXPECT_EQ(leap_month, c.leap_month) << c.year;
        EXPECT_EQ(months->size(), c.leap_month == 0 ? 12U : 13U) << c.year;
    }
}

TEST(LunarCalendar, LeapEleventhMonthOf2033) {
    EXPECT_THAT(FromLunar(LunarDate{1, 11, 2033, true}), IsOkAndHolds(Date(2033, 12, 22)));
    EXPECT_THAT(FromLunar(LunarDate{1, 1, 2034, false}), IsOkAndHolds(Date(2034, 2, 19)));
}

TEST(LunarCalendar, MonthsOfLunarYearListsTheYearInOrder) {
    const Result<std::span<const LunarMonth>> months = MonthsOfLunarYear(2025);
    ASSERT_THAT(months, IsOk());
    ASSERT_THAT(*months, SizeIs(13));  // leap 6 in 2025
    EXPECT_EQ(months->front().first_day, Date(2025, 1, 29));
    EXPECT_THAT(*months,
                ::testing::Contains(::testing::AllOf(Field(&LunarMonth::month, 6),
                                                     Field(&LunarMonth::leap, true))));
    EXPECT_EQ(months->back().first_day + chr::days{months->back().length}, Date(2026, 2, 17));
}

TEST(LunarCalendar, RangeIsTet1900ThroughEnd2199) {
    EXPECT_EQ(LunarRangeFirst(), Date(1900, 1, 31));
    EXPECT_EQ(LunarRangeLast(), Date(2199, 12, 31));
    const std::span<const LunarMonth> all = AllLunarMonths();
    ASSERT_FALSE(all.empty());
    EXPECT_EQ(all.front().first_day, LunarRangeFirst());
    EXPECT_LE(all.back().first_day, LunarRangeLast());
    EXPECT_GT(all.back().first_day + chr::days{all.back().length}, LunarRangeLast());
    EXPECT_THAT(ToLunar(LunarRangeLast()), IsOkAndHolds(LunarDate{14, 11, 2199, false}));
}

// ---------------------------------------------------------------------------------------------
// (d) Properties over the whole range.

TEST(LunarCalendar, EveryMonthHas29Or30DaysAndFollowsThePreviousOne) {
    const std::span<const LunarMonth> all = AllLunarMonths();
    for (std::size_t i = 0; i < all.size(); ++i) {
        EXPECT_TRUE(all[i].length == 29 || all[i].length == 30) << Describe(all[i]);
        EXPECT_GE(all[i].month, 1);
        EXPECT_LE(all[i].month, 12);
        if (i > 0) {
            EXPECT_EQ(all[i - 1].first_day + chr::days{all[i - 1].length}, all[i].first_day)
                << Describe(all[i]);
        }
    }
}

TEST(LunarCalendar, EveryYearHas12Or13MonthsWithAtMostOneLeap) {
    for (int year = 1900; year <= 2198; ++year) {
        const Result<std::span<const LunarMonth>> months = MonthsOfLunarYear(year);
        ASSERT_THAT(months, IsOk()) << year;
        int leaps = 0;
        int expected_number = 1;
        for (const LunarMonth& m : *months) {
            EXPECT_EQ(m.year, year);
            if (m.leap) {
                ++leaps;
                EXPECT_EQ(m.month, expected_number - 1) << Describe(m);
            } else {
                EXPECT_EQ(m.month, expected_number) << Describe(m);
                ++expected_number;
            }
        }
        EXPECT_EQ(expected_number, 13) << year;
        EXPECT_EQ(months->size(), leaps == 0 ? 12U : 13U) << year;
        EXPECT_LE(leaps, 1) << year;
        const auto first = chr::year_month_day{months->front().first_day};
        EXPECT_EQ(static_cast<int>(first.year()), year);
    }
}

TEST(LunarCalendar, TetFallsBetween21JanuaryAnd20February) {
    // Month 11 holds the winter solstice, so Tết is the second (after a leap 11 or 12, the
    // third) new moon after it.
    for (int year = 1900; year <= 2199; ++year) {
        const Result<LocalDate> tet = FromLunar(LunarDate{1, 1, year, false});
        ASSERT_THAT(tet, IsOk()) << year;
        EXPECT_GE(*tet, Date(year, 1, 21)) << year;
        EXPECT_LE(*tet, Date(year, 2, 20)) << year;
    }
}

TEST(LunarCalendar, YearsLast353To355Or383To385Days) {
    for (int year = 1900; year <= 2198; ++year) {
        const Result<std::span<const LunarMonth>> months = MonthsOfLunarYear(year);
        ASSERT_THAT(months, IsOk()) << year;
        const auto days = (months->back().first_day + chr::days{months->back().length} -
                           months->front().first_day)
                              .count();
        if (months->size() == 12) {
            EXPECT_TRUE(days >= 353 && days <= 355) << year << ": " << days;
        } else {
            EXPECT_TRUE(days >= 383 && days <= 385) << year << ": " << days;
        }
    }
}

TEST(LunarCalendar, MeanMonthIsTheSynodicMonth) {
    // One month too many or too few over the 300 years would move the mean by ~0.008 days.
    const std::span<const LunarMonth> all = AllLunarMonths();
    const auto days = (all.back().first_day - all.front().first_day).count();
    const double mean = static_cast<double>(days) / static_cast<double>(all.size() - 1);
    EXPECT_NEAR(mean, internal::kSynodicMonthDays, 0.002);
}

TEST(LunarCalendar, Every19YearsHold6To8LeapYearsAnd7OnAverage) {
    // The Metonic cycle: 19 solar years ≈ 235 lunations = 19 × 12 + 7.
    std::vector<int> leap_years;
    for (int year = 1900; year <= 2198; ++year) {
        const Result<std::span<const LunarMonth>> months = MonthsOfLunarYear(year);
        ASSERT_THAT(months, IsOk()) << year;
        leap_years.push_back(months->size() == 13 ? 1 : 0);
    }
    int windows_of_7 = 0;
    int windows = 0;
    for (std::size_t first = 0; first + 19 <= leap_years.size(); ++first) {
        int count = 0;
        for (std::size_t i = first; i < first + 19; ++i) {
            count += leap_years[i];
        }
        EXPECT_GE(count, 6) << 1900 + first;
        EXPECT_LE(count, 8) << 1900 + first;
        windows_of_7 += count == 7 ? 1 : 0;
        ++windows;
    }
    EXPECT_GT(windows_of_7 * 100, windows * 95);
}

TEST(LunarCalendar, SolarLunarSolarRoundTripsForEveryDay) {
    for (LocalDate day = LunarRangeFirst(); day <= LunarRangeLast(); day += chr::days{1}) {
        const Result<LunarDate> lunar = ToLunar(day);
        ASSERT_THAT(lunar, IsOk()) << FormatDate(day);
        ASSERT_THAT(FromLunar(*lunar), IsOkAndHolds(day)) << FormatDate(day);
    }
}

TEST(LunarCalendar, ConsecutiveDaysAdvanceTheLunarDate) {
    Result<LunarDate> previous = ToLunar(LunarRangeFirst());
    ASSERT_THAT(previous, IsOk());
    EXPECT_EQ(*previous, (LunarDate{1, 1, 1900, false}));
    for (LocalDate day = LunarRangeFirst() + chr::days{1}; day <= LunarRangeLast();
         day += chr::days{1}) {
        const Result<LunarDate> current = ToLunar(day);
        ASSERT_THAT(current, IsOk()) << FormatDate(day);
        const LunarDate& p = *previous;
        const LunarDate& c = *current;
        if (c.day != 1) {
            ASSERT_EQ(c, (LunarDate{p.day + 1, p.month, p.year, p.leap})) << FormatDate(day);
        } else {
            ASSERT_TRUE(p.day == 29 || p.day == 30) << FormatDate(day);
            if (c.leap) {
                ASSERT_EQ(c, (LunarDate{1, p.month, p.year, true})) << FormatDate(day);
                ASSERT_FALSE(p.leap) << FormatDate(day);
            } else if (p.month == 12) {
                ASSERT_EQ(c, (LunarDate{1, 1, p.year + 1, false})) << FormatDate(day);
            } else {
                ASSERT_EQ(c, (LunarDate{1, p.month + 1, p.year, false})) << FormatDate(day);
            }
        }
        previous = current;
    }
}

// ---------------------------------------------------------------------------------------------
// (e) Errors.

TEST(LunarCalendar, SolarDatesOutsideTheRangeAreOutOfRange) {
    EXPECT_THAT(ToLunar(Date(1900, 1, 30)), HasError(ErrorCode::kOutOfRange));
    EXPECT_THAT(ToLunar(Date(2200, 1, 1)), HasError(ErrorCode::kOutOfRange));
    EXPECT_THAT(ToLunar(Date(1800, 6, 1)), HasError(ErrorCode::kOutOfRange));
    const Result<LunarDate> result = ToLunar(Date(1900, 1, 30));
    ASSERT_FALSE(result.has_value());
    EXPECT_FALSE(result.error().message.empty());
    EXPECT_FALSE(result.error().message_vi.empty());
}

TEST(LunarCalendar, LunarDatesOutsideTheRangeAreOutOfRange) {
    EXPECT_THAT(FromLunar(LunarDate{1, 12, 1899, false}), HasError(ErrorCode::kOutOfRange));
    EXPECT_THAT(FromLunar(LunarDate{1, 1, 2200, false}), HasError(ErrorCode::kOutOfRange));
    // Month 12 of 2199 begins in January 2200.
    EXPECT_THAT(FromLunar(LunarDate{1, 12, 2199, false}), HasError(ErrorCode::kOutOfRange));
    EXPECT_THAT(FromLunar(LunarDate{14, 11, 2199, false}), IsOkAndHolds(Date(2199, 12, 31)));
    EXPECT_THAT(FromLunar(LunarDate{15, 11, 2199, false}), HasError(ErrorCode::kOutOfRange));
}

TEST(LunarCalendar, NonexistentLunarDatesAreInvalidArguments) {
    // Month 1 of 1900 has 29 days.
    EXPECT_THAT(FromLunar(LunarDate{29, 1, 1900, false}), IsOkAndHolds(Date(1900, 2, 28)));
    const Result<LocalDate> day30 = FromLunar(LunarDate{30, 1, 1900, false});
    EXPECT_THAT(day30, HasError(ErrorCode::kInvalidArgument));
    ASSERT_FALSE(day30.has_value());
    EXPECT_EQ(day30.error().field, "day");
    EXPECT_FALSE(day30.error().message_vi.empty());
    // 2023 has leap month 2 only.
    const Result<LocalDate> leap3 = FromLunar(LunarDate{1, 3, 2023, true});
    EXPECT_THAT(leap3, HasError(ErrorCode::kInvalidArgument));
    ASSERT_FALSE(leap3.has_value());
    EXPECT_EQ(leap3.error().field, "leap");
    EXPECT_THAT(FromLunar(LunarDate{1, 1, 2024, true}), HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(FromLunar(LunarDate{1, 13, 2024, false}), HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(FromLunar(LunarDate{1, 0, 2024, false}), HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(FromLunar(LunarDate{0, 1, 2024, false}), HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(FromLunar(LunarDate{31, 1, 2024, false}), HasError(ErrorCode::kInvalidArgument));
}

TEST(LunarCalendar, EveryThirtiethOfA29DayMonthIsInvalid) {
    for (const LunarMonth& m : AllLunarMonths()) {
        if (m.length == 29 && m.year <= 2198) {
            EXPECT_THAT(FromLunar(LunarDate{30, m.month, m.year, m.leap}),
                        HasError(ErrorCode::kInvalidArgument))
                << Describe(m);
        }
    }
}

TEST(LunarCalendar, MonthsOfLunarYearRejectsYearsNotWhollyCovered) {
    EXPECT_THAT(MonthsOfLunarYear(1899), HasError(ErrorCode::kOutOfRange));
    EXPECT_THAT(MonthsOfLunarYear(2199), HasError(ErrorCode::kOutOfRange));
    EXPECT_THAT(MonthsOfLunarYear(1900), IsOk());
    EXPECT_THAT(MonthsOfLunarYear(2198), IsOk());
}

}  // namespace
}  // namespace motcua::core::calendar
