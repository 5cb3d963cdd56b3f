#include "integrations/security/argon2id_hasher.hpp"

#include <regex>

#include <gtest/gtest.h>

#include "common/testing/result_matchers.hpp"

namespace motcua::integrations::security {
namespace {

// Small parameters keep the tests fast; the production defaults are exercised once.
Argon2Params Small() {
    Argon2Params p;
    p.memory_kib = 64;
    p.iterations = 1;
    return p;
}

TEST(Argon2idHasher, HashesAndVerifies) {
    auto hasher = Argon2idHasher::Create(Small());
    ASSERT_THAT(hasher, IsOk());
    const auto encoded = (*hasher)->Hash("mật khẩu đúng");
    ASSERT_THAT(encoded, IsOk());
    EXPECT_TRUE((*hasher)->Verify(*encoded, "mật khẩu đúng"));
    EXPECT_FALSE((*hasher)->Verify(*encoded, "mật khẩu sai"));
    EXPECT_FALSE((*hasher)->Verify(*encoded, ""));
    EXPECT_FALSE((*hasher)->Verify(*encoded, "mật khẩu đúng "));
}

TEST(Argon2idHasher, WritesThePhcEncodingWithItsParameters) {
    auto hasher = Argon2idHasher::Create(Small());
    ASSERT_THAT(hasher, IsOk());
    const auto encoded = (*hasher)->Hash("demo@2026");
    ASSERT_THAT(encoded, IsOk());
    // $argon2id$v=19$m=64,t=1,p=1$<16-byte salt, 22 chars>$<32-byte hash, 43 chars>
    EXPECT_TRUE(std::regex_match(
        *encoded,
        std::regex(R"(\$argon2id\$v=19\$m=64,t=1,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43})")))
        << *encoded;
}

TEST(Argon2idHasher, SaltsEveryHash) {
    auto hasher = Argon2idHasher::Create(Small());
    ASSERT_THAT(hasher, IsOk());
    const auto a = (*hasher)->Hash("demo@2026");
    const auto b = (*hasher)->Hash("demo@2026");
    ASSERT_THAT(a, IsOk());
    ASSERT_THAT(b, IsOk());
    EXPECT_NE(*a, *b);
    EXPECT_TRUE((*hasher)->Verify(*b, "demo@2026"));
}

TEST(Argon2idHasher, VerifiesHashesMadeWithOtherParameters) {
    auto small = Argon2idHasher::Create(Small());
    Argon2Params other = Small();
    other.memory_kib = 128;
    other.iterations = 2;
    auto larger = Argon2idHasher::Create(other);
    ASSERT_THAT(small, IsOk());
    ASSERT_THAT(larger, IsOk());
    const auto encoded = (*small)->Hash("mat-khau-cu");
    ASSERT_THAT(encoded, IsOk());
    EXPECT_TRUE((*larger)->Verify(*encoded, "mat-khau-cu"));
}

TEST(Argon2idHasher, RejectsWhatIsNotAnArgon2idEncoding) {
    auto hasher = Argon2idHasher::Create(Small());
    ASSERT_THAT(hasher, IsOk());
    const auto encoded = (*hasher)->Hash("x");
    ASSERT_THAT(encoded, IsOk());
    std::string argon2i = *encoded;
    argon2i.replace(0, 9, "$argon2i");
    std::string truncated = encoded->substr(0, encoded->size() - 5);
    for (const std::string& bad : {std::string(),
                                   std::string("x"),
                                   std::string("$argon2id$"),
                                   argon2i,
                                   truncated,
                                   std::string("fake$1$x")}) {
        SCOPED_TRACE(bad);
        EXPECT_FALSE((*hasher)->Verify(bad, "x"));
    }
}

TEST(Argon2idHasher, UsesTheOwaspMinimumByDefault) {
    auto hasher = Argon2idHasher::Create();
    ASSERT_THAT(hasher, IsOk());
    const auto encoded = (*hasher)->Hash("demo@2026");
    ASSERT_THAT(encoded, IsOk());
    EXPECT_TRUE(encoded->starts_with("$argon2id$v=19$m=19456,t=2,p=1$")) << *encoded;
    EXPECT_TRUE((*hasher)->Verify(*encoded, "demo@2026"));
}

TEST(Argon2idHasher, RefusesParametersLibargon2Cannot) {
    const auto with = [](auto change) {
        Argon2Params p = Small();
        change(p);
        return Argon2idHasher::Create(p);
    };
    EXPECT_THAT(with([](Argon2Params& p) { p.iterations = 0; }),
                HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(with([](Argon2Params& p) { p.memory_kib = 4; }),
                HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(with([](Argon2Params& p) { p.parallelism = 0; }),
                HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(with([](Argon2Params& p) { p.salt_bytes = 4; }),
                HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(with([](Argon2Params& p) { p.max_concurrent = -1; }),
                HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(with([](Argon2Params& p) { p.max_concurrent = 0; }), IsOk());
}

}  // namespace
}  // namespace motcua::integrations::security
