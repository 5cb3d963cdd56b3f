#include "core/calendar/civil_time.hpp"

#include <gtest/gtest.h>

#include "common/testing/result_matchers.hpp"

namespace motcua::core::calendar {
namespace {

TEST(CivilTime, ParsesAndFormatsDates) {
    const Result<LocalDate> d = ParseDate("2024-02-29");
    ASSERT_THAT(d, IsOk());
    EXPECT_EQ(FormatDate(*d), "2024-02-29");
    EXPECT_EQ(FormatDateVi(*d), "29/02/2024");
    EXPECT_EQ(FormatDayVi(*d), "thứ Năm 29/02/2024");
}

struct FormatCase {
    int year;
    unsigned month;
    unsigned day;
    int minute_of_day;
    const char* date;
    const char* date_time;
};

class Formats : public testing::TestWithParam<FormatCase> {};

TEST_P(Formats, WritesIsoDigits) {
    const FormatCase& c = GetParam();
    const LocalDate date{std::chrono::year{c.year} / std::chrono::month{c.month} /
                         std::chrono::day{c.day}};
    EXPECT_EQ(FormatDate(date), c.date);
    EXPECT_EQ(FormatDateTime(LocalDateTime{date} + std::chrono::minutes{c.minute_of_day}),
              c.date_time);
}

INSTANTIATE_TEST_SUITE_P(
    Dates,
    Formats,
    testing::Values(FormatCase{2026, 1, 1, 0, "2026-01-01", "2026-01-01T00:00"},
                    FormatCase{2026, 12, 31, 23 * 60 + 59, "2026-12-31", "2026-12-31T23:59"},
                    FormatCase{2024, 2, 29, 7 * 60 + 5, "2024-02-29", "2024-02-29T07:05"},
                    FormatCase{5, 3, 9, 600, "0005-03-09", "0005-03-09T10:00"},
                    FormatCase{9999, 12, 31, 1, "9999-12-31", "9999-12-31T00:01"},
                    FormatCase{10000, 1, 2, 61, "10000-01-02", "10000-01-02T01:01"}));

class BadDate : public testing::TestWithParam<const char*> {};

TEST_P(BadDate, IsInvalidArgument) {
    EXPECT_THAT(ParseDate(GetParam()), HasError(ErrorCode::kInvalidArgument));
}

INSTANTIATE_TEST_SUITE_P(Texts,
                         BadDate,
                         testing::Values("2026-02-30",
                                         "2025-02-29",
                                         "2026-13-01",
                                         "2026-00-10",
                                         "2026-2-03",
                                         "20260203",
                                         "abcd-ef-gh",
                                         "",
                                         "2026-02-03x",
                                         "2026-04-31"));

TEST(CivilTime, ParsesDateTimes) {
    const Result<LocalDateTime> t = ParseDateTime("2026-02-13T14:20");
    ASSERT_THAT(t, IsOk());
    EXPECT_EQ(FormatDateTime(*t), "2026-02-13T14:20");
    EXPECT_EQ(FormatDateTimeVi(*t), "14:20 thứ Sáu 13/02/2026");
    for (const char* bad : {"2026-02-13T24:00",
                            "2026-02-13T10:60",
                            "2026-02-13 10:00",
                            "2026-02-30T10:00",
                            "2026-02-13T1:00"}) {
        EXPECT_THAT(ParseDateTime(bad), HasError(ErrorCode::kInvalidArgument)) << bad;
    }
}

TEST(CivilTime, VietnamIsUtcPlusSeven) {
    const LocalDateTime local = *ParseDateTime("2026-01-01T06:30");
    const Instant utc = ToInstant(local);
    EXPECT_EQ(std::chrono::floor<std::chrono::minutes>(utc).time_since_epoch(),
              (std::chrono::sys_days{std::chrono::year{2025} / 12 / 31} + std::chrono::hours{23} +
               std::chrono::minutes{30})
                  .time_since_epoch());
    EXPECT_EQ(ToLocal(utc), local);
}

TEST(CivilTime, WeekdayNames) {
    EXPECT_EQ(WeekdayNameVi(*ParseDate("2026-02-15")), "Chủ nhật");
    EXPECT_EQ(WeekdayNameVi(*ParseDate("2026-02-16")), "thứ Hai");
    EXPECT_EQ(WeekdayNameVi(*ParseDate("2026-02-21")), "thứ Bảy");
}

}  // namespace
}  // namespace motcua::core::calendar
