// JsonWriter: nlohmann's dump() form written by hand. The storage and http tests compare whole
// documents with nlohmann's bytes; these pin each rule on its own.
#include "common/json_writer.hpp"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace motcua::common {
namespace {

std::string Quoted(std::string_view s, InvalidUtf8 policy = InvalidUtf8::kFail) {
    JsonWriter w(0, policy);
    w.String(s);
    return w.Take();
}

struct EscapeCase {
    std::string name;
    std::string text;
    std::string json;  // without the quotes
};

std::vector<EscapeCase> EscapeCases() {
    std::vector<EscapeCase> cases = {
        {"empty", "", ""},
        {"plain", "TP1 000.00.21.H99", "TP1 000.00.21.H99"},
        {"quote", "a\"b", "a\\\"b"},
        {"backslash", "C:\\a\\", "C:\\\\a\\\\"},
        {"backspace", "\b", "\\b"},
        {"form feed", "\f", "\\f"},
        {"newline", "\n", "\\n"},
        {"carriage return", "\r", "\\r"},
        {"tab", "\t", "\\t"},
        {"nul", std::string("a\0b", 3), "a\\u0000b"},
        {"0x1f", "\x1f", "\\u001f"},
        {"0x0b", "\x0b", "\\u000b"},
        {"slash as is", "a/b</script>", "a/b</script>"},
        {"del as is", "x\x7fy", "x\x7fy"},
        {"vietnamese as is", "Ủy ban nhân dân", "Ủy ban nhân dân"},
        {"4-byte as is", "\xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF", "\xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF"},
        {"U+FFFF as is", "\xEF\xBF\xBF", "\xEF\xBF\xBF"},
        // Past eight bytes (the word-at-a-time path), escapes on every side of a word boundary.
        {"long plain", std::string(40, 'x'), std::string(40, 'x')},
        {"escape at 7", "0123456\"89abcdef", "0123456\\\"89abcdef"},
        {"escape at 8", "01234567\"9abcdef", "01234567\\\"9abcdef"},
        {"escape at 15", "0123456789abcde\n", "0123456789abcde\\n"},
        {"multi-byte across a word", "0123456Đ9abcdefgh", "0123456Đ9abcdefgh"},
        {"every escape",
         "\"\\/\b\f\n\r\t\x01\x1f\x7f",
         "\\\"\\\\/\\b\\f\\n\\r\\t\\u0001\\u001f\x7f"},
    };
    for (int c = 0; c < 0x20; ++c) {
        std::string json;
        switch (c) {
            case '\b':
                json = "\\b";
                break;
            case '\f':
                json = "\\f";
                break;
            case '\n':
                json = "\\n";
                break;
            case '\r':
                json = "\\r";
                break;
            case '\t':
                json = "\\t";
                break;
            default:
                json = fmt::format("\\u{:04x}", c);
        }
        cases.push_back({fmt::format("control 0x{:02x}", c),
                         std::string("<") + static_cast<char>(c) + ">",
                         "<" + json + ">"});
    }
    for (int c = 0x20; c < 0x80; ++c) {
        const std::string text(1, static_cast<char>(c));
        cases.push_back({fmt::format("ascii 0x{:02x}", c),
                         text,
                         c == '"'    ? "\\\""
                         : c == '\\' ? "\\\\"
                                     : text});
    }
    return cases;
}

TEST(JsonWriter, EscapesStringsAsNlohmannDoes) {
    for (const EscapeCase& c : EscapeCases()) {
        for (const InvalidUtf8 policy : {InvalidUtf8::kFail, InvalidUtf8::kReplace}) {
            JsonWriter w(0, policy);
            w.String(c.text);
            EXPECT_TRUE(w.AllUtf8()) << c.name;
            EXPECT_EQ(w.FirstNotUtf8(), "") << c.name;
            EXPECT_EQ(w.Take(), "\"" + c.json + "\"") << c.name;
        }
    }
}

struct NotUtf8Case {
    std::string name;
    std::string text;
    std::string replaced;  // kReplace's string, without the quotes
};

// Under kReplace each maximal ill-formed subsequence is one U+FFFD (nlohmann's replace mode).
std::vector<NotUtf8Case> NotUtf8Cases() {
    const std::string r = "\xEF\xBF\xBD";
    return {
        {"continuation byte alone", "a\x80z", "a" + r + "z"},
        {"two continuation bytes", "\x80\xBF", r + r},
        {"0xff", "\xFF", r},
        {"0xfe", "\xFE", r},
        {"overlong 2-byte", "\xC0\xAF", r + r},
        {"overlong NUL", "\xC1\xBF", r + r},
        {"overlong 3-byte", "\xE0\x80\x80", r + r + r},
        {"overlong 3-byte, high", "\xE0\x9F\xBF", r + r + r},
        {"surrogate", "\xED\xA0\x80", r + r + r},
        {"overlong 4-byte", "\xF0\x8F\xBF\xBF", r + r + r + r},
        {"above U+10FFFF", "\xF4\x90\x80\x80", r + r + r + r},
        {"lead byte F5", "\xF5\x80\x80\x80", r + r + r + r},
        {"5-byte form", "\xF8\x88\x80\x80\x80", r + r + r + r + r},
        {"2-byte cut at the end", "ab\xC3", "ab" + r},
        {"3-byte cut at the end", "Nguy\xE1\xBB", "Nguy" + r},
        {"4-byte cut at the end", "\xF0\x9F\x98", r},
        {"bad continuation", "\xC3(", r + "("},
        {"bad third byte", "\xE1\xBB(x", r + "(x"},
        {"bad fourth byte", "\xF0\x9F\x98(", r + "("},
        {"cut, then a quote", "\xE1\xBB\"y", r + "\\\"y"},
        {"cut, then a valid sequence", "\xE1\xBB\xE1\xBB\x85", r + "\xE1\xBB\x85"},
        {"valid, then not", "ok \xE1\xBB\x85 then \x80", "ok \xE1\xBB\x85 then " + r},
        {"mixed with escapes",
         "Nguyễn\xFF\"\n\xC3(Văn)\\",
         "Nguyễn" + r + "\\\"\\n" + r + "(Văn)\\\\"},
        {"past eight bytes",
         "0123456789\xFF"
         "abcdefgh\xC3",
         "0123456789" + r + "abcdefgh" + r},
    };
}

TEST(JsonWriter, ReplaceWritesUFFFDForEachIllFormedSubsequence) {
    for (const NotUtf8Case& c : NotUtf8Cases()) {
        JsonWriter w(0, InvalidUtf8::kReplace);
        w.BeginArray().Item().String("first").Item().String(c.text).Item().String("\xC3");
        EXPECT_FALSE(w.AllUtf8()) << c.name;
        EXPECT_EQ(w.FirstNotUtf8(), c.text) << c.name;
        EXPECT_EQ(w.EndArray().Take(), "[\"first\",\"" + c.replaced + "\",\"\xEF\xBF\xBD\"]")
            << c.name;
    }
}

TEST(JsonWriter, FailWritesTheBytesAsTheyAreAndNotesTheFirstString) {
    for (const NotUtf8Case& c : NotUtf8Cases()) {
        JsonWriter w(0, InvalidUtf8::kFail);
        w.BeginObject().Key("a").String("ok");
        EXPECT_TRUE(w.AllUtf8()) << c.name;
        w.Key("b").String(c.text).Key("c").String("\xFF").Key("d").String("ok").EndObject();
        EXPECT_FALSE(w.AllUtf8()) << c.name;
        EXPECT_EQ(w.FirstNotUtf8(), c.text) << c.name;
        std::string escaped;  // the text with only its ASCII escapes applied
        for (const char ch : c.text) {
            escaped += ch == '"'    ? "\\\""
                       : ch == '\\' ? "\\\\"
                       : ch == '\n' ? "\\n"
                                    : std::string(1, ch);
        }
        EXPECT_EQ(w.Take(), "{\"a\":\"ok\",\"b\":\"" + escaped + "\",\"c\":\"\xFF\",\"d\":\"ok\"}")
            << c.name;
        EXPECT_EQ(w.FirstNotUtf8(), c.text) << c.name << " (kept after Take)";
    }
}

TEST(JsonWriter, IntegersInDecimal) {
    const std::vector<std::pair<std::int64_t, std::string>> cases = {
        {0, "0"},
        {7, "7"},
        {-1, "-1"},
        {1'000'000, "1000000"},
        {-150'000, "-150000"},
        {std::numeric_limits<std::int64_t>::max(), "9223372036854775807"},
        {std::numeric_limits<std::int64_t>::min(), "-9223372036854775808"},
    };
    for (const auto& [value, text] : cases) {
        JsonWriter w(0, InvalidUtf8::kFail);
        w.Int(value);
        EXPECT_EQ(w.Take(), text);
    }
    // Many in a row, past the first allocation.
    JsonWriter w(0, InvalidUtf8::kFail);
    std::string expected = "[";
    w.BeginArray();
    for (int i = 0; i < 200; ++i) {
        w.Item().Int(std::numeric_limits<std::int64_t>::min() + i);
        expected +=
            (i == 0 ? "" : ",") + std::to_string(std::numeric_limits<std::int64_t>::min() + i);
    }
    w.EndArray();
    EXPECT_EQ(w.Take(), expected + "]");
}

TEST(JsonWriter, ObjectsArraysAndLiterals) {
    JsonWriter w(8, InvalidUtf8::kFail);
    w.BeginObject();
    w.Key("a").BeginArray().EndArray();
    w.Key("b").BeginObject().EndObject();
    w.Key("c").BeginArray();
    w.Item().Bool(true).Item().Bool(false).Item().Null();
    w.Item().BeginObject().Key("x").Int(1).Key("y").BeginArray().Item().String("z").EndArray();
    w.EndObject();
    w.EndArray();
    w.Key("d").Raw("{\"stored\":[1,2]}");
    const std::size_t at = w.Key("e").Size();
    w.Int(0);
    w.EndObject();
    EXPECT_EQ(
        at,
        std::string_view(
            R"({"a":[],"b":{},"c":[true,false,null,{"x":1,"y":["z"]}],"d":{"stored":[1,2]},"e":)")
            .size());
    EXPECT_EQ(
        w.Take(),
        R"({"a":[],"b":{},"c":[true,false,null,{"x":1,"y":["z"]}],"d":{"stored":[1,2]},"e":0})");
    // Empty afterwards, and usable again.
    EXPECT_EQ(w.Size(), 0U);
    w.BeginArray().Item().String(std::string(1000, 'q')).EndArray();
    EXPECT_EQ(w.Take(), "[\"" + std::string(1000, 'q') + "\"]");
}

TEST(JsonWriter, GrowsPastItsCapacity) {
    JsonWriter w(1, InvalidUtf8::kReplace);
    std::string expected = "[";
    w.BeginArray();
    for (int i = 0; i < 300; ++i) {
        const std::string text = fmt::format("dòng {} \"\xFF\"\n", i);
        w.Item().String(text);
        expected += fmt::format("{}\"dòng {} \\\"\xEF\xBF\xBD\\\"\\n\"", i == 0 ? "" : ",", i);
    }
    w.EndArray();
    EXPECT_EQ(w.Take(), expected + "]");
    EXPECT_EQ(Quoted("\xFF", InvalidUtf8::kReplace), "\"\xEF\xBF\xBD\"");
    EXPECT_EQ(Quoted("\xFF", InvalidUtf8::kFail), "\"\xFF\"");
}

}  // namespace
}  // namespace motcua::common
