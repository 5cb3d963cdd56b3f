#include "core/kpi/period.hpp"

#include <string>
#include <string_view>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/testing/result_matchers.hpp"

namespace motcua::core::kpi {
namespace {

LocalDate Day(std::string_view text) {
    return *calendar::ParseDate(text);
}

struct ParseCase {
    std::string_view text;
    PeriodKind kind;
    std::string_view from;
    std::string_view to;
};

class ParsePeriodCases : public ::testing::TestWithParam<ParseCase> {};

TEST_P(ParsePeriodCases, GivesKindDaysAndCanonicalLabel) {
    const ParseCase& c = GetParam();
    const auto p = ParsePeriod(c.text);
    ASSERT_THAT(p, IsOk());
    EXPECT_EQ(p->kind, c.kind);
    EXPECT_EQ(p->from, Day(c.from));
    EXPECT_EQ(p->to, Day(c.to));
    EXPECT_EQ(p->label, c.text);
}

INSTANTIATE_TEST_SUITE_P(
    Periods,
    ParsePeriodCases,
    ::testing::Values(
        ParseCase{"2026-09", PeriodKind::kMonth, "2026-09-01", "2026-09-30"},
        ParseCase{"2024-02", PeriodKind::kMonth, "2024-02-01", "2024-02-29"},
        ParseCase{"2026-Q1", PeriodKind::kQuarter, "2026-01-01", "2026-03-31"},
        ParseCase{"2026-Q3", PeriodKind::kQuarter, "2026-07-01", "2026-09-30"},
        ParseCase{"2026-Q4", PeriodKind::kQuarter, "2026-10-01", "2026-12-31"},
        ParseCase{"2026", PeriodKind::kYear, "2026-01-01", "2026-12-31"},
        ParseCase{"2025-12-15..2026-12-14", PeriodKind::kCustom, "2025-12-15", "2026-12-14"},
        ParseCase{"2026-02-28..2026-02-28", PeriodKind::kCustom, "2026-02-28", "2026-02-28"}));

class BadPeriods : public ::testing::TestWithParam<std::string_view> {};

TEST_P(BadPeriods, AreInvalidArguments) {
    const auto p = ParsePeriod(GetParam());
    EXPECT_THAT(p, HasError(ErrorCode::kInvalidArgument));
    if (!p) {
        EXPECT_EQ(p.error().field, "period");
        EXPECT_FALSE(p.error().message_vi.empty());
    }
}

INSTANTIATE_TEST_SUITE_P(Periods,
                         BadPeriods,
                         ::testing::Values("",
                                           "26",
                                           "2026-13",
                                           "2026-00",
                                           "2026-Q0",
                                           "2026-Q5",
                                           "2026-q3",
                                           "2026-9",
                                           "2026-09-01",
                                           "20x6",
                                           "2026-10-01..2026-09-30",
                                           "2026-02-30..2026-03-01",
                                           "2026-01-01..",
                                           "+2026"));

struct PreviousCase {
    std::string_view period;
    std::string_view previous;
};

class PreviousPeriods : public ::testing::TestWithParam<PreviousCase> {};

TEST_P(PreviousPeriods, AreOfTheSameKindJustBefore) {
    const auto p = ParsePeriod(GetParam().period);
    ASSERT_THAT(p, IsOk());
    EXPECT_EQ(PreviousPeriod(*p).label, GetParam().previous);
}

INSTANTIATE_TEST_SUITE_P(Periods,
                         PreviousPeriods,
                         ::testing::Values(PreviousCase{"2026-01", "2025-12"},
                                           PreviousCase{"2026-03", "2026-02"},
                                           PreviousCase{"2026-Q1", "2025-Q4"},
                                           PreviousCase{"2026-Q3", "2026-Q2"},
                                           PreviousCase{"2026", "2025"},
                                           PreviousCase{"2026-03-01..2026-03-10",
                                                        "2026-02-19..2026-02-28"}));

TEST(Period, DayCountAndContainingPeriods) {
    EXPECT_EQ(DayCount(*ParsePeriod("2024")), 366);
    EXPECT_EQ(DayCount(*ParsePeriod("2026-Q1")), 90);
    EXPECT_EQ(MonthOf(Day("2026-09-15")).label, "2026-09");
    EXPECT_EQ(QuarterOf(Day("2026-09-15")).label, "2026-Q3");
    EXPECT_EQ(QuarterOf(Day("2026-10-01")).label, "2026-Q4");
    EXPECT_EQ(YearOf(Day("2026-09-15")).label, "2026");
}

TEST(Period, CustomRangeMustNotEndBeforeItBegins) {
    EXPECT_THAT(CustomPeriod(Day("2026-09-02"), Day("2026-09-01")),
                HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(CustomPeriod(Day("2026-09-01"), Day("2026-09-01")), IsOk());
}

TEST(Period, ClampCutsARunningPeriodAtToday) {
    const Period q4 = *ParsePeriod("2026-Q4");
    const auto cut = ClampTo(q4, Day("2026-11-20"));
    ASSERT_THAT(cut, IsOk());
    EXPECT_EQ(cut->from, Day("2026-10-01"));
    EXPECT_EQ(cut->to, Day("2026-11-20"));
    EXPECT_EQ(cut->label, "2026-Q4");
    EXPECT_THAT(ClampTo(q4, Day("2027-01-05")), IsOkAndHolds(q4));
    EXPECT_THAT(ClampTo(q4, Day("2026-09-30")), HasError(ErrorCode::kInvalidArgument));
}

}  // namespace
}  // namespace motcua::core::kpi
