#include "core/accounts/account_service.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/testing/result_matchers.hpp"
#include "core/accounts/testing/fakes.hpp"
#include "core/calendar/civil_time.hpp"

namespace motcua::core::accounts {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kPassword = "mat-khau-2026";
constexpr std::string_view kAgency = "000.00.05.H99";

Instant Utc(std::string_view local) {
    return calendar::ToInstant(*calendar::ParseDateTime(local));
}

class AccountServiceTest : public ::testing::Test {
protected:
    AccountServiceTest() : clock_(Utc("2026-11-25T09:00")) {}

    AccountService Service(AccountPolicy policy = {}) {
        return AccountService(ports_, clock_, std::move(policy));
    }

    // An account made by the system through the service.
    AccountInfo Make(std::string username,
                     Role role,
                     std::string agency = std::string(kAgency),
                     bool demo = false) {
        NewAccount n;
        n.username = std::move(username);
        n.display_name = "Người dùng thử";
        n.role = role;
        n.agency_code = role == Role::kCitizen ? "" : std::move(agency);
        n.password = std::string(kPassword);
        n.demo = demo;
        auto made = Service().CreateAccount(SystemPrincipal(), n);
        EXPECT_THAT(made, IsOk());
        return *made;
    }

    FakeClock clock_;
    testing::FakeAccountStore store_;
    testing::FakePasswordHasher passwords_;
    testing::FakeSecretHasher secrets_;
    testing::FakeRandom random_;
    testing::FakeNotifier notifier_;
    AccountPorts ports_{store_, passwords_, secrets_, random_, notifier_};
};

// ---- Login and sessions --------------------------------------------------------------------

TEST_F(AccountServiceTest, LoginOpensASessionThatAuthenticates) {
    const AccountInfo officer = Make("motcua", Role::kOneStopOfficer);
    AccountService service = Service();
    const auto login = service.Login(" MotCua ", kPassword);
    ASSERT_THAT(login, IsOk());
    EXPECT_EQ(login->principal, officer.principal);
    EXPECT_FALSE(login->session_token.empty());
    EXPECT_FALSE(login->csrf_token.empty());
    EXPECT_NE(login->session_token, login->csrf_token);
    EXPECT_EQ(login->expires_at, clock_.Now() + minutes{30});
    // Only the hash of the token is stored.
    ASSERT_EQ(store_.sessions.size(), 1U);
    EXPECT_EQ(store_.sessions.begin()->first, secrets_.Hash(login->session_token));
    EXPECT_EQ(store_.accounts.at(officer.principal.user.value()).last_login_at, clock_.Now());

    clock_.Advance(minutes{5});
    const auto session = service.Authenticate(login->session_token);
    ASSERT_THAT(session, IsOk());
    EXPECT_EQ(session->principal, officer.principal);
    EXPECT_EQ(session->csrf_token, login->csrf_token);
    EXPECT_EQ(session->expires_at, clock_.Now() + minutes{30});
    EXPECT_EQ(session->absolute_expires_at, Utc("2026-11-25T21:00"));
    EXPECT_THAT(AccountService::CheckCsrf(*session, login->csrf_token), IsOk());
}

TEST_F(AccountServiceTest, UnknownUserAndWrongPasswordLookAlike) {
    Make("chuyenvien", Role::kSpecialist);
    AccountService service = Service();

    struct Case {
        std::string_view name;
        std::string_view username;
        std::string_view password;
    };

    const std::vector<Case> cases = {
        {"wrong password", "chuyenvien", "sai-mat-khau"},
        {"unknown user", "khongcoai", "sai-mat-khau"},
        {"unknown user, right password of another", "khongcoai", kPassword},
        {"empty password", "chuyenvien", ""},
    };
    std::optional<Error> first;
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        const int work_before = passwords_.hashes + passwords_.verifies;
        const auto login = service.Login(c.username, c.password);
        ASSERT_THAT(login, HasError(ErrorCode::kPermissionDenied));
        // One argon2-sized operation either way.
        EXPECT_EQ(passwords_.hashes + passwords_.verifies, work_before + 1);
        if (first) {
            EXPECT_EQ(login.error(), *first);
        }
        first = login.error();
    }
}

TEST_F(AccountServiceTest, CitizensSignInWithTheirNumberInAnySpelling) {
    NewAccount n;
    n.display_name = "Nguyễn Thị Mai";
    n.role = Role::kCitizen;
    n.phone = "091 234 5678";
    n.password = std::string(kPassword);
    const auto made = Service().CreateAccount(SystemPrincipal(), n);
    ASSERT_THAT(made, IsOk());
    EXPECT_EQ(made->principal.username, "0912345678");
    EXPECT_THAT(Service().Login("+84 912 345 678", kPassword), IsOk());
}

