#include "integrations/security/secrets.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

#include <gtest/gtest.h>

#include "common/testing/result_matchers.hpp"

namespace motcua::integrations::security {
namespace {

TEST(Sha256SecretHasher, GivesLowerCaseHexSha256) {
    Sha256SecretHasher h;
    // FIPS 180-2 test vectors.
    EXPECT_EQ(h.Hash(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(h.Hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Base64Url, EncodesWithoutPadding) {
    const auto encode = [](std::string_view s) {
        std::vector<unsigned char> bytes(s.begin(), s.end());
        return Base64Url(bytes);
    };
    // RFC 4648 §10, with the url-safe alphabet and no '='.
    EXPECT_EQ(encode(""), "");
    EXPECT_EQ(encode("f"), "Zg");
    EXPECT_EQ(encode("fo"), "Zm8");
    EXPECT_EQ(encode("foo"), "Zm9v");
    EXPECT_EQ(encode("foob"), "Zm9vYg");
    EXPECT_EQ(encode("fooba"), "Zm9vYmE");
    EXPECT_EQ(encode("foobar"), "Zm9vYmFy");
    const std::array<unsigned char, 3> high = {0xFB, 0xFF, 0xBF};
    EXPECT_EQ(Base64Url(high), "-_-_");
}

TEST(OpenSslRandom, TokensHaveTheRightSizeAndAlphabet) {
    OpenSslRandom random;
    std::set<std::string> seen;
    for (int i = 0; i < 100; ++i) {
        const auto token = random.Token(32);
        ASSERT_THAT(token, IsOk());
        EXPECT_EQ(token->size(), 43U);
        EXPECT_TRUE(std::all_of(token->begin(), token->end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
        }));
        seen.insert(*token);
    }
    EXPECT_EQ(seen.size(), 100U);
}

TEST(OpenSslRandom, CodesAreDigitsOfEveryValue) {
    OpenSslRandom random;
    std::array<int, 10> counts{};
    for (int i = 0; i < 200; ++i) {
        const auto code = random.Digits(6);
        ASSERT_THAT(code, IsOk());
        ASSERT_EQ(code->size(), 6U);
        for (const char c : *code) {
            ASSERT_TRUE(c >= '0' && c <= '9');
            ++counts[static_cast<std::size_t>(c - '0')];
        }
    }
    // 1,200 digits: every digit appears (failing by chance has probability below 1e-50).
    for (const int n : counts) {
        EXPECT_GT(n, 0);
    }
    EXPECT_THAT(random.Digits(0), IsOkAndHolds(""));
}

}  // namespace
}  // namespace motcua::integrations::security
