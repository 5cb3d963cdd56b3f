#include "storage/sqlite/account_store.hpp"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/testing/result_matchers.hpp"
#include "core/accounts/account_service.hpp"
#include "core/accounts/testing/fakes.hpp"
#include "storage/sqlite/testing/test_db.hpp"

namespace motcua::storage::sqlite {
namespace {

namespace ports = core::ports;
using core::model::UserId;
using core::workflow::Role;
using ports::ApiTokenId;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::DbKind;
using testing::DbKindName;
using testing::DbTest;

const Instant kT0 = Instant{std::chrono::sys_days{std::chrono::year{2026} / 11 / 25}} + hours{2} +
                    std::chrono::microseconds{123456};

ports::Account MakeAccount(std::string username, Role role = Role::kSpecialist) {
    ports::Account a;
    a.username = std::move(username);
    a.display_name = "Lê Thu Hà";
    a.role = role;
    a.agency_code = role == Role::kCitizen ? "" : "000.00.05.H99";
    a.password_hash = "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$aGFzaA";
    a.created_at = kT0;
    return a;
}

class AccountStoreTest : public DbTest {
protected:
    AccountStoreTest() : clock_(kT0) {}

    void SetUp() override {
        DatabaseOptions options;
        options.path = DbPath();
        auto db = Database::Open(options);
        ASSERT_THAT(db, IsOk());
        db_ = std::move(*db);
        store_ = std::make_unique<SqliteAccountStore>(*db_);
        sink_ = std::make_unique<SqliteNotificationSink>(*db_, clock_);
    }

    Result<std::int64_t> Count(std::string_view sql) {
        return db_->Read([&](Connection& c) { return testing::QueryInt(c, sql); });
    }

