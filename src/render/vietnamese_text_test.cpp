#include "render/vietnamese_text.hpp"

#include <cstdint>
#include <limits>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace motcua::render {
namespace {

using core::calendar::DurationUnit;
using core::workflow::Verdict;

core::calendar::LocalDate Date(std::string_view text) {
    return *core::calendar::ParseDate(text);
}

core::calendar::LocalDateTime Time(std::string_view text) {
    return *core::calendar::ParseDateTime(text);
}

TEST(FormatIntegerVi, GroupsThousandsWithDots) {
    const std::vector<std::pair<std::int64_t, std::string_view>> cases = {
        {0, "0"},
        {7, "7"},
        {999, "999"},
        {1000, "1.000"},
        {75000, "75.000"},
        {1234567, "1.234.567"},
        {-1234, "-1.234"},
        {-999, "-999"},
        {std::numeric_limits<std::int64_t>::max(), "9.223.372.036.854.775.807"},
        {std::numeric_limits<std::int64_t>::min(), "-9.223.372.036.854.775.808"},
    };
    for (const auto& [value, text] : cases) {
        EXPECT_EQ(FormatIntegerVi(value), text) << value;
    }
    EXPECT_EQ(FormatMoneyVi(1234567), "1.234.567 đồng");
    EXPECT_EQ(FormatMoneyVi(0), "0 đồng");
}

TEST(FormatLongDateVi, PadsDaysBelowTenAndJanuaryFebruary) {
    const std::vector<std::pair<std::string_view, std::string_view>> cases = {
        {"2026-11-25", "ngày 25 tháng 11 năm 2026"},
        {"2026-02-05", "ngày 05 tháng 02 năm 2026"},
        {"2026-01-31", "ngày 31 tháng 01 năm 2026"},
        {"2026-03-02", "ngày 02 tháng 3 năm 2026"},
        {"2026-10-10", "ngày 10 tháng 10 năm 2026"},
        {"2026-12-09", "ngày 09 tháng 12 năm 2026"},
    };
    for (const auto& [date, text] : cases) {
        EXPECT_EQ(FormatLongDateVi(Date(date)), text) << date;
    }
    EXPECT_EQ(FormatLongDateTimeVi(Time("2026-03-05T17:00")),
              "17 giờ 00 phút, ngày 05 tháng 3 năm 2026");
    EXPECT_EQ(FormatLongDateTimeVi(Time("2026-01-09T08:05")),
              "08 giờ 05 phút, ngày 09 tháng 01 năm 2026");
    EXPECT_EQ(FormatShortDateTimeVi(Time("2026-03-05T07:30")), "07:30 05/03/2026");
}

TEST(PlaceDateLineVi, UsesTheProvinceWithoutItsPrefix) {
    const std::vector<std::pair<std::string_view, std::string_view>> cases = {
        {"tỉnh Hòa Bình Xanh", "Hòa Bình Xanh"},
        {"Tỉnh Lào Cai", "Lào Cai"},
        {"thành phố Hà Nội", "Hà Nội"},
        {"Thành phố Hồ Chí Minh", "Hồ Chí Minh"},
        {"Huế", "Huế"},
        {"tỉnh ", "tỉnh "},
    };
    for (const auto& [province, place] : cases) {
        EXPECT_EQ(PlaceName(province), place) << province;
    }
    EXPECT_EQ(PlaceDateLineVi("thành phố Hà Nội", Date("2026-11-25")),
              "Hà Nội, ngày 25 tháng 11 năm 2026");
}

TEST(FormatPeriodVi, NamesTheUnit) {
    EXPECT_EQ(FormatPeriodVi(3, DurationUnit::kWorkingDays), "3 ngày làm việc");
    EXPECT_EQ(FormatPeriodVi(4, DurationUnit::kWorkingHours), "4 giờ làm việc");
    EXPECT_EQ(FormatPeriodVi(30, DurationUnit::kCalendarDays), "30 ngày");
    EXPECT_EQ(FormatPeriodVi(0, DurationUnit::kWorkingDays), "trong ngày");
}

TEST(VerdictVi, UsesTheWordsOfTheControlSlip) {
    EXPECT_EQ(VerdictVi(Verdict::kEarly), "Trước hạn");
    EXPECT_EQ(VerdictVi(Verdict::kOnTime), "Đúng hạn");
    EXPECT_EQ(VerdictVi(Verdict::kLate), "Quá hạn");
    EXPECT_EQ(VerdictVi(Verdict::kPending), "Đang giải quyết");
}

TEST(UpperVi, UpperCasesVietnameseLetters) {
    EXPECT_EQ(UpperVi("UBND tỉnh Hòa Bình Xanh"), "UBND TỈNH HÒA BÌNH XANH");
    EXPECT_EQ(UpperVi("Trung tâm Phục vụ hành chính công tỉnh"),
              "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH");
    EXPECT_EQ(UpperVi("đường ữ ặ ỹ"), "ĐƯỜNG Ữ Ặ Ỹ");
    // Combining marks (NFD) come out precomposed.
    EXPECT_EQ(UpperVi("nguye\xCC\x82\xCC\x83n"), "NGUYỄN");
}

TEST(NormalizeVi, ComposesAndRepairs) {
    EXPECT_EQ(NormalizeVi("Nguye\xCC\x82\xCC\x83n"), "Nguyễn");
    EXPECT_EQ(NormalizeVi("Hòa"), "Hòa");
    EXPECT_EQ(NormalizeVi("a\xFF"
                          "b"),
              "a\xEF\xBF\xBD"
              "b");
    EXPECT_EQ(NormalizeVi(""), "");
}

}  // namespace
}  // namespace motcua::render
