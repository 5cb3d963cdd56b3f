#include "core/calendar/deadline.hpp"

#include <algorithm>
#include <vector>

#include <gtest/gtest.h>

#include "common/testing/result_matchers.hpp"
#include "core/calendar/builtin_calendar.hpp"

namespace motcua::core::calendar {
namespace {

const WorkingCalendar& National() {
    static const WorkingCalendar kCalendar = *BuiltinNationalCalendar();
    return kCalendar;
}

LocalDateTime At(std::string_view text) {
    return *ParseDateTime(text);
}

struct DueCase {
    std::string_view name;
    std::string_view received;
    int amount;
    DurationUnit unit;
    Channel channel;
    std::string_view expected;
    CountingConvention convention = CountingConvention::kCivilCode;
    std::vector<std::pair<std::string_view, std::string_view>> pauses = {};
};

constexpr auto kDays = DurationUnit::kWorkingDays;
constexpr auto kHours = DurationUnit::kWorkingHours;
constexpr auto kCalendar = DurationUnit::kCalendarDays;
constexpr auto kOnline = Channel::kOnline;
constexpr auto kPaper = Channel::kPaper;

// Every counting rule of spec §1.9 and §2.1, on the national calendar with its 2024–2026
// announced schedules. Each expectation was worked out by hand from a printed calendar.
const std::vector<DueCase>& Cases() {
    static const std::vector<DueCase> kCases = {
        {"TetBinhNgo2026Skipped", "2026-02-13T14:20", 3, kDays, kOnline, "2026-02-25T17:00"},
        {"NextDayCountsFirst", "2026-03-02T09:00", 1, kDays, kOnline, "2026-03-03T17:00"},
        {"FridayToMonday", "2026-03-06T10:00", 1, kDays, kOnline, "2026-03-09T17:00"},
        {"PaperAfterCutoffNextWorkingDay",
         "2026-03-06T15:30",
         1,
         kDays,
         kPaper,
         "2026-03-10T17:00"},
        {"PaperBeforeCutoff", "2026-03-06T14:59", 1, kDays, kPaper, "2026-03-09T17:00"},
        {"PaperAtCutoffIsAfter", "2026-03-06T15:00", 1, kDays, kPaper, "2026-03-10T17:00"},
        {"OnlineAfterCutoffNotDeferred", "2026-03-06T15:30", 1, kDays, kOnline, "2026-03-09T17:00"},
        {"OnlineOnSunday", "2026-03-08T10:00", 1, kDays, kOnline, "2026-03-09T17:00"},
        {"PaperOnSundayDeferred", "2026-03-08T10:00", 1, kDays, kPaper, "2026-03-10T17:00"},
        {"ThirtyAprilFirstMay2026Paper", "2026-04-29T16:00", 5, kDays, kPaper, "2026-05-11T17:00"},
        {"ThirtyAprilFirstMay2026Online",
         "2026-04-29T16:00",
         5,
         kDays,
         kOnline,
         "2026-05-08T17:00"},
        {"GioToOnSundayCompensatoryMonday",
         "2026-04-24T10:00",
         1,
         kDays,
         kOnline,
         "2026-04-28T17:00"},
        {"MakeupSaturday2026Counts", "2026-01-09T10:00", 1, kDays, kOnline, "2026-01-10T17:00"},
        {"SwapOffNewYear2026", "2025-12-31T10:00", 1, kDays, kOnline, "2026-01-05T17:00"},
        {"Swap2024BeforeMakeup", "2024-04-26T10:00", 2, kDays, kOnline, "2024-05-03T17:00"},
        {"DeadlineOnMakeupSaturday2024", "2024-04-26T10:00", 3, kDays, kOnline, "2024-05-04T17:00"},
        {"MakeupSaturday2025", "2025-04-25T10:00", 1, kDays, kOnline, "2025-04-26T17:00"},
        {"WithinTheDay", "2026-03-02T09:00", 0, kDays, kOnline, "2026-03-02T17:00"},
        {"WithinTheDayPaperAfterCutoff", "2026-03-02T15:30", 0, kDays, kPaper, "2026-03-03T17:00"},
        {"HoursJumpLunchAndNight", "2026-03-02T09:00", 8, kHours, kOnline, "2026-03-03T09:00"},
        {"HoursFromLunchBreak", "2026-03-02T12:00", 4, kHours, kOnline, "2026-03-03T07:30"},
        {"HoursEndExactlyAtClose", "2026-03-02T07:00", 8, kHours, kOnline, "2026-03-02T17:00"},
        {"HoursEndAtMorningClose", "2026-03-02T07:00", 4, kHours, kOnline, "2026-03-02T11:00"},
        {"HoursPaperAfterCutoff", "2026-03-02T15:30", 2, kHours, kPaper, "2026-03-03T09:00"},
        {"HoursOnlineAtNight", "2026-03-02T18:00", 2, kHours, kOnline, "2026-03-03T09:00"},
        {"HoursAcrossTet", "2026-02-13T16:00", 3, kHours, kOnline, "2026-02-23T09:00"},
        {"CalendarDaysRollOffWeekend",
         "2026-03-02T10:00",
         5,
         kCalendar,
         kOnline,
         "2026-03-09T17:00"},
        {"CalendarDaysOnWeekday", "2026-03-02T10:00", 3, kCalendar, kOnline, "2026-03-05T17:00"},
        {"CalendarDaysRollOffTet", "2026-02-10T10:00", 7, kCalendar, kOnline, "2026-02-23T17:00"},
        {"CalendarDaysPaperAfterCutoff",
         "2026-03-02T15:30",
         3,
         kCalendar,
         kPaper,
         "2026-03-06T17:00"},
        {"PauseAcrossTet",
         "2026-02-09T10:00",
         5,
         kDays,
         kOnline,
         "2026-02-27T17:00",
         CountingConvention::kCivilCode,
         {{"2026-02-11T09:00", "2026-02-24T09:00"}}},
        {"PauseBeforeReceptionIgnored",
         "2026-03-02T09:00",
         1,
         kDays,
         kOnline,
         "2026-03-03T17:00",
         CountingConvention::kCivilCode,
         {{"2026-03-01T00:00", "2026-03-02T08:00"}}},
        {"PauseAfterDeadlineIgnored",
         "2026-03-02T09:00",
         1,
         kDays,
         kOnline,
         "2026-03-03T17:00",
         CountingConvention::kCivilCode,
         {{"2026-03-04T08:00", "2026-03-05T08:00"}}},
        {"OverlappingPausesCountOnce",
         "2026-03-02T09:00",
         1,
         kDays,
         kOnline,
         "2026-03-04T17:00",
         CountingConvention::kCivilCode,
         {{"2026-03-03T07:00", "2026-03-03T13:30"}, {"2026-03-03T09:00", "2026-03-03T17:00"}}},
        {"PauseOnHoursDeadline",
         "2026-03-02T07:00",
         4,
         kHours,
         kOnline,
         "2026-03-02T15:00",
         CountingConvention::kCivilCode,
         {{"2026-03-02T08:00", "2026-03-02T10:00"}}},
        {"CalendarDaysPauseAddsWholeDays",
         "2026-03-02T10:00",
         3,
         kCalendar,
         kOnline,
         "2026-03-09T17:00",
         CountingConvention::kCivilCode,
         {{"2026-03-03T10:00", "2026-03-04T12:00"}}},
        {"HourConventionCountsFromReception",
         "2026-02-13T14:20",
         3,
         kDays,
         kOnline,
         "2026-02-25T14:20",
         CountingConvention::kHours},
        {"HourConventionFromMorning",
         "2026-03-02T07:00",
         1,
         kDays,
         kOnline,
         "2026-03-02T17:00",
         CountingConvention::kHours},
        {"StatutoryFallback2027Tet", "2027-02-04T10:00", 1, kDays, kOnline, "2027-02-12T17:00"},
    };
    return kCases;
}

class DueTable : public testing::TestWithParam<DueCase> {};

TEST_P(DueTable, ComputesTheStatutoryDueTime) {
    const DueCase& c = GetParam();
    std::vector<Pause> pauses;
    for (const auto& [from, to] : c.pauses) {
        pauses.push_back({At(from), At(to)});
    }
    const DueRequest request{At(c.received), c.amount, c.unit, c.channel, c.convention, pauses};
    const Result<LocalDateTime> due = ComputeDue(National(), request);
    ASSERT_THAT(due, IsOk());
    EXPECT_EQ(FormatDateTime(*due), c.expected);
    // The explained path must agree with the fast path.
    const Result<DueExplanation> explained = ExplainDue(National(), request);
    ASSERT_THAT(explained, IsOk());
    EXPECT_EQ(explained->due, *due);
    EXPECT_FALSE(explained->lines.empty());
}

INSTANTIATE_TEST_SUITE_P(Rules,
                         DueTable,
                         testing::ValuesIn(Cases()),
                         [](const testing::TestParamInfo<DueCase>& param) {
                             return std::string(param.param.name);
                         });

bool Contains(const std::vector<std::string>& lines, std::string_view needle) {
    return std::any_of(lines.begin(), lines.end(), [&](const std::string& line) {
        return line.find(needle) != std::string::npos;
    });
}

TEST(ExplainDue, ListsSkippedDaysWithReasonsInVietnamese) {
    const DueRequest request{
        At("2026-02-13T14:20"), 3, kDays, kOnline, CountingConvention::kCivilCode, {}};
    const Result<DueExplanation> e = ExplainDue(National(), request);
    ASSERT_THAT(e, IsOk());
    EXPECT_TRUE(Contains(e->lines, "Bỏ qua thứ Bảy 14/02/2026: nghỉ cuối tuần."));
    EXPECT_TRUE(Contains(e->lines, "Bỏ qua thứ Ba 17/02/2026: Tết Nguyên đán."));
    EXPECT_TRUE(Contains(e->lines, "Ngày làm việc được tính: 23/02, 24/02, 25/02."));
    EXPECT_EQ(e->lines.back(), "Hẹn trả kết quả: 17:00 thứ Tư 25/02/2026.");
}

TEST(ExplainDue, SaysWhenPaperIsDeferredAndMakeupDaysCount) {
    const DueRequest request{
        At("2024-04-26T15:10"), 2, kDays, kPaper, CountingConvention::kCivilCode, {}};
    const Result<DueExplanation> e = ExplainDue(National(), request);
    ASSERT_THAT(e, IsOk());
    EXPECT_EQ(FormatDateTime(e->due), "2024-05-04T17:00");
    EXPECT_TRUE(Contains(e->lines, "sau 15:00"));
    EXPECT_TRUE(Contains(e->lines, "Tính thứ Bảy 04/05/2024: Làm bù"));
}

TEST(ExplainDue, SaysWhenAYearHasNoAnnouncedSchedule) {
    const DueRequest request{
        At("2027-02-04T10:00"), 1, kDays, kOnline, CountingConvention::kCivilCode, {}};
    const Result<DueExplanation> e = ExplainDue(National(), request);
    ASSERT_THAT(e, IsOk());
    EXPECT_TRUE(Contains(e->lines, "Năm 2027 chưa có lịch nghỉ lễ, Tết được công bố"));
}

TEST(ExplainDue, ReportsPausedWorkingTime) {
    const Pause pause{At("2026-03-03T07:00"), At("2026-03-04T07:00")};
    const DueRequest request{At("2026-03-02T09:00"),
                             1,
                             kDays,
                             kOnline,
                             CountingConvention::kCivilCode,
                             std::span(&pause, 1)};
    const Result<DueExplanation> e = ExplainDue(National(), request);
    ASSERT_THAT(e, IsOk());
    EXPECT_EQ(FormatDateTime(e->due), "2026-03-04T17:00");
    EXPECT_TRUE(Contains(e->lines, "không tính 8 giờ làm việc"));
}

TEST(ComputeDue, RejectsNegativeDuration) {
    const DueRequest request{
        At("2026-03-02T09:00"), -1, kDays, kOnline, CountingConvention::kCivilCode, {}};
    EXPECT_THAT(ComputeDue(National(), request), HasError(ErrorCode::kInvalidArgument));
}

TEST(ComputeDue, RejectsPauseEndingBeforeItStarts) {
    const Pause pause{At("2026-03-04T07:00"), At("2026-03-03T07:00")};
    const DueRequest request{At("2026-03-02T09:00"),
                             1,
                             kDays,
                             kOnline,
                             CountingConvention::kCivilCode,
                             std::span(&pause, 1)};
    EXPECT_THAT(ComputeDue(National(), request), HasError(ErrorCode::kInvalidArgument));
}

TEST(ComputeDue, OutsideTheCalendarIsOutOfRangeNeverAWrongDate) {
    const DueRequest early{
        At("2012-06-01T09:00"), 1, kDays, kOnline, CountingConvention::kCivilCode, {}};
    EXPECT_THAT(ComputeDue(National(), early), HasError(ErrorCode::kOutOfRange));
    const DueRequest late{
        At("2199-12-30T09:00"), 30, kDays, kOnline, CountingConvention::kCivilCode, {}};
    EXPECT_THAT(ComputeDue(National(), late), HasError(ErrorCode::kOutOfRange));
    const DueRequest calendar_late{
        At("2199-12-30T09:00"), 30, kCalendar, kOnline, CountingConvention::kCivilCode, {}};
    EXPECT_THAT(ComputeDue(National(), calendar_late), HasError(ErrorCode::kOutOfRange));
}

TEST(ComputeDue, UsesTheAgencyOfficeHours) {
    AgencyCalendar agency;
    agency.agency_code = "X";
    agency.hours.sessions = *ParseSessions("07:30-11:30,13:30-17:30");
    agency.overrides.push_back({*ParseDate("2026-03-03"), DayKind::kSwapOff, "Nghỉ riêng"});
    const WorkingCalendar cal = *WorkingCalendar::Build(*BuiltinNationalSchedules(), agency);
    const DueRequest request{
        At("2026-03-02T09:00"), 1, kDays, kOnline, CountingConvention::kCivilCode, {}};
    EXPECT_THAT(ComputeDue(cal, request), IsOkAndHolds(At("2026-03-04T17:30")));
}

TEST(WorkingTimeBetween, CountsOnlyOfficeSessions) {
    EXPECT_THAT(WorkingTimeBetween(National(), At("2026-03-02T09:00"), At("2026-03-03T09:00")),
                IsOkAndHolds(std::chrono::minutes{8 * 60}));
    EXPECT_THAT(WorkingTimeBetween(National(), At("2026-02-13T16:00"), At("2026-02-23T08:00")),
                IsOkAndHolds(std::chrono::minutes{2 * 60}));
    EXPECT_THAT(WorkingTimeBetween(National(), At("2026-03-03T09:00"), At("2026-03-02T09:00")),
                IsOkAndHolds(std::chrono::minutes{0}));
}

}  // namespace
}  // namespace motcua::core::calendar
