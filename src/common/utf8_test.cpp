#include "common/utf8.hpp"

#include <string>

#include <gtest/gtest.h>

namespace motcua::common {
namespace {

struct DecodeCase {
    std::string text;
    char32_t code_point;
    std::size_t length;
    bool valid;
};

TEST(Utf8, DecodesWellFormedSequencesAndRefusesTheRest) {
    const DecodeCase cases[] = {
        {"a", U'a', 1, true},
        {"\xC4\x91", U'đ', 2, true},
        {"\xE1\xBB\x87", U'ệ', 3, true},
        {"\xF0\x9F\x98\x80", 0x1F600, 4, true},
        {"\x80", 0, 1, false},              // stray continuation byte
        {"\xC0\xAF", 0, 1, false},          // overlong "/"
        {"\xE0\x80\xAF", 0, 1, false},      // overlong, three bytes
        {"\xED\xA0\x80", 0, 1, false},      // surrogate U+D800
        {"\xF4\x90\x80\x80", 0, 1, false},  // U+110000
        {"\xE1\xBB", 0, 1, false},          // cut by the end
        {"\xC4\x41", 0, 1, false},          // continuation missing
        {"\xFF", 0, 1, false},
    };
    for (const DecodeCase& c : cases) {
        const Utf8Char got = DecodeUtf8(c.text, 0);
        EXPECT_EQ(got.code_point, c.code_point) << c.text;
        EXPECT_EQ(got.length, c.length) << c.text;
        EXPECT_EQ(got.valid, c.valid) << c.text;
    }
}

TEST(Utf8, ValidTextIsEveryByteInAWellFormedSequence) {
    EXPECT_TRUE(IsValidUtf8(""));
    EXPECT_TRUE(IsValidUtf8("Đăng ký kết hôn"));
    EXPECT_FALSE(IsValidUtf8("Đăng ký\xC0\xAF"));
    EXPECT_FALSE(IsValidUtf8("k\xE1\xBB"));
}

}  // namespace
}  // namespace motcua::common
