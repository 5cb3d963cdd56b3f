#include "core/catalog/text_fold.hpp"

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace motcua::core::catalog {
namespace {

struct FoldCase {
    std::string_view name;
    std::string_view input;
    std::string_view expected;
};

const std::vector<FoldCase>& Cases() {
    static const std::vector<FoldCase> kCases = {
        {"Marriage", "Đăng ký kết hôn", "dang ky ket hon"},
        {"UpperCase", "ĐĂNG KÝ KHAI SINH", "dang ky khai sinh"},
        {"AlreadyFolded", "dang ky ket hon", "dang ky ket hon"},
        {"Empty", "", ""},
        {"OnlyPunctuation", " ,;.!? - ", ""},
        {"PunctuationCollapses", "  Đăng ký,   kết hôn!!  (lần 2)  ", "dang ky ket hon lan 2"},
        {"TabsAndNewlines", "Hộ\ttịch\r\n\nChứng   thực", "ho tich chung thuc"},
        {"DashesAndSlashes", "1234/QĐ-UBND", "1234 qd ubnd"},
        {"ProcedureCodeSplitsAtDot", "1.001193", "1 001193"},
        {"EnDashIsSeparator", "Hộ tịch–Chứng thực", "ho tich chung thuc"},
        {"NonBreakingSpace", "kết\u00A0hôn", "ket hon"},
        {"EmojiAndCjkAreSeparators", "Hồ sơ📄số 1 中文x", "ho so so 1 x"},
        {"LowerA", "aàáảãạăằắẳẵặâầấẩẫậ", "aaaaaaaaaaaaaaaaaa"},
        {"UpperA", "AÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", "aaaaaaaaaaaaaaaaaa"},
        {"LowerE", "eèéẻẽẹêềếểễệ", "eeeeeeeeeeee"},
        {"UpperE", "EÈÉẺẼẸÊỀẾỂỄỆ", "eeeeeeeeeeee"},
        {"LowerI", "iìíỉĩị", "iiiiii"},
        {"UpperI", "IÌÍỈĨỊ", "iiiiii"},
        {"LowerO", "oòóỏõọôồốổỗộơờớởỡợ", "oooooooooooooooooo"},
        {"UpperO", "OÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", "oooooooooooooooooo"},
        {"LowerU", "uùúủũụưừứửữự", "uuuuuuuuuuuu"},
        {"UpperU", "UÙÚỦŨỤƯỪỨỬỮỰ", "uuuuuuuuuuuu"},
        {"LowerY", "yỳýỷỹỵ", "yyyyyy"},
        {"UpperY", "YỲÝỶỸỴ", "yyyyyy"},
        {"DStroke", "đĐ", "dd"},
        {"EthTypedForDStroke", "Ðồng Nai", "dong nai"},
        {"OtherLatinLetters", "Ñandú Œuvre Straße", "nandu oeuvre strasse"},
        {"FullwidthLettersAndDigits", "ＤＶＣ ２０２６", "dvc 2026"},
        // Decomposed: base letter + combining marks (U+0306 breve, U+0302 circumflex, U+031B
        // horn, U+0301 acute, U+0300 grave, U+0309 hook above, U+0303 tilde, U+0323 dot below).
        {"DecomposedMarriage", "Đa\u0306ng ky\u0301 ke\u0302\u0301t ho\u0302n", "dang ky ket hon"},
        {"DecomposedHorn", "tru\u031B\u0300o\u031B\u0300ng ho\u0323c", "truong hoc"},
        {"DecomposedHookTilde",
         "Thu\u0309 tu\u0323c ha\u0300nh chi\u0301nh, ngo\u0303",
         "thu tuc hanh chinh ngo"},
        {"LeadingMarkIgnored", "\u0301abc", "abc"},
        {"MarkAfterSeparatorIgnored", "ab \u0323 cd", "ab cd"},
        // Invalid UTF-8: every bad byte is a separator and decoding resumes at the next byte.
        {"InvalidByteFF",
         "ab\xFF"
         "cd",
         "ab cd"},
        {"StrayContinuation",
         "\x80"
         "abc",
         "abc"},
        {"TruncatedAtEnd", "abc\xC3", "abc"},
        {"TruncatedBeforeAscii",
         "a\xE1\xBA"
         "b",
         "a b"},
        {"OverlongSlash",
         "a\xC0\xAF"
         "b",
         "a b"},
        {"EncodedSurrogate",
         "a\xED\xA0\x80"
         "b",
         "a b"},
        {"BeyondUnicode",
         "a\xF4\x90\x80\x80"
         "b",
         "a b"},
        {"Latin1NotUtf8", "H\xF4 s\xF5", "h s"},
    };
    return kCases;
}

class TextFoldTest : public testing::TestWithParam<FoldCase> {};

TEST_P(TextFoldTest, FoldsToLowerAsciiWords) {
    EXPECT_EQ(FoldVietnamese(GetParam().input), GetParam().expected)
        << "input: " << GetParam().input;
}

INSTANTIATE_TEST_SUITE_P(TextFold,
                         TextFoldTest,
                         testing::ValuesIn(Cases()),
                         [](const testing::TestParamInfo<FoldCase>& case_info) {
                             return std::string(case_info.param.name);
                         });

TEST(TextFold, DecomposedEqualsPrecomposed) {
    const std::vector<std::pair<std::string_view, std::string_view>> pairs = {
        {"Đăng ký khai sinh", "Đa\u0306ng ky\u0301 khai sinh"},
        {"Cấp bản sao trích lục", "Ca\u0302\u0301p ba\u0309n sao tri\u0301ch lu\u0323c"},
        {"Chứng thực chữ ký", "Chu\u031B\u0301ng thu\u031B\u0323c chu\u031B\u0303 ky\u0301"},
        {"Ưu đãi người có công", "U\u031Bu đa\u0303i ngu\u031Bo\u031B\u0300i co\u0301 co\u0302ng"},
        {"ĐỔI GIẤY PHÉP LÁI XE", "ĐO\u0302\u0309I GIA\u0302\u0301Y PHE\u0301P LA\u0301I XE"},
    };
    for (const auto& [precomposed, decomposed] : pairs) {
        EXPECT_EQ(FoldVietnamese(decomposed), FoldVietnamese(precomposed)) << precomposed;
    }
}

TEST(TextFold, EveryByteValueIsSafe) {
    std::string all;
    for (int b = 0; b < 256; ++b) {
        all.push_back(static_cast<char>(b));
    }
    const std::string folded = FoldVietnamese(all);
    for (const char c : folded) {
        EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ') << int{c};
    }
    EXPECT_EQ(folded.find("  "), std::string::npos);
}

}  // namespace
}  // namespace motcua::core::catalog
