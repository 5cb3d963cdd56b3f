#include "common/hex.hpp"

#include <array>

#include <gtest/gtest.h>

namespace motcua {
namespace {

TEST(HexTest, EncodesBytesInLowerCase) {
    const std::array<unsigned char, 5> bytes{0x00, 0x0f, 0xa0, 0xff, 0x5c};
    EXPECT_EQ(HexLower(bytes), "000fa0ff5c");
    EXPECT_EQ(HexLower({}), "");
}

TEST(HexTest, DigitValues) {
    struct Case {
        char c;
        int value;
    };

    for (const Case& t : {Case{'0', 0},
                          Case{'9', 9},
                          Case{'a', 10},
                          Case{'f', 15},
                          Case{'A', 10},
                          Case{'F', 15},
                          Case{'g', -1},
                          Case{'G', -1},
                          Case{'/', -1},
                          Case{':', -1},
                          Case{'@', -1},
                          Case{'`', -1},
                          Case{' ', -1},
                          Case{'\0', -1}}) {
        EXPECT_EQ(HexDigitValue(t.c), t.value) << "'" << t.c << "'";
    }
}

}  // namespace
}  // namespace motcua
