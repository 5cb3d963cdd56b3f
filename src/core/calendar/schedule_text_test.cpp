#include "core/calendar/schedule_text.hpp"

#include <gtest/gtest.h>

#include "common/testing/result_matchers.hpp"
#include "core/calendar/builtin_calendar.hpp"
#include "core/calendar/lunar_calendar.hpp"

namespace motcua::core::calendar {
namespace {

constexpr std::string_view kSchedule =
    "# comment\n"
    "year\t2026\n"
    "source\tThông báo mẫu\n"
    "2026-01-10\tmakeup_workday\tLàm bù\n"
    "2026-01-01\tholiday\tTết Dương lịch\n"
    "2026-01-02\tswap_off\tNghỉ hoán đổi\n";

TEST(ScheduleText, ParsesSortsAndRoundTrips) {
    const Result<YearSchedule> s = ParseYearSchedule(kSchedule, "x.tsv");
    ASSERT_THAT(s, IsOk());
    EXPECT_EQ(s->year, 2026);
    EXPECT_TRUE(s->announced);
    ASSERT_EQ(s->entries.size(), 3U);
    EXPECT_EQ(FormatDate(s->entries.front().date), "2026-01-01");
    const Result<YearSchedule> again = ParseYearSchedule(FormatYearSchedule(*s), "y.tsv");
    ASSERT_THAT(again, IsOk());
    EXPECT_EQ(again->entries, s->entries);
    EXPECT_EQ(again->source, s->source);
}

struct BadText {
    std::string_view name;
    std::string_view text;
    std::string_view message_part;
};

class BadSchedule : public testing::TestWithParam<BadText> {};

TEST_P(BadSchedule, FailsNamingTheLine) {
    const Result<YearSchedule> s = ParseYearSchedule(GetParam().text, "x.tsv");
    ASSERT_THAT(s, HasError(ErrorCode::kInvalidArgument));
    EXPECT_NE(s.error().message.find(GetParam().message_part), std::string::npos)
        << s.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Texts,
    BadSchedule,
    testing::Values(
        BadText{"BadDate", "year\t2026\nsource\ts\n2026-02-30\tholiday\tX\n", "x.tsv:3:"},
        BadText{"BadKind", "year\t2026\nsource\ts\n2026-02-03\tvacation\tX\n", "x.tsv:3:"},
        BadText{"MakeupOnWeekday",
                "year\t2026\nsource\ts\n2026-02-03\tmakeup_workday\tX\n",
                "not a Saturday or Sunday"},
        BadText{"WrongYear", "year\t2026\nsource\ts\n2025-02-03\tholiday\tX\n", "x.tsv:3:"},
        BadText{"DateBeforeYear", "2026-02-03\tholiday\tX\nyear\t2026\n", "x.tsv:1:"},
        BadText{"Duplicate",
                "year\t2026\nsource\ts\n2026-02-03\tholiday\tX\n2026-02-03\tholiday\tY\n",
                "appears twice"},
        BadText{"MissingSource", "year\t2026\n2026-02-03\tholiday\tX\n", "'source'"},
        BadText{"MissingName", "year\t2026\nsource\ts\n2026-02-03\tholiday\n", "x.tsv:3:"}),
    [](const testing::TestParamInfo<BadText>& param) { return std::string(param.param.name); });

TEST(AgencyCalendars, ParsesHoursCutoffsAndDays) {
    const Result<std::vector<AgencyCalendar>> a = ParseAgencyCalendars(
        "# x\nA\thours\t07:30-11:30,13:30-17:30\nA\tpaper_cutoff\t16:00\n"
        "B\t2026-03-03\tholiday\tNgày riêng\nA\tonline_cutoff\t17:00\n",
        "agencies.tsv");
    ASSERT_THAT(a, IsOk());
    ASSERT_EQ(a->size(), 2U);
    EXPECT_EQ((*a)[0].agency_code, "A");
    EXPECT_EQ((*a)[0].hours.DayLength(), std::chrono::minutes{480});
    EXPECT_EQ((*a)[0].hours.paper_cutoff, std::chrono::minutes{16 * 60});
    EXPECT_EQ((*a)[0].hours.online_cutoff, std::chrono::minutes{17 * 60});
    ASSERT_EQ((*a)[1].overrides.size(), 1U);
    EXPECT_THAT(ParseAgencyCalendars("A\thours\t11:00-07:00\n", "f"),
                HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(ParseAgencyCalendars("A\tpaper_cutoff\t25:00\n", "f"),
                HasError(ErrorCode::kInvalidArgument));
}

TEST(BuiltinCalendar, ShippedFilesParse) {
    const Result<std::vector<YearSchedule>> national = BuiltinNationalSchedules();
    ASSERT_THAT(national, IsOk());
    std::vector<int> years;
    for (const YearSchedule& s : *national) {
        years.push_back(s.year);
    }
    EXPECT_EQ(years, (std::vector<int>{2024, 2025, 2026}));
    EXPECT_THAT(BuiltinAgencyCalendars(), IsOk());
}

// Every statutory holiday of an announced year must be a day off in it (a file that forgot
// Giỗ Tổ or 30/4 would otherwise silently shorten deadlines).
TEST(BuiltinCalendar, AnnouncedYearsKeepEveryStatutoryHolidayOff) {
    const WorkingCalendar cal = *BuiltinNationalCalendar();
    for (const int year : {2024, 2025, 2026}) {
        const YearSchedule statutory = *GenerateStatutoryYear(year);
        for (const CalendarEntry& e : statutory.entries) {
            if (e.kind == DayKind::kHoliday && e.name != "Tết Nguyên đán" &&
                e.name != "Quốc khánh (ngày liền kề)") {
                EXPECT_FALSE(cal.IsWorkingDay(e.date)) << FormatDate(e.date) << " " << e.name;
            }
        }
        // At least five weekdays off around Tết.
        const LocalDate tet = *FromLunar({1, 1, year, false});
        int off_weekdays = 0;
        for (LocalDate d = tet - std::chrono::days{10}; d <= tet + std::chrono::days{10};
             d += std::chrono::days{1}) {
            const std::chrono::weekday wd{d};
            if (wd != std::chrono::Saturday && wd != std::chrono::Sunday && !cal.IsWorkingDay(d)) {
                ++off_weekdays;
            }
        }
        EXPECT_GE(off_weekdays, 5) << year;
    }
}

}  // namespace
}  // namespace motcua::core::calendar