TEST_F(AccountServiceTest, FiveWrongPasswordsLockTheAccountForFifteenMinutes) {
    const AccountInfo leader = Make("lanhdao", Role::kAgencyLeader);
    AccountService service = Service();
    for (int i = 1; i <= 4; ++i) {
        SCOPED_TRACE(i);
        EXPECT_THAT(service.Login("lanhdao", "sai"), HasError(ErrorCode::kPermissionDenied));
        clock_.Advance(seconds{10});
    }
    const auto fifth = service.Login("lanhdao", "sai");
    ASSERT_THAT(fifth, HasError(ErrorCode::kUnavailable));
    // Locked at 09:00:40 until 09:15:40: the message names the first whole minute after.
    EXPECT_THAT(fifth.error().message, HasSubstr("2026-11-25T09:16"));
    EXPECT_THAT(fifth.error().message_vi, HasSubstr("09:16"));
    EXPECT_THAT(fifth.error().message_vi, HasSubstr("25/11/2026"));

    // Even the right password is refused while locked, without counting.
    clock_.Advance(minutes{14});
    const auto locked = service.Login("lanhdao", kPassword);
    ASSERT_THAT(locked, HasError(ErrorCode::kUnavailable));
    EXPECT_THAT(locked.error().message, HasSubstr("09:16"));

    clock_.Advance(minutes{1});
    const auto after = service.Login("lanhdao", kPassword);
    ASSERT_THAT(after, IsOk());
    EXPECT_EQ(after->principal, leader.principal);
    EXPECT_EQ(store_.accounts.at(leader.principal.user.value()).failed_logins, 0);
    EXPECT_FALSE(store_.accounts.at(leader.principal.user.value()).locked_until.has_value());
}

TEST_F(AccountServiceTest, ASuccessResetsTheFailureCount) {
    Make("kiemsoat", Role::kProvinceController, "000.00.00.H99");
    AccountService service = Service();
    for (int round = 0; round < 2; ++round) {
        for (int i = 0; i < 4; ++i) {
            EXPECT_THAT(service.Login("kiemsoat", "sai"), HasError(ErrorCode::kPermissionDenied));
        }
        EXPECT_THAT(service.Login("kiemsoat", kPassword), IsOk());
    }
}

TEST_F(AccountServiceTest, SessionsEndAfterThirtyIdleMinutes) {
    Make("motcua", Role::kOneStopOfficer);
    AccountService service = Service();
    const auto login = service.Login("motcua", kPassword);
    ASSERT_THAT(login, IsOk());

    struct Step {
        minutes idle;
        bool alive;
    };

    // Activity slides the expiry; a gap of 30 minutes ends it.
    for (const Step& s : {Step{minutes{29}, true},
                          Step{minutes{29}, true},
                          Step{minutes{1}, true},
                          Step{minutes{30}, false}}) {
        clock_.Advance(s.idle);
        const auto session = service.Authenticate(login->session_token);
        if (s.alive) {
            EXPECT_THAT(session, IsOk());
        } else {
            EXPECT_THAT(session, HasError(ErrorCode::kNotFound));
        }
    }
    EXPECT_TRUE(store_.sessions.empty());  // deleted when found expired
}

TEST_F(AccountServiceTest, SessionsEndTwelveHoursAfterSignInWhateverTheActivity) {
    Make("motcua", Role::kOneStopOfficer);
    AccountService service = Service();
    const auto login = service.Login("motcua", kPassword);
    ASSERT_THAT(login, IsOk());
    for (int i = 0; i < 35; ++i) {  // every 20 minutes for 11 h 40 min
        clock_.Advance(minutes{20});
        const auto session = service.Authenticate(login->session_token);
        ASSERT_THAT(session, IsOk());
        EXPECT_LE(session->expires_at, Utc("2026-11-25T21:00"));
    }
    clock_.Advance(minutes{19});
    EXPECT_THAT(service.Authenticate(login->session_token), IsOk());
    clock_.Advance(minutes{1});  // 21:00
    EXPECT_THAT(service.Authenticate(login->session_token), HasError(ErrorCode::kNotFound));
}

TEST_F(AccountServiceTest, ActivityIsWrittenAtMostOncePerTouchInterval) {
    Make("motcua", Role::kOneStopOfficer);
    AccountService service = Service();
    const auto login = service.Login("motcua", kPassword);
    ASSERT_THAT(login, IsOk());
    for (int i = 0; i < 5; ++i) {
        clock_.Advance(seconds{10});
        ASSERT_THAT(service.Authenticate(login->session_token), IsOk());
    }
    EXPECT_EQ(store_.session_touches, 0);
    clock_.Advance(seconds{10});  // a minute after sign-in
    ASSERT_THAT(service.Authenticate(login->session_token), IsOk());
    EXPECT_EQ(store_.session_touches, 1);
}

TEST_F(AccountServiceTest, UnknownOrMalformedSessionTokensAreNotFound) {
    AccountService service = Service();
    for (const std::string_view token : {"", "khong-co", "tok1-32"}) {
        EXPECT_THAT(service.Authenticate(token), HasError(ErrorCode::kNotFound));
    }
    EXPECT_THAT(service.Authenticate(std::string(300, 'a')), HasError(ErrorCode::kNotFound));
}

