#include "common/result.hpp"

#include <gtest/gtest.h>

#include "common/clock.hpp"
#include "common/strong_id.hpp"
#include "common/testing/result_matchers.hpp"

namespace motcua {
namespace {

Result<int> Half(int n) {
    if (n % 2 != 0) {
        return Fail(ErrorCode::kInvalidArgument, "odd", "số lẻ", "n");
    }
    return n / 2;
}

Result<int> Quarter(int n) {
    MOTCUA_ASSIGN_OR_RETURN(const int half, Half(n));
    MOTCUA_ASSIGN_OR_RETURN(const int quarter, Half(half));
    return quarter;
}

TEST(Result, AssignOrReturnPropagatesTheFirstError) {
    EXPECT_THAT(Quarter(8), IsOkAndHolds(2));
    EXPECT_THAT(Quarter(6), HasError(ErrorCode::kInvalidArgument));
    EXPECT_EQ(Quarter(6).error().field, "n");
}

TEST(StrongId, DistinctTagsDoNotMix) {
    using AId = StrongId<struct ATag, int>;
    EXPECT_EQ(AId{3}, AId{3});
    EXPECT_LT(AId{2}, AId{3});
    static_assert(!std::is_convertible_v<int, AId>);
}

TEST(FakeClock, MovesOnlyWhenTold) {
    FakeClock clock(Instant{std::chrono::seconds{100}});
    EXPECT_EQ(clock.Now(), Instant{std::chrono::seconds{100}});
    clock.Advance(std::chrono::seconds{5});
    EXPECT_EQ(clock.Now(), Instant{std::chrono::seconds{105}});
}

}  // namespace
}  // namespace motcua
