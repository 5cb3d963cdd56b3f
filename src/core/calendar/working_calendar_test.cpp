#include "core/calendar/working_calendar.hpp"

#include <gtest/gtest.h>

#include "common/testing/result_matchers.hpp"
#include "core/calendar/builtin_calendar.hpp"

namespace motcua::core::calendar {
namespace {

LocalDate D(std::string_view text) {
    return *ParseDate(text);
}

const WorkingCalendar& National() {
    static const WorkingCalendar kCalendar = *BuiltinNationalCalendar();
    return kCalendar;
}

struct DayCase {
    std::string_view date;
    bool working;
    DayReason reason;
};

// Days of 2024–2026 whose status the announced schedules decide.
class DayTable : public testing::TestWithParam<DayCase> {};

TEST_P(DayTable, HasTheAnnouncedStatus) {
    const DayCase& c = GetParam();
    const DayStatus s = National().Day(D(c.date));
    EXPECT_EQ(s.working, c.working) << c.date;
    EXPECT_EQ(s.reason, c.reason) << c.date;
    EXPECT_FALSE(s.statutory_fallback) << c.date;
}

INSTANTIATE_TEST_SUITE_P(Announced,
                         DayTable,
                         testing::Values(DayCase{"2026-02-13", true, DayReason::kWorkday},
                                         DayCase{"2026-02-14", false, DayReason::kWeekend},
                                         DayCase{"2026-02-16", false, DayReason::kHoliday},
                                         DayCase{"2026-02-20", false, DayReason::kHoliday},
                                         DayCase{"2026-02-23", true, DayReason::kWorkday},
                                         DayCase{"2026-01-02", false, DayReason::kSwapOff},
                                         DayCase{"2026-01-10", true, DayReason::kMakeupWorkday},
                                         DayCase{"2026-04-27", false, DayReason::kCompensatory},
                                         DayCase{"2024-04-29", false, DayReason::kSwapOff},
                                         DayCase{"2024-05-04", true, DayReason::kMakeupWorkday},
                                         DayCase{"2024-02-14", false, DayReason::kCompensatory},
                                         DayCase{"2025-04-26", true, DayReason::kMakeupWorkday},
                                         DayCase{"2025-05-02", false, DayReason::kSwapOff},
                                         DayCase{"2025-09-01", false, DayReason::kHoliday}));

TEST(WorkingCalendar, YearsWithoutScheduleAreMarkedFallback) {
    EXPECT_TRUE(National().Day(D("2027-03-01")).statutory_fallback);
    EXPECT_FALSE(National().Day(D("2026-03-02")).statutory_fallback);
    EXPECT_TRUE(National().ScheduleOf(2026)->announced);
    EXPECT_FALSE(National().ScheduleOf(2027)->announced);
    EXPECT_EQ(National().ScheduleOf(2300), nullptr);
}

TEST(WorkingCalendar, NthWorkingDayAfter) {
    EXPECT_THAT(National().NthWorkingDayAfter(D("2026-02-13"), 1), IsOkAndHolds(D("2026-02-23")));
    EXPECT_THAT(National().NthWorkingDayAfter(D("2026-02-13"), 0), IsOkAndHolds(D("2026-02-13")));
    EXPECT_THAT(National().NthWorkingDayAfter(D("2026-02-14"), 0), IsOkAndHolds(D("2026-02-23")));
    EXPECT_THAT(National().NthWorkingDayAfter(D("2026-01-09"), 1), IsOkAndHolds(D("2026-01-10")));
    EXPECT_THAT(National().NthWorkingDayAfter(D("2026-01-09"), -1),
                HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(National().NthWorkingDayAfter(D("2199-12-30"), 5),
                HasError(ErrorCode::kOutOfRange));
    EXPECT_THAT(National().NthWorkingDayAfter(D("2013-04-30"), 1),
                HasError(ErrorCode::kOutOfRange));
}

TEST(WorkingCalendar, CountsWorkingDaysBetween) {
    // February 2026: 20 weekdays, 5 of them Tết.
    EXPECT_EQ(National().WorkingDaysBetween(D("2026-01-31"), D("2026-02-28")), 15);
    EXPECT_EQ(National().WorkingDaysBetween(D("2026-02-28"), D("2026-01-31")), 0);
}

TEST(WorkingCalendar, AgencyOverridesWinOverTheNationalCalendar) {
    AgencyCalendar agency;
    agency.agency_code = "000.00.21.H99";
    agency.overrides = {{D("2026-02-16"), DayKind::kMakeupWorkday, "Trực Tết"},
                        {D("2026-03-03"), DayKind::kHoliday, "Ngày riêng"}};
    const Result<WorkingCalendar> cal = WorkingCalendar::Build(*BuiltinNationalSchedules(), agency);
    ASSERT_THAT(cal, IsOk());
    EXPECT_TRUE(cal->IsWorkingDay(D("2026-02-16")));
    EXPECT_TRUE(cal->Day(D("2026-02-16")).agency_override);
    EXPECT_FALSE(cal->IsWorkingDay(D("2026-03-03")));
    EXPECT_EQ(DescribeDayVi(cal->Day(D("2026-03-03"))), "Ngày riêng (lịch riêng của cơ quan)");
    EXPECT_TRUE(National().IsWorkingDay(D("2026-03-03")));
}

TEST(WorkingCalendar, RejectsTwoSchedulesForOneYear) {
    const std::vector<YearSchedule> twice = {{2026, true, "a", {}}, {2026, true, "b", {}}};
    EXPECT_THAT(WorkingCalendar::Build(twice, AgencyCalendar{}),
                HasError(ErrorCode::kInvalidArgument));
}

TEST(OfficeHours, DefaultIsEightHoursInTwoSessions) {
    const OfficeHours hours;
    EXPECT_EQ(hours.DayLength(), std::chrono::minutes{480});
    EXPECT_THAT(ValidateOfficeHours(hours), IsOk());
}

TEST(OfficeHours, ParsesAndValidatesSessions) {
    const auto sessions = ParseSessions("07:30-11:30,13:30-17:30");
    ASSERT_THAT(sessions, IsOk());
    EXPECT_EQ(sessions->size(), 2U);
    for (const char* bad :
         {"07:30", "11:30-07:30", "07:00-12:00,11:00-17:00", "7:00-11:00", "07:00-25:00", ""}) {
        EXPECT_THAT(ParseSessions(bad), HasError(ErrorCode::kInvalidArgument)) << bad;
    }
}

}  // namespace
}  // namespace motcua::core::calendar