TEST_F(AccountServiceTest, ASessionOfADeletedAccountIsGone) {
    const AccountInfo officer = Make("motcua", Role::kOneStopOfficer);
    AccountService service = Service();
    const auto login = service.Login("motcua", kPassword);
    ASSERT_THAT(login, IsOk());
    store_.accounts.erase(officer.principal.user.value());
    EXPECT_THAT(service.Authenticate(login->session_token), HasError(ErrorCode::kNotFound));
    EXPECT_TRUE(store_.sessions.empty());
}

TEST_F(AccountServiceTest, CsrfTokensMustMatchExactly) {
    Session session;
    session.csrf_token = "abcdef";
    EXPECT_THAT(AccountService::CheckCsrf(session, "abcdef"), IsOk());
    for (const std::string_view wrong : {"", "abcdeg", "abcde", "abcdefg"}) {
        EXPECT_THAT(AccountService::CheckCsrf(session, wrong),
                    HasError(ErrorCode::kPermissionDenied));
    }
    session.csrf_token.clear();
    EXPECT_THAT(AccountService::CheckCsrf(session, ""), HasError(ErrorCode::kPermissionDenied));
}

TEST_F(AccountServiceTest, LogoutEndsOneSessionAndLogoutEverywhereAll) {
    const AccountInfo officer = Make("motcua", Role::kOneStopOfficer);
    const AccountInfo other = Make("chuyenvien", Role::kSpecialist);
    AccountService service = Service();
    const auto a = service.Login("motcua", kPassword);
    const auto b = service.Login("motcua", kPassword);
    const auto c = service.Login("motcua", kPassword);
    ASSERT_THAT(a, IsOk());
    ASSERT_THAT(b, IsOk());
    ASSERT_THAT(c, IsOk());
    EXPECT_THAT(service.Logout(a->session_token), IsOk());
    EXPECT_THAT(service.Logout(a->session_token), IsOk());  // again: nothing to do
    EXPECT_THAT(service.Authenticate(a->session_token), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(service.Authenticate(b->session_token), IsOk());

    EXPECT_THAT(service.LogoutEverywhere(other.principal, officer.principal.user),
                HasError(ErrorCode::kPermissionDenied));
    EXPECT_THAT(service.LogoutEverywhere(officer.principal, officer.principal.user),
                IsOkAndHolds(2));
    EXPECT_THAT(service.Authenticate(c->session_token), HasError(ErrorCode::kNotFound));
}

// ---- Demo accounts -------------------------------------------------------------------------

TEST_F(AccountServiceTest, DemoAccountsSignInOnlyWhenThePolicyAllows) {
    Make("congdan", Role::kCitizen, "", /*demo=*/true);
    for (const bool allow : {false, true}) {
        SCOPED_TRACE(allow);
        AccountPolicy policy;
        policy.allow_demo = allow;
        const auto login = Service(policy).Login("congdan", kPassword);
        if (allow) {
            ASSERT_THAT(login, IsOk());
            EXPECT_TRUE(login->principal.demo);
        } else {
            ASSERT_THAT(login, HasError(ErrorCode::kPermissionDenied));
            EXPECT_THAT(login.error().message, HasSubstr("demo"));
        }
    }
    // A wrong password still gets the ordinary answer.
    const auto wrong = Service().Login("congdan", "sai");
    ASSERT_THAT(wrong, HasError(ErrorCode::kPermissionDenied));
    EXPECT_THAT(wrong.error().message, Not(HasSubstr("demo")));
}

TEST_F(AccountServiceTest, ADemoSessionIsRefusedByAServerWithoutDemo) {
    Make("motcua", Role::kOneStopOfficer, std::string(kAgency), /*demo=*/true);
    AccountPolicy demo;
    demo.allow_demo = true;
    const auto login = Service(demo).Login("motcua", kPassword);
    ASSERT_THAT(login, IsOk());
    EXPECT_THAT(Service(demo).Authenticate(login->session_token), IsOk());
    EXPECT_THAT(Service().Authenticate(login->session_token),
                HasError(ErrorCode::kPermissionDenied));
}

// ---- API tokens ----------------------------------------------------------------------------

TEST_F(AccountServiceTest, ApiTokensRoundTripAndRevoke) {
    const AccountInfo officer = Make("motcua", Role::kOneStopOfficer);
    const AccountInfo other = Make("chuyenvien", Role::kSpecialist);
    AccountService service = Service();
    const auto token = service.CreateApiToken(officer.principal, officer.principal.user, "DVCQG");
    ASSERT_THAT(token, IsOk());
    EXPECT_TRUE(token->token.starts_with("mc_"));
    EXPECT_EQ(token->prefix, token->token.substr(0, 10));
    EXPECT_EQ(token->expires_at, clock_.Now() + days{365});
    const ports::ApiTokenRecord& stored = store_.tokens.at(token->id.value());
    EXPECT_EQ(stored.token_hash, secrets_.Hash(token->token));
    EXPECT_NE(stored.token_hash, token->token);

    EXPECT_THAT(service.AuthenticateApiToken(token->token), IsOkAndHolds(officer.principal));
    EXPECT_EQ(store_.tokens.at(token->id.value()).last_used_at, clock_.Now());

    const auto listed = service.ListApiTokens(officer.principal, officer.principal.user);
    ASSERT_THAT(listed, IsOk());
    ASSERT_EQ(listed->size(), 1U);
    EXPECT_EQ(listed->front().name, "DVCQG");
    EXPECT_THAT(service.ListApiTokens(other.principal, officer.principal.user),
                HasError(ErrorCode::kPermissionDenied));

    EXPECT_THAT(service.RevokeApiToken(other.principal, token->id),
                HasError(ErrorCode::kPermissionDenied));
    EXPECT_THAT(service.RevokeApiToken(officer.principal, token->id), IsOk());
    EXPECT_THAT(service.AuthenticateApiToken(token->token), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(service.RevokeApiToken(officer.principal, ports::ApiTokenId{99}),
                HasError(ErrorCode::kNotFound));
}

TEST_F(AccountServiceTest, ApiTokensExpire) {
    const AccountInfo officer = Make("motcua", Role::kOneStopOfficer);
    AccountService service = Service();
    const auto token = service.CreateApiToken(officer.principal, officer.principal.user, "x");
    ASSERT_THAT(token, IsOk());
    clock_.Advance(days{365} - seconds{1});
    EXPECT_THAT(service.AuthenticateApiToken(token->token), IsOk());
    clock_.Advance(seconds{1});
    EXPECT_THAT(service.AuthenticateApiToken(token->token), HasError(ErrorCode::kNotFound));

    AccountPolicy forever;
    forever.api_token_lifetime = days{0};
    const auto lasting =
        Service(forever).CreateApiToken(officer.principal, officer.principal.user, "y");
    ASSERT_THAT(lasting, IsOk());
    EXPECT_FALSE(lasting->expires_at.has_value());
    clock_.Advance(days{3650});
    EXPECT_THAT(Service(forever).AuthenticateApiToken(lasting->token), IsOk());
}

TEST_F(AccountServiceTest, WhoMayHoldApiTokens) {
    const AccountInfo officer = Make("motcua", Role::kOneStopOfficer);
    const AccountInfo admin = Make("quantri", Role::kAdministrator, "");
    const AccountInfo citizen = Make("congdan", Role::kCitizen);
    AccountService service = Service();
    EXPECT_THAT(service.CreateApiToken(admin.principal, officer.principal.user, "cấp hộ"), IsOk());
    EXPECT_THAT(service.CreateApiToken(officer.principal, admin.principal.user, "x"),
                HasError(ErrorCode::kPermissionDenied));
    EXPECT_THAT(service.CreateApiToken(citizen.principal, citizen.principal.user, "x"),
                HasError(ErrorCode::kPermissionDenied));
    EXPECT_THAT(service.CreateApiToken(admin.principal, UserId{404}, "x"),
                HasError(ErrorCode::kNotFound));
    const auto unnamed = service.CreateApiToken(officer.principal, officer.principal.user, " ");
    ASSERT_THAT(unnamed, HasError(ErrorCode::kInvalidArgument));
    EXPECT_EQ(unnamed.error().field, "name");
    for (const std::string_view bad : {"", "abc", "mc_", "mc_khongco"}) {
        EXPECT_THAT(service.AuthenticateApiToken(bad), HasError(ErrorCode::kNotFound));
    }
}

// ---- Registration --------------------------------------------------------------------------

TEST_F(AccountServiceTest, RegistrationSendsACodeAndConfirmingCreatesACitizen) {
    random_.codes = {"482913"};
    AccountService service = Service();
    const auto started = service.StartRegistration("091 234 5678", " Nguyễn Thị Mai ", kPassword);
    ASSERT_THAT(started, IsOk());
    EXPECT_EQ(started->contact, "0912345678");
    EXPECT_EQ(started->kind, ContactKind::kPhone);
    EXPECT_EQ(started->expires_at, clock_.Now() + minutes{10});
    ASSERT_EQ(notifier_.sent.size(), 1U);
    EXPECT_EQ(notifier_.sent[0].channel, ports::NotificationChannel::kSms);
    EXPECT_EQ(notifier_.sent[0].to, "0912345678");
    EXPECT_THAT(notifier_.sent[0].text, HasSubstr("482913"));
    // Neither the code nor the password is stored in clear.
    const ports::PendingRegistration& pending = store_.registrations.at("0912345678");
    EXPECT_THAT(pending.code_hash, Not(HasSubstr("482913")));
    EXPECT_TRUE(passwords_.Verify(pending.password_hash, kPassword));

    clock_.Advance(minutes{3});
    const auto wrong = service.ConfirmRegistration("0912345678", "111111");
    ASSERT_THAT(wrong, HasError(ErrorCode::kInvalidArgument));
    EXPECT_EQ(wrong.error().field, "code");
    EXPECT_THAT(wrong.error().message, HasSubstr("4 tries left"));

    const auto confirmed = service.ConfirmRegistration("+84912345678", "482 913");
    ASSERT_THAT(confirmed, IsOk());
    EXPECT_EQ(confirmed->principal.username, "0912345678");
    EXPECT_EQ(confirmed->principal.display_name, "Nguyễn Thị Mai");
    EXPECT_EQ(confirmed->principal.role, Role::kCitizen);
    EXPECT_TRUE(confirmed->principal.agency_code.empty());
    EXPECT_THAT(service.Authenticate(confirmed->session_token), IsOk());
    EXPECT_TRUE(store_.registrations.empty());
    EXPECT_EQ(store_.accounts.at(confirmed->principal.user.value()).phone, "0912345678");
    EXPECT_THAT(service.Login("0912345678", kPassword), IsOk());
    // The code cannot be used twice.
    EXPECT_THAT(service.ConfirmRegistration("0912345678", "482913"),
                HasError(ErrorCode::kNotFound));
}

TEST_F(AccountServiceTest, RegistrationByEmailSendsAnEmail) {
    random_.codes = {"000777"};
    AccountService service = Service();
    ASSERT_THAT(service.StartRegistration("Mai.Nguyen@Example.vn", "Mai", kPassword), IsOk());
    ASSERT_EQ(notifier_.sent.size(), 1U);
    EXPECT_EQ(notifier_.sent[0].channel, ports::NotificationChannel::kEmail);
    EXPECT_EQ(notifier_.sent[0].to, "mai.nguyen@example.vn");
    EXPECT_FALSE(notifier_.sent[0].subject.empty());
    const auto confirmed = service.ConfirmRegistration("mai.nguyen@example.vn", "000777");
    ASSERT_THAT(confirmed, IsOk());
    EXPECT_EQ(store_.accounts.at(confirmed->principal.user.value()).email, "mai.nguyen@example.vn");
}

TEST_F(AccountServiceTest, FiveWrongCodesForgetTheRegistration) {
    random_.codes = {"482913"};
    AccountService service = Service();
    ASSERT_THAT(service.StartRegistration("0912345678", "Mai", kPassword), IsOk());
    for (int i = 1; i <= 4; ++i) {
        SCOPED_TRACE(i);
        const auto wrong = service.ConfirmRegistration("0912345678", "000000");
        ASSERT_THAT(wrong, HasError(ErrorCode::kInvalidArgument));
        EXPECT_THAT(wrong.error().message, HasSubstr(std::to_string(5 - i) + " tries left"));
    }
    EXPECT_THAT(service.ConfirmRegistration("0912345678", "000000"),
                HasError(ErrorCode::kPermissionDenied));
    EXPECT_THAT(service.ConfirmRegistration("0912345678", "482913"),
                HasError(ErrorCode::kNotFound));
    EXPECT_TRUE(store_.accounts.empty());
}

TEST_F(AccountServiceTest, CodesExpireAfterTenMinutes) {
    random_.codes = {"482913"};
    AccountService service = Service();
    ASSERT_THAT(service.StartRegistration("0912345678", "Mai", kPassword), IsOk());
    clock_.Advance(minutes{10});
    EXPECT_THAT(service.ConfirmRegistration("0912345678", "482913"),
                HasError(ErrorCode::kFailedPrecondition));
    EXPECT_THAT(service.ConfirmRegistration("0912345678", "482913"),
                HasError(ErrorCode::kNotFound));
    EXPECT_TRUE(store_.accounts.empty());
}

TEST_F(AccountServiceTest, ARegisteredContactIsToldOnlyThroughTheContact) {
    Make("0912345678", Role::kCitizen);  // username is the number
    random_.codes = {"482913", "555555"};
    AccountService service = Service();
    const auto taken = service.StartRegistration("0912345678", "Kẻ giả danh", kPassword);
    const auto fresh = service.StartRegistration("0987654321", "Người mới", kPassword);
    ASSERT_THAT(taken, IsOk());
    ASSERT_THAT(fresh, IsOk());
    // The caller sees the same kind of answer for both.
    EXPECT_EQ(taken->expires_at, fresh->expires_at);
    EXPECT_EQ(taken->kind, fresh->kind);
    // The owner of the number is told, and no usable code is sent.
    ASSERT_EQ(notifier_.sent.size(), 2U);
    EXPECT_THAT(notifier_.sent[0].text, HasSubstr("đã có tài khoản"));
    EXPECT_THAT(notifier_.sent[0].text, Not(HasSubstr("482913")));
    EXPECT_THAT(service.ConfirmRegistration("0912345678", "482913"),
                HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(service.ConfirmRegistration("0987654321", "555555"), IsOk());
}

TEST_F(AccountServiceTest, ACodeIsResentOnlyAfterAMinuteAndReplacesTheOldOne) {
    random_.codes = {"111111", "222222"};
    AccountService service = Service();
    ASSERT_THAT(service.StartRegistration("0912345678", "Mai", kPassword), IsOk());
    clock_.Advance(seconds{30});
    const auto early = service.StartRegistration("0912345678", "Mai", kPassword);
    ASSERT_THAT(early, HasError(ErrorCode::kUnavailable));
    EXPECT_THAT(early.error().message, HasSubstr("30 s"));
    clock_.Advance(seconds{30});
    ASSERT_THAT(service.StartRegistration("0912345678", "Mai", kPassword), IsOk());
    EXPECT_EQ(notifier_.sent.size(), 2U);
    EXPECT_THAT(service.ConfirmRegistration("0912345678", "111111"),
                HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(service.ConfirmRegistration("0912345678", "222222"), IsOk());
}

TEST_F(AccountServiceTest, ANotifierFailureLeavesNoRegistration) {
    notifier_.fail = true;
    AccountService service = Service();
    EXPECT_THAT(service.StartRegistration("0912345678", "Mai", kPassword),
                HasError(ErrorCode::kUnavailable));
    EXPECT_TRUE(store_.registrations.empty());
    notifier_.fail = false;
    EXPECT_THAT(service.StartRegistration("0912345678", "Mai", kPassword), IsOk());
}

TEST_F(AccountServiceTest, RegistrationInputIsValidated) {
    struct Case {
        std::string_view contact;
        std::string_view name;
        std::string_view password;
        std::string_view field;
    };

    AccountService service = Service();
    for (const Case& c : {Case{"0241234567", "Mai", kPassword, "contact"},
                          Case{"mai@", "Mai", kPassword, "contact"},
                          Case{"0912345678", "  ", kPassword, "display_name"},
                          Case{"0912345678", "Mai", "ngan", "password"}}) {
        SCOPED_TRACE(c.field);
        const auto started = service.StartRegistration(c.contact, c.name, c.password);
        ASSERT_THAT(started, HasError(ErrorCode::kInvalidArgument));
        EXPECT_EQ(started.error().field, c.field);
    }
    EXPECT_TRUE(notifier_.sent.empty());
    EXPECT_THAT(service.ConfirmRegistration("khong-phai-so", "123456"),
                HasError(ErrorCode::kInvalidArgument));
}

// ---- Administration ------------------------------------------------------------------------

TEST_F(AccountServiceTest, CreateAccountChecksWhoAndWhat) {
    const AccountInfo admin = Make("quantri", Role::kAdministrator, "");
    const AccountInfo officer = Make("motcua", Role::kOneStopOfficer);
    AccountService service = Service();
    const auto good = [] {
        NewAccount n;
        n.username = "ChuyenVien2";
        n.display_name = "Lê Thu Hà";
        n.role = Role::kSpecialist;
        n.agency_code = std::string(kAgency);
        n.password = std::string(kPassword);
        n.email = "Ha.Le@HoaBinhXanh.gov.vn";
        return n;
    };

    struct Case {
        std::string_view name;
        void (*change)(NewAccount&);
        ErrorCode code;
        std::string_view field;
    };

    const std::vector<Case> cases = {
        {"no agency",
         [](NewAccount& n) { n.agency_code.clear(); },
         ErrorCode::kInvalidArgument,
         "agency_code"},
        {"citizen with agency",
         [](NewAccount& n) { n.role = Role::kCitizen; },
         ErrorCode::kInvalidArgument,
         "agency_code"},
        {"system role",
         [](NewAccount& n) { n.role = Role::kSystem; },
         ErrorCode::kInvalidArgument,
         "role"},
        {"bad username",
         [](NewAccount& n) { n.username = "chuyên viên"; },
         ErrorCode::kInvalidArgument,
         "username"},
        {"short password",
         [](NewAccount& n) { n.password = "1234567"; },
         ErrorCode::kInvalidArgument,
         "password"},
        {"bad e-mail",
         [](NewAccount& n) { n.email = "ha@"; },
         ErrorCode::kInvalidArgument,
         "email"},
        {"phone in e-mail",
         [](NewAccount& n) { n.email = "0912345678"; },
         ErrorCode::kInvalidArgument,
         "email"},
        {"bad phone",
         [](NewAccount& n) { n.phone = "12345"; },
         ErrorCode::kInvalidArgument,
         "phone"},
        {"taken username",
         [](NewAccount& n) { n.username = "MOTCUA"; },
         ErrorCode::kAlreadyExists,
         "username"},
        {"bad id", [](NewAccount& n) { n.id = UserId{-1}; }, ErrorCode::kInvalidArgument, "id"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        NewAccount n = good();
        c.change(n);
        const auto made = service.CreateAccount(admin.principal, n);
        ASSERT_THAT(made, HasError(c.code));
        EXPECT_EQ(made.error().field, c.field);
    }
    EXPECT_THAT(service.CreateAccount(officer.principal, good()),
                HasError(ErrorCode::kPermissionDenied));
    const auto made = service.CreateAccount(admin.principal, good());
    ASSERT_THAT(made, IsOk());
    EXPECT_EQ(made->principal.username, "chuyenvien2");
    EXPECT_EQ(made->email, "ha.le@hoabinhxanh.gov.vn");
    EXPECT_EQ(made->created_at, clock_.Now());
    EXPECT_THAT(service.Login("chuyenvien2", kPassword), IsOk());

    NewAccount fixed = good();
    fixed.username = "codinh";
    fixed.email.clear();
    fixed.id = UserId{62};
    const auto with_id = service.CreateAccount(SystemPrincipal(), fixed);
    ASSERT_THAT(with_id, IsOk());
    EXPECT_EQ(with_id->principal.user, UserId{62});
}

TEST_F(AccountServiceTest, AdministratorsAndAuditorsListAccounts) {
    const AccountInfo admin = Make("quantri", Role::kAdministrator, "");
    const AccountInfo auditor = Make("kiemtoan", Role::kAuditor, "");
    const AccountInfo officer = Make("motcua", Role::kOneStopOfficer);
    Make("chuyenvien", Role::kSpecialist);
    AccountService service = Service();
    const auto all = service.ListAccounts(admin.principal, {});
    ASSERT_THAT(all, IsOk());
    EXPECT_EQ(all->size(), 4U);
    ports::AccountQuery specialists;
    specialists.role = Role::kSpecialist;
    const auto some = service.ListAccounts(auditor.principal, specialists);
    ASSERT_THAT(some, IsOk());
    ASSERT_EQ(some->size(), 1U);
    EXPECT_EQ(some->front().principal.username, "chuyenvien");
    ports::AccountQuery page;
    page.limit = 2;
    page.after = admin.principal.user;
    const auto next = service.ListAccounts(admin.principal, page);
    ASSERT_THAT(next, IsOk());
    ASSERT_EQ(next->size(), 2U);
    EXPECT_EQ(next->front().principal, auditor.principal);
    EXPECT_THAT(service.ListAccounts(officer.principal, {}),
                HasError(ErrorCode::kPermissionDenied));
}

TEST_F(AccountServiceTest, UpdateAccountChangesRoleAgencyAndName) {
    const AccountInfo admin = Make("quantri", Role::kAdministrator, "");
    const AccountInfo officer = Make("motcua", Role::kOneStopOfficer);
    AccountService service = Service();
    const auto session = service.Login("motcua", kPassword);
    ASSERT_THAT(session, IsOk());

    AccountUpdate promote;
    promote.role = Role::kAgencyLeader;
    promote.agency_code = "000.00.21.H99";
    promote.display_name = "  Đỗ Thị Lan ";
    const auto changed = service.UpdateAccount(admin.principal, officer.principal.user, promote);
    ASSERT_THAT(changed, IsOk());
    EXPECT_EQ(changed->principal.role, Role::kAgencyLeader);
    EXPECT_EQ(changed->principal.agency_code, "000.00.21.H99");
    EXPECT_EQ(changed->principal.display_name, "Đỗ Thị Lan");
    // The open session acts with the new role at its next request.
    const auto now = service.Authenticate(session->session_token);
    ASSERT_THAT(now, IsOk());
    EXPECT_EQ(now->principal, changed->principal);

    struct Case {
        std::string_view name;
        AccountUpdate update;
        ErrorCode code;
        std::string_view field;
    };

    const std::vector<Case> cases = {
        {"staff without agency",
         {Role::kSpecialist, "", std::nullopt},
         ErrorCode::kInvalidArgument,
         "agency_code"},
        {"citizen with agency",
         {Role::kCitizen, std::nullopt, std::nullopt},
         ErrorCode::kInvalidArgument,
         "agency_code"},
        {"system role",
         {Role::kSystem, std::nullopt, std::nullopt},
         ErrorCode::kInvalidArgument,
         "role"},
        {"empty name",
         {std::nullopt, std::nullopt, "  "},
         ErrorCode::kInvalidArgument,
         "display_name"},
    };
    for (const Case& c : cases) {
        const auto r = service.UpdateAccount(admin.principal, officer.principal.user, c.update);
        ASSERT_THAT(r, HasError(c.code)) << c.name;
        EXPECT_EQ(r.error().field, c.field) << c.name;
    }
    EXPECT_EQ(store_.accounts.at(officer.principal.user.value()).role, Role::kAgencyLeader);

    AccountUpdate demote;
    demote.role = Role::kSpecialist;
    EXPECT_THAT(service.UpdateAccount(officer.principal, officer.principal.user, demote),
                HasError(ErrorCode::kPermissionDenied));
    EXPECT_THAT(service.UpdateAccount(admin.principal, admin.principal.user, demote),
                HasError(ErrorCode::kFailedPrecondition));
    AccountUpdate rename;
    rename.display_name = "Vũ Đức Anh";
    EXPECT_THAT(service.UpdateAccount(admin.principal, admin.principal.user, rename), IsOk());
    EXPECT_THAT(service.UpdateAccount(admin.principal, UserId{999}, rename),
                HasError(ErrorCode::kNotFound));
}

TEST_F(AccountServiceTest, DisablingEndsSessionsAndRefusesSignInAndTokens) {
    const AccountInfo admin = Make("quantri", Role::kAdministrator, "");
    const AccountInfo officer = Make("motcua", Role::kOneStopOfficer);
    AccountService service = Service();
    const auto first = service.Login("motcua", kPassword);
    const auto second = service.Login("motcua", kPassword);
    ASSERT_THAT(first, IsOk());
    ASSERT_THAT(second, IsOk());
    const auto token = service.CreateApiToken(officer.principal, officer.principal.user, "máy");
    ASSERT_THAT(token, IsOk());

    const auto disabled = service.SetAccountDisabled(admin.principal, officer.principal.user, true);
    ASSERT_THAT(disabled, IsOk());
    EXPECT_EQ(disabled->disabled_at, clock_.Now());
    EXPECT_THAT(service.Authenticate(first->session_token), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(service.Authenticate(second->session_token), HasError(ErrorCode::kNotFound));
    EXPECT_TRUE(store_.sessions.empty());
    EXPECT_THAT(service.AuthenticateApiToken(token->token), HasError(ErrorCode::kNotFound));
    const auto refused = service.Login("motcua", kPassword);
    ASSERT_THAT(refused, HasError(ErrorCode::kPermissionDenied));
    EXPECT_THAT(refused.error().message_vi, HasSubstr("khóa"));
    // A wrong password still answers like any wrong password.
    EXPECT_THAT(service.Login("motcua", "sai-mat-khau"), HasError(ErrorCode::kPermissionDenied));

    // Idempotent, and it keeps the first time.
    clock_.Advance(minutes{5});
    const auto again = service.SetAccountDisabled(admin.principal, officer.principal.user, true);
    ASSERT_THAT(again, IsOk());
    EXPECT_EQ(again->disabled_at, disabled->disabled_at);

    const auto enabled = service.SetAccountDisabled(admin.principal, officer.principal.user, false);
    ASSERT_THAT(enabled, IsOk());
    EXPECT_EQ(enabled->disabled_at, std::nullopt);
    EXPECT_THAT(service.Login("motcua", kPassword), IsOk());
    EXPECT_THAT(service.AuthenticateApiToken(token->token), IsOk());

    EXPECT_THAT(service.SetAccountDisabled(officer.principal, admin.principal.user, true),
                HasError(ErrorCode::kPermissionDenied));
    EXPECT_THAT(service.SetAccountDisabled(admin.principal, admin.principal.user, true),
                HasError(ErrorCode::kFailedPrecondition));
    EXPECT_THAT(service.SetAccountDisabled(admin.principal, UserId{999}, true),
                HasError(ErrorCode::kNotFound));
}

TEST_F(AccountServiceTest, PurgeDeletesWhatHasExpired) {
    Make("motcua", Role::kOneStopOfficer);
    AccountService service = Service();
    ASSERT_THAT(service.Login("motcua", kPassword), IsOk());
    ASSERT_THAT(service.StartRegistration("0912345678", "Mai", kPassword), IsOk());
    clock_.Advance(minutes{20});
    const auto live = service.Login("motcua", kPassword);
    ASSERT_THAT(live, IsOk());
    clock_.Advance(minutes{10});
    const auto purged = service.PurgeExpired();
    ASSERT_THAT(purged, IsOk());
    EXPECT_EQ(purged->sessions, 1);
    EXPECT_EQ(purged->registrations, 1);
    EXPECT_THAT(service.Authenticate(live->session_token), IsOk());
}

// ---- Helpers -------------------------------------------------------------------------------

TEST(ToActor, CarriesRoleUserAgencyAndName) {
    const Principal p{UserId{61}, "motcua", "Trần Văn Hùng", Role::kOneStopOfficer, "X", true};
    const workflow::Actor a = ToActor(p);
    EXPECT_EQ(a.role, Role::kOneStopOfficer);
    EXPECT_EQ(a.user, UserId{61});
    EXPECT_EQ(a.agency_code, "X");
    EXPECT_EQ(a.name, "Trần Văn Hùng");
    const workflow::Actor system = ToActor(SystemPrincipal());
    EXPECT_EQ(system.role, Role::kSystem);
    EXPECT_FALSE(system.user.has_value());
}

TEST(ValidatePolicy, AcceptsTheDefaultsAndRefusesNonsense) {
    EXPECT_THAT(ValidatePolicy({}), IsOk());

    struct Case {
        std::string_view field;
        void (*change)(AccountPolicy&);
    };

    const std::vector<Case> cases = {
        {"session_idle_timeout",
         [](AccountPolicy& p) {
             p.session_idle_timeout = minutes{0};
         }},
        {"session_lifetime",
         [](AccountPolicy& p) {
             p.session_lifetime = minutes{10};
         }},
        {"touch_interval",
         [](AccountPolicy& p) {
             p.touch_interval = minutes{30};
         }},
        {"max_login_failures",
         [](AccountPolicy& p) {
             p.max_login_failures = 0;
         }},
        {"lockout",
         [](AccountPolicy& p) {
             p.lockout = minutes{0};
         }},
        {"code_digits",
         [](AccountPolicy& p) {
             p.code_digits = 3;
         }},
        {"code_lifetime",
         [](AccountPolicy& p) {
             p.code_lifetime = minutes{0};
         }},
        {"max_code_attempts",
         [](AccountPolicy& p) {
             p.max_code_attempts = 0;
         }},
        {"min_password_length",
         [](AccountPolicy& p) {
             p.min_password_length = 6;
         }},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.field);
        AccountPolicy p;
        c.change(p);
        const auto checked = ValidatePolicy(p);
        ASSERT_THAT(checked, HasError(ErrorCode::kInvalidArgument));
        EXPECT_EQ(checked.error().field, c.field);
    }
}

}  // namespace
}  // namespace motcua::core::accounts
