#include "core/accounts/credentials.hpp"

#include <gtest/gtest.h>

#include "common/testing/result_matchers.hpp"

namespace motcua::core::accounts {
namespace {

struct ContactCase {
    std::string_view text;
    std::optional<Contact> expected;  // nullopt: refused
};

TEST(ParseContact, NormalisesMobileNumbersAndEmailAddresses) {
    const std::vector<ContactCase> cases = {
        {"0912345678", Contact{ContactKind::kPhone, "0912345678"}},
        {" 091 234 5678 ", Contact{ContactKind::kPhone, "0912345678"}},
        {"0912.345.678", Contact{ContactKind::kPhone, "0912345678"}},
        {"+84 912 345 678", Contact{ContactKind::kPhone, "0912345678"}},
        {"84912345678", Contact{ContactKind::kPhone, "0912345678"}},
        {"(+84) 386-123-456", Contact{ContactKind::kPhone, "0386123456"}},
        {"0701234567", Contact{ContactKind::kPhone, "0701234567"}},
        {"0581234567", Contact{ContactKind::kPhone, "0581234567"}},
        {"0812345678", Contact{ContactKind::kPhone, "0812345678"}},
        {"0241234567", std::nullopt},   // landline (Hà Nội)
        {"091234567", std::nullopt},    // nine digits
        {"09123456789", std::nullopt},  // eleven digits
        {"+1 912 345 6789", std::nullopt},
        {"0912a45678", std::nullopt},
        {"", std::nullopt},
        {"An.Nguyen@Example.VN", Contact{ContactKind::kEmail, "an.nguyen@example.vn"}},
        {"  x+tag@mail.hoabinh.gov.vn ", Contact{ContactKind::kEmail, "x+tag@mail.hoabinh.gov.vn"}},
        {"no-at-sign.example.vn", std::nullopt},  // read as a phone number: refused
        {"a@b", std::nullopt},
        {"a@@b.vn", std::nullopt},
        {"a@b.c", std::nullopt},
        {"a@b.v1", std::nullopt},
        {".a@b.vn", std::nullopt},
        {"a..b@b.vn", std::nullopt},
        {"a b@b.vn", std::nullopt},
        {"a@-b.vn", std::nullopt},
        {"nguyễn@b.vn", std::nullopt},
        {"@b.vn", std::nullopt},
    };
    for (const ContactCase& c : cases) {
        SCOPED_TRACE(c.text);
        const Result<Contact> parsed = ParseContact(c.text);
        if (c.expected) {
            EXPECT_THAT(parsed, IsOkAndHolds(*c.expected));
        } else {
            ASSERT_THAT(parsed, HasError(ErrorCode::kInvalidArgument));
            EXPECT_EQ(parsed.error().field, "contact");
            EXPECT_FALSE(parsed.error().message_vi.empty());
        }
    }
}

TEST(NormalizeLogin, MapsPhoneSpellingsToOneUsernameAndLowersTheRest) {
    EXPECT_EQ(NormalizeLogin("+84 912 345 678"), "0912345678");
    EXPECT_EQ(NormalizeLogin("0912-345-678"), "0912345678");
    EXPECT_EQ(NormalizeLogin("  MotCua "), "motcua");
    EXPECT_EQ(NormalizeLogin("An@Example.vn"), "an@example.vn");
    EXPECT_EQ(NormalizeLogin("12345"), "12345");
}

TEST(ValidateUsername, AcceptsSimpleAsciiNames) {
    EXPECT_THAT(ValidateUsername("ChuyenVien"), IsOkAndHolds("chuyenvien"));
    EXPECT_THAT(ValidateUsername("can.bo_01-a"), IsOkAndHolds("can.bo_01-a"));
    for (const std::string_view bad : {"ab", ".abc", "cán bộ", "a b c", "x@y", ""}) {
        SCOPED_TRACE(bad);
        const auto r = ValidateUsername(bad);
        ASSERT_THAT(r, HasError(ErrorCode::kInvalidArgument));
        EXPECT_EQ(r.error().field, "username");
    }
    EXPECT_THAT(ValidateUsername(std::string(65, 'a')), HasError(ErrorCode::kInvalidArgument));
}

TEST(ValidateDisplayName, TrimsAndCountsCharactersNotBytes) {
    EXPECT_THAT(ValidateDisplayName("  Nguyễn Thị Mai "), IsOkAndHolds("Nguyễn Thị Mai"));
    std::string long_name;
    for (int i = 0; i < 120; ++i) {
        long_name += "ễ";  // 3 bytes each
    }
    EXPECT_THAT(ValidateDisplayName(long_name), IsOk());
    EXPECT_THAT(ValidateDisplayName(long_name + "a"), HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(ValidateDisplayName("   "), HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(ValidateDisplayName("a\nb"), HasError(ErrorCode::kInvalidArgument));
}

TEST(ValidatePassword, CountsCharactersAndBoundsBytes) {
    EXPECT_THAT(ValidatePassword("12345678", 8), IsOk());
    EXPECT_THAT(ValidatePassword("1234567", 8), HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(ValidatePassword("mậtkhẩuđủ", 8), IsOk());  // 9 characters, more bytes
    EXPECT_THAT(ValidatePassword("ậậậậậậậ", 8), HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(ValidatePassword(std::string(kMaxPasswordBytes, 'a'), 8), IsOk());
    EXPECT_THAT(ValidatePassword(std::string(kMaxPasswordBytes + 1, 'a'), 8),
                HasError(ErrorCode::kInvalidArgument));
}

TEST(ConstantTimeEquals, ComparesContentAndSize) {
    EXPECT_TRUE(ConstantTimeEquals("", ""));
    EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
    EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
    EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));
    EXPECT_FALSE(ConstantTimeEquals("xbc", "abc"));
}

}  // namespace
}  // namespace motcua::core::accounts