    FakeClock clock_;
    std::unique_ptr<Database> db_;
    std::unique_ptr<SqliteAccountStore> store_;
    std::unique_ptr<SqliteNotificationSink> sink_;
};

INSTANTIATE_TEST_SUITE_P(Db,
                         AccountStoreTest,
                         ::testing::Values(DbKind::kMemory, DbKind::kFile),
                         DbKindName);

TEST(StoredInstant, RoundTripsAtMicrosecondPrecisionAndSorts) {
    EXPECT_EQ(EncodeInstant(kT0), "2026-11-25T02:00:00.123456Z");
    EXPECT_THAT(DecodeInstant("2026-11-25T02:00:00.123456Z"), IsOkAndHolds(kT0));
    const Instant early = Instant{std::chrono::sys_days{std::chrono::year{1999} / 1 / 2}};
    EXPECT_THAT(DecodeInstant(EncodeInstant(early)), IsOkAndHolds(early));
    EXPECT_LT(EncodeInstant(early), EncodeInstant(kT0));
    EXPECT_LT(EncodeInstant(kT0), EncodeInstant(kT0 + std::chrono::microseconds{1}));
    for (const std::string_view bad : {"",
                                       "2026-11-25T02:00:00Z",
                                       "2026-02-30T02:00:00.000000Z",
                                       "2026-11-25T24:00:00.000000Z",
                                       "2026-11-25 02:00:00.000000Z",
                                       "2026-11-25T02:00:00.00000xZ"}) {
        SCOPED_TRACE(bad);
        EXPECT_THAT(DecodeInstant(bad), HasError(ErrorCode::kInternal));
    }
}

// ---- Accounts ------------------------------------------------------------------------------

TEST_P(AccountStoreTest, CreatesAndFindsAccounts) {
    ports::Account a = MakeAccount("chuyenvien");
    a.phone = "0912345678";
    a.email = "ha.le@example.vn";
    a.demo = true;
    a.last_login_at = kT0 + hours{1};
    const auto created = store_->CreateAccount(a);
    ASSERT_THAT(created, IsOk());
    EXPECT_GT(created->id.value(), 0);
    a.id = created->id;
    EXPECT_EQ(*created, a);
    EXPECT_THAT(store_->AccountById(a.id), IsOkAndHolds(a));
    EXPECT_THAT(store_->AccountByUsername("chuyenvien"), IsOkAndHolds(a));
    EXPECT_THAT(store_->AccountByContact("0912345678"), IsOkAndHolds(std::optional(a)));
    EXPECT_THAT(store_->AccountByContact("ha.le@example.vn"), IsOkAndHolds(std::optional(a)));
    EXPECT_THAT(store_->AccountByContact("chuyenvien"), IsOkAndHolds(std::optional(a)));
    EXPECT_THAT(store_->AccountByContact("0987654321"),
                IsOkAndHolds(std::optional<ports::Account>()));
    EXPECT_THAT(store_->AccountById(UserId{999}), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(store_->AccountByUsername("ChuyenVien"), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(Count("SELECT count(*) FROM accounts WHERE tenant = 'H99' AND phone IS NOT NULL"),
                IsOkAndHolds(1));
}

TEST_P(AccountStoreTest, UsernamesContactsAndIdsAreUnique) {
    ports::Account first = MakeAccount("motcua");
    first.phone = "0912345678";
    first.email = "a@example.vn";
    ASSERT_THAT(store_->CreateAccount(first), IsOk());
    // Accounts without contacts do not collide on the empty value.
    ASSERT_THAT(store_->CreateAccount(MakeAccount("khong-lien-he-1")), IsOk());
    ASSERT_THAT(store_->CreateAccount(MakeAccount("khong-lien-he-2")), IsOk());

    ports::Account same_name = MakeAccount("motcua");
    ports::Account same_phone = MakeAccount("khac1");
    same_phone.phone = "0912345678";
    ports::Account same_email = MakeAccount("khac2");
    same_email.email = "a@example.vn";
    ports::Account same_id = MakeAccount("khac3");
    same_id.id = UserId{1};
    for (const ports::Account& a : {same_name, same_phone, same_email, same_id}) {
        SCOPED_TRACE(a.username);
        const auto created = store_->CreateAccount(a);
        ASSERT_THAT(created, HasError(ErrorCode::kAlreadyExists));
        EXPECT_FALSE(created.error().message_vi.empty());
    }
    EXPECT_THAT(Count("SELECT count(*) FROM accounts"), IsOkAndHolds(3));
}

TEST_P(AccountStoreTest, KeepsChosenIdsAndContinuesAfterThem) {
    ports::Account fixed = MakeAccount("lanhdao");
    fixed.id = UserId{63};
    EXPECT_THAT(store_->CreateAccount(fixed), IsOk());
    const auto next = store_->CreateAccount(MakeAccount("khac"));
    ASSERT_THAT(next, IsOk());
    EXPECT_EQ(next->id, UserId{64});
}

TEST_P(AccountStoreTest, ListsByRoleAndAgencyInIdPages) {
    for (const auto& [name, role] : {std::pair{"a1", Role::kSpecialist},
                                     std::pair{"a2", Role::kCitizen},
                                     std::pair{"a3", Role::kSpecialist},
                                     std::pair{"a4", Role::kSpecialist},
                                     std::pair{"a5", Role::kAgencyLeader}}) {
        ASSERT_THAT(store_->CreateAccount(MakeAccount(name, role)), IsOk());
    }
    const auto names = [](const Result<std::vector<ports::Account>>& r) {
        std::vector<std::string> out;
        for (const ports::Account& a : *r) {
            out.push_back(a.username);
        }
        return out;
    };
    ports::AccountQuery q;
    EXPECT_THAT(names(store_->ListAccounts(q)),
                ::testing::ElementsAre("a1", "a2", "a3", "a4", "a5"));
    q.role = Role::kSpecialist;
    q.limit = 2;
    EXPECT_THAT(names(store_->ListAccounts(q)), ::testing::ElementsAre("a1", "a3"));
    q.after = UserId{3};
    EXPECT_THAT(names(store_->ListAccounts(q)), ::testing::ElementsAre("a4"));
    ports::AccountQuery by_agency;
    by_agency.agency_code = "000.00.05.H99";
    EXPECT_EQ(store_->ListAccounts(by_agency)->size(), 4U);
    by_agency.agency_code = "khac";
    EXPECT_TRUE(store_->ListAccounts(by_agency)->empty());
}

TEST_P(AccountStoreTest, CountsFailuresLocksAndRecordsSignIns) {
    const auto a = store_->CreateAccount(MakeAccount("kiemsoat"));
    ASSERT_THAT(a, IsOk());
    EXPECT_THAT(store_->AddLoginFailure(a->id), IsOkAndHolds(1));
    EXPECT_THAT(store_->AddLoginFailure(a->id), IsOkAndHolds(2));
    EXPECT_THAT(store_->LockAccount(a->id, kT0 + minutes{15}), IsOk());
    auto read = store_->AccountById(a->id);
    ASSERT_THAT(read, IsOk());
    EXPECT_EQ(read->failed_logins, 0);
    EXPECT_EQ(read->locked_until, kT0 + minutes{15});
    EXPECT_THAT(store_->AddLoginFailure(a->id), IsOkAndHolds(1));
    EXPECT_THAT(store_->RecordLogin(a->id, kT0 + hours{1}), IsOk());
    read = store_->AccountById(a->id);
    ASSERT_THAT(read, IsOk());
    EXPECT_EQ(read->failed_logins, 0);
    EXPECT_FALSE(read->locked_until.has_value());
    EXPECT_EQ(read->last_login_at, kT0 + hours{1});

    EXPECT_THAT(store_->AddLoginFailure(UserId{999}), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(store_->LockAccount(UserId{999}, kT0), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(store_->RecordLogin(UserId{999}, kT0), HasError(ErrorCode::kNotFound));
}

TEST_P(AccountStoreTest, UpdatesRoleAgencyNameAndDisables) {
    const auto a = store_->CreateAccount(MakeAccount("motcua", Role::kOneStopOfficer));
    ASSERT_THAT(a, IsOk());
    EXPECT_FALSE(a->disabled_at.has_value());
    EXPECT_THAT(store_->UpdateAccount(a->id, {Role::kAgencyLeader, "000.00.21.H99", "Đỗ Thị Lan"}),
                IsOk());
    EXPECT_THAT(store_->SetDisabled(a->id, kT0 + hours{1}), IsOk());
    auto read = store_->AccountById(a->id);
    ASSERT_THAT(read, IsOk());
    EXPECT_EQ(read->role, Role::kAgencyLeader);
    EXPECT_EQ(read->agency_code, "000.00.21.H99");
    EXPECT_EQ(read->display_name, "Đỗ Thị Lan");
    EXPECT_EQ(read->disabled_at, kT0 + hours{1});
    const auto listed = store_->ListAccounts({});
    ASSERT_THAT(listed, IsOk());
    ASSERT_EQ(listed->size(), 1U);
    EXPECT_EQ(listed->front(), *read);
    EXPECT_THAT(store_->SetDisabled(a->id, std::nullopt), IsOk());
    read = store_->AccountById(a->id);
    ASSERT_THAT(read, IsOk());
    EXPECT_FALSE(read->disabled_at.has_value());
    EXPECT_THAT(store_->UpdateAccount(UserId{999}, {}), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(store_->SetDisabled(UserId{999}, kT0), HasError(ErrorCode::kNotFound));
}

// ---- Sessions ------------------------------------------------------------------------------

TEST_P(AccountStoreTest, StoresTouchesAndDeletesSessions) {
    const auto a = store_->CreateAccount(MakeAccount("motcua"));
    const auto b = store_->CreateAccount(MakeAccount("chuyenvien"));
    ASSERT_THAT(a, IsOk());
    ASSERT_THAT(b, IsOk());
    const auto session = [&](std::string hash, UserId user, Instant at) {
        return ports::SessionRecord{
            std::move(hash), user, "csrf-" + std::to_string(user.value()), at, at, at + hours{12}};
    };
    const ports::SessionRecord s1 = session("h1", a->id, kT0);
    ASSERT_THAT(store_->CreateSession(s1), IsOk());
    ASSERT_THAT(store_->CreateSession(session("h2", a->id, kT0 + minutes{50})), IsOk());
    ASSERT_THAT(store_->CreateSession(session("h3", b->id, kT0 - hours{13})), IsOk());
    EXPECT_THAT(store_->CreateSession(s1), HasError(ErrorCode::kAlreadyExists));
    EXPECT_THAT(store_->SessionByTokenHash("h1"), IsOkAndHolds(s1));
    EXPECT_THAT(store_->SessionByTokenHash("nope"), HasError(ErrorCode::kNotFound));

    EXPECT_THAT(store_->TouchSession("h1", kT0 + minutes{10}), IsOk());
    EXPECT_EQ(store_->SessionByTokenHash("h1")->last_seen_at, kT0 + minutes{10});
    EXPECT_THAT(store_->TouchSession("nope", kT0), IsOk());

    // At T0+1h with a 30-minute idle timeout: h1 idle since T0+10m goes, h3 is past its end,
    // h2 (seen at T0+50m) stays.
    EXPECT_THAT(store_->DeleteExpiredSessions(kT0 + hours{1}, kT0 + minutes{30}), IsOkAndHolds(2));
    EXPECT_THAT(store_->SessionByTokenHash("h2"), IsOk());
    EXPECT_THAT(store_->DeleteSession("h2"), IsOk());
    EXPECT_THAT(store_->DeleteSession("h2"), IsOk());
    EXPECT_THAT(store_->SessionByTokenHash("h2"), HasError(ErrorCode::kNotFound));

    ASSERT_THAT(store_->CreateSession(session("h4", a->id, kT0)), IsOk());
    ASSERT_THAT(store_->CreateSession(session("h5", a->id, kT0)), IsOk());
    ASSERT_THAT(store_->CreateSession(session("h6", b->id, kT0)), IsOk());
    EXPECT_THAT(store_->DeleteSessionsOf(a->id), IsOkAndHolds(2));
    EXPECT_THAT(store_->SessionByTokenHash("h6"), IsOk());
}

// ---- API tokens ----------------------------------------------------------------------------

TEST_P(AccountStoreTest, StoresFindsRevokesAndTouchesApiTokens) {
    const auto a = store_->CreateAccount(MakeAccount("motcua"));
    ASSERT_THAT(a, IsOk());
    ports::ApiTokenRecord t;
    t.user = a->id;
    t.name = "Đồng bộ DVCQG";
    t.prefix = "mc_AbCdEfG";
    t.token_hash = "hash-1";
    t.created_at = kT0;
    t.expires_at = kT0 + hours{24 * 365};
    const auto id = store_->CreateApiToken(t);
    ASSERT_THAT(id, IsOk());
    t.id = *id;
    EXPECT_THAT(store_->ApiTokenByHash("hash-1"), IsOkAndHolds(t));
    EXPECT_THAT(store_->ApiTokenById(*id), IsOkAndHolds(t));
    ports::ApiTokenRecord second = t;
    second.token_hash = "hash-2";
    second.expires_at.reset();
    const auto id2 = store_->CreateApiToken(second);
    ASSERT_THAT(id2, IsOk());
    EXPECT_THAT(store_->CreateApiToken(second), HasError(ErrorCode::kAlreadyExists));
    const auto listed = store_->ApiTokensOf(a->id);
    ASSERT_THAT(listed, IsOk());
    ASSERT_EQ(listed->size(), 2U);
    EXPECT_EQ(listed->at(1).id, *id2);
    EXPECT_FALSE(listed->at(1).expires_at.has_value());

    EXPECT_THAT(store_->TouchApiToken(*id, kT0 + minutes{1}), IsOk());
    EXPECT_THAT(store_->RevokeApiToken(*id, kT0 + minutes{2}), IsOk());
    EXPECT_THAT(store_->RevokeApiToken(*id, kT0 + minutes{3}), IsOk());  // keeps the first time
    const auto revoked = store_->ApiTokenByHash("hash-1");
    ASSERT_THAT(revoked, IsOk());
    EXPECT_EQ(revoked->last_used_at, kT0 + minutes{1});
    EXPECT_EQ(revoked->revoked_at, kT0 + minutes{2});
    EXPECT_THAT(store_->RevokeApiToken(ApiTokenId{999}, kT0), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(store_->ApiTokenById(ApiTokenId{999}), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(store_->ApiTokenByHash("nope"), HasError(ErrorCode::kNotFound));
}

// ---- Pending registrations -----------------------------------------------------------------

TEST_P(AccountStoreTest, KeepsOneRegistrationPerContact) {
    ports::PendingRegistration r;
    r.contact = "0912345678";
    r.kind = ports::ContactKind::kPhone;
    r.display_name = "Nguyễn Thị Mai";
    r.password_hash = "$argon2id$…";
    r.code_salt = "salt";
    r.code_hash = "code-hash";
    r.created_at = kT0;
    r.expires_at = kT0 + minutes{10};
    ASSERT_THAT(store_->PutRegistration(r), IsOk());
    EXPECT_THAT(store_->RegistrationByContact("0912345678"), IsOkAndHolds(r));
    EXPECT_THAT(store_->ClaimCodeAttempt("0912345678"), IsOkAndHolds(1));
    EXPECT_THAT(store_->ClaimCodeAttempt("0912345678"), IsOkAndHolds(2));
    EXPECT_THAT(store_->ClaimCodeAttempt("0987654321"), HasError(ErrorCode::kNotFound));

    // Starting again replaces the row and its attempts.
    r.code_hash = "new-hash";
    r.created_at = kT0 + minutes{2};
    r.expires_at = kT0 + minutes{12};
    ASSERT_THAT(store_->PutRegistration(r), IsOk());
    EXPECT_THAT(store_->RegistrationByContact("0912345678"), IsOkAndHolds(r));

    ports::PendingRegistration email = r;
    email.contact = "mai@example.vn";
    email.kind = ports::ContactKind::kEmail;
    email.expires_at = kT0 + minutes{5};
    ASSERT_THAT(store_->PutRegistration(email), IsOk());
    EXPECT_THAT(store_->RegistrationByContact("mai@example.vn"), IsOkAndHolds(email));
    EXPECT_THAT(store_->DeleteExpiredRegistrations(kT0 + minutes{5}), IsOkAndHolds(1));
    EXPECT_THAT(store_->DeleteRegistration("0912345678"), IsOk());
    EXPECT_THAT(store_->DeleteRegistration("0912345678"), IsOk());
    EXPECT_THAT(store_->RegistrationByContact("0912345678"), HasError(ErrorCode::kNotFound));
}

// ---- Notification sink ---------------------------------------------------------------------

TEST_P(AccountStoreTest, TheSinkKeepsMessagesNewestFirst) {
    using ports::NotificationChannel;
    ASSERT_THAT(sink_->Send(NotificationChannel::kSms, "0912345678", "Đăng ký", "mã 111111"),
                IsOk());
    clock_.Advance(seconds{5});
    ASSERT_THAT(sink_->Send(NotificationChannel::kEmail, "mai@example.vn", "Đăng ký", "mã 2"),
                IsOk());
    clock_.Advance(seconds{5});
    ASSERT_THAT(sink_->Send(NotificationChannel::kSms, "0912345678", "Đăng ký", "mã 333333"),
                IsOk());
    const auto mine = sink_->Recent("0912345678");
    ASSERT_THAT(mine, IsOk());
    ASSERT_EQ(mine->size(), 2U);
    EXPECT_EQ(mine->at(0).text, "mã 333333");
    EXPECT_EQ(mine->at(0).channel, NotificationChannel::kSms);
    EXPECT_EQ(mine->at(0).created_at, kT0 + seconds{10});
    EXPECT_EQ(mine->at(1).text, "mã 111111");
    const auto all = sink_->Recent("", 2);
    ASSERT_THAT(all, IsOk());
    ASSERT_EQ(all->size(), 2U);
    EXPECT_EQ(all->at(1).to, "mai@example.vn");
    EXPECT_EQ(all->at(1).channel, NotificationChannel::kEmail);
    EXPECT_EQ(all->at(1).subject, "Đăng ký");
    EXPECT_TRUE(sink_->Recent("khong-ai")->empty());
}

// ---- The service over SQLite ---------------------------------------------------------------

TEST_P(AccountStoreTest, TheAccountServiceWorksOverSqlite) {
    namespace acc = core::accounts;
    acc::testing::FakePasswordHasher passwords;
    acc::testing::FakeSecretHasher secrets;
    acc::testing::FakeRandom random;
    random.codes = {"246810"};
    acc::AccountService service({*store_, passwords, secrets, random, *sink_}, clock_);

    ASSERT_THAT(service.StartRegistration("0912 345 678", "Nguyễn Thị Mai", "mat-khau-2026"),
                IsOk());
    const auto sms = sink_->Recent("0912345678", 1);
    ASSERT_THAT(sms, IsOk());
    ASSERT_EQ(sms->size(), 1U);
    EXPECT_THAT(sms->front().text, ::testing::HasSubstr("246810"));
    EXPECT_THAT(service.ConfirmRegistration("0912345678", "000000"),
                HasError(ErrorCode::kInvalidArgument));
    const auto confirmed = service.ConfirmRegistration("0912345678", "246810");
    ASSERT_THAT(confirmed, IsOk());

    clock_.Advance(minutes{10});
    const auto session = service.Authenticate(confirmed->session_token);
    ASSERT_THAT(session, IsOk());
    EXPECT_EQ(session->principal.username, "0912345678");
    EXPECT_EQ(session->expires_at, clock_.Now() + minutes{30});

    for (int i = 0; i < 5; ++i) {
        (void)service.Login("0912345678", "sai");
    }
    EXPECT_THAT(service.Login("0912345678", "mat-khau-2026"), HasError(ErrorCode::kUnavailable));
    clock_.Advance(minutes{15});
    const auto login = service.Login("0912345678", "mat-khau-2026");
    ASSERT_THAT(login, IsOk());
    EXPECT_THAT(service.Logout(login->session_token), IsOk());
    EXPECT_THAT(service.Authenticate(login->session_token), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(Count("SELECT count(*) FROM sessions"), IsOkAndHolds(1));
}

}  // namespace
}  // namespace motcua::storage::sqlite
