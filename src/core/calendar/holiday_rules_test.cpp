#include "core/calendar/holiday_rules.hpp"

#include <algorithm>

#include <gtest/gtest.h>

#include "common/testing/result_matchers.hpp"

namespace motcua::core::calendar {
namespace {

bool HasEntry(const YearSchedule& s, std::string_view date, DayKind kind) {
    const LocalDate d = *ParseDate(date);
    return std::any_of(s.entries.begin(), s.entries.end(), [&](const CalendarEntry& e) {
        return e.date == d && e.kind == kind;
    });
}

struct AdjacentCase {
    int year;
    std::string_view adjacent;
    std::string_view compensatory;  // "" when none
};

// The adjacent Quốc khánh day the government actually chose 2021–2025; the kAuto rule must
// reproduce each choice (and 2023's compensatory Monday for 2/9 on a Saturday).
class NationalDayAdjacent : public testing::TestWithParam<AdjacentCase> {};

TEST_P(NationalDayAdjacent, MatchesTheAnnouncedChoice) {
    const AdjacentCase& c = GetParam();
    const Result<YearSchedule> s = GenerateStatutoryYear(c.year);
    ASSERT_THAT(s, IsOk());
    EXPECT_TRUE(HasEntry(*s, c.adjacent, DayKind::kHoliday)) << c.year;
    if (!c.compensatory.empty()) {
        EXPECT_TRUE(HasEntry(*s, c.compensatory, DayKind::kCompensatory)) << c.year;
    }
}

INSTANTIATE_TEST_SUITE_P(History,
                         NationalDayAdjacent,
                         testing::Values(AdjacentCase{2021, "2021-09-03", ""},
                                         AdjacentCase{2022, "2022-09-01", ""},
                                         AdjacentCase{2023, "2023-09-01", "2023-09-04"},
                                         AdjacentCase{2024, "2024-09-03", ""},
                                         AdjacentCase{2025, "2025-09-01", ""}));

TEST(HolidayRules, LabourCode2019HasElevenDays) {
    const Result<YearSchedule> s = GenerateStatutoryYear(2026);
    ASSERT_THAT(s, IsOk());
    const auto holidays = std::count_if(s->entries.begin(), s->entries.end(), [](const auto& e) {
        return e.kind == DayKind::kHoliday;
    });
    EXPECT_EQ(holidays, 11);
    EXPECT_FALSE(s->announced);
    EXPECT_EQ(s->source, "Bộ luật Lao động 2019, Điều 112");
}

TEST(HolidayRules, TetIsEveAndFirstFourDays) {
    const Result<YearSchedule> s = GenerateStatutoryYear(2026);
    ASSERT_THAT(s, IsOk());
    for (const char* day : {"2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"}) {
        EXPECT_TRUE(HasEntry(*s, day, DayKind::kHoliday)) << day;
    }
}

TEST(HolidayRules, HolidayOnSundayGivesMondayOff) {
    const Result<YearSchedule> s = GenerateStatutoryYear(2026);
    ASSERT_THAT(s, IsOk());
    EXPECT_TRUE(HasEntry(*s, "2026-04-26", DayKind::kHoliday));       // Giỗ Tổ, Sunday
    EXPECT_TRUE(HasEntry(*s, "2026-04-27", DayKind::kCompensatory));  // Monday
}

TEST(HolidayRules, CompensatoryDaysSkipOtherHolidays) {
    // 2027: Tết 1/1 is Saturday 6 Feb; the compensatory days follow the Tết block.
    const Result<YearSchedule> s = GenerateStatutoryYear(2027);
    ASSERT_THAT(s, IsOk());
    EXPECT_TRUE(HasEntry(*s, "2027-02-10", DayKind::kCompensatory));
    EXPECT_TRUE(HasEntry(*s, "2027-02-11", DayKind::kCompensatory));
    // 1 May 2027 is a Saturday: Monday 3 May off.
    EXPECT_TRUE(HasEntry(*s, "2027-05-03", DayKind::kCompensatory));
}

TEST(HolidayRules, BeforeTwentyTwentyOneNationalDayIsOneDay) {
    const Result<YearSchedule> s = GenerateStatutoryYear(2020);
    ASSERT_THAT(s, IsOk());
    EXPECT_EQ(s->source, "Bộ luật Lao động 2012, Điều 115");
    EXPECT_TRUE(HasEntry(*s, "2020-09-02", DayKind::kHoliday));
    EXPECT_FALSE(HasEntry(*s, "2020-09-01", DayKind::kHoliday));
    EXPECT_FALSE(HasEntry(*s, "2020-09-03", DayKind::kHoliday));
}

TEST(HolidayRules, FirstYearStartsAtEffectiveDate) {
    const Result<YearSchedule> s = GenerateStatutoryYear(2013);
    ASSERT_THAT(s, IsOk());
    EXPECT_GE(s->entries.front().date, *ParseDate("2013-05-01"));
    EXPECT_THAT(GenerateStatutoryYear(2012), HasError(ErrorCode::kOutOfRange));
    EXPECT_THAT(GenerateStatutoryYear(2200), HasError(ErrorCode::kOutOfRange));
}

TEST(HolidayRules, RuleSetOnPicksTheVersionInForce) {
    EXPECT_EQ((*RuleSetOn(*ParseDate("2020-12-31")))->legal_basis,
              "Bộ luật Lao động 2012, Điều 115");
    EXPECT_EQ((*RuleSetOn(*ParseDate("2021-01-01")))->legal_basis,
              "Bộ luật Lao động 2019, Điều 112");
    EXPECT_THAT(RuleSetOn(*ParseDate("2013-04-30")), HasError(ErrorCode::kOutOfRange));
}

TEST(DayKind, NamesRoundTrip) {
    for (const DayKind k :
         {DayKind::kHoliday, DayKind::kCompensatory, DayKind::kSwapOff, DayKind::kMakeupWorkday}) {
        EXPECT_THAT(ParseDayKind(DayKindName(k)), IsOkAndHolds(k));
    }
    EXPECT_THAT(ParseDayKind("vacation"), HasError(ErrorCode::kInvalidArgument));
}

}  // namespace
}  // namespace motcua::core::calendar
