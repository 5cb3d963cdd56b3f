#include "render/internal/qr.hpp"

#include <string>

#include <gtest/gtest.h>

#include "common/testing/result_matchers.hpp"

namespace motcua::render::internal {
namespace {

TEST(EncodeQr, PicksTheSmallestVersionThatHoldsTheText) {
    // Version v has 17 + 4v modules a side; in bytes, level M holds 14 in version 1, 84 in 5
    // and 106 in 6.
    const auto small = EncodeQr("https://x.vn/");
    ASSERT_THAT(small, IsOk());
    EXPECT_EQ(small->size, 21);
    const auto url = EncodeQr(
        "https://dichvucong.hoabinhxanh.gov.vn/tra-cuu?ma=000.00.21.H99-260302-0007&key=K7QW2M9X");
    ASSERT_THAT(url, IsOk());
    EXPECT_EQ(url->size, 41);  // 87 bytes: version 6
    EXPECT_EQ(url->dark.size(), 41U * 41U);
    // The finder pattern's corner modules are dark, the separator next to them light.
    EXPECT_TRUE(url->Dark(0, 0));
    EXPECT_TRUE(url->Dark(40, 0));
    EXPECT_TRUE(url->Dark(0, 40));
    EXPECT_FALSE(url->Dark(7, 0));
}

TEST(EncodeQr, RefusesEmptyAndOversizedText) {
    EXPECT_THAT(EncodeQr(""), HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(EncodeQr(std::string(3000, 'a')), HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(EncodeQr(std::string(5000, 'a')), HasError(ErrorCode::kInvalidArgument));
}

}  // namespace
}  // namespace motcua::render::internal
