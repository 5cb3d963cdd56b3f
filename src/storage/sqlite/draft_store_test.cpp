// SqliteDraftStore against ":memory:" and a file database: the answers come back byte for byte,
// compare-and-set on the version, the atomic per-owner limit, open lists newest first, discarded
// drafts lose their answers but stay for the statistics; and SqliteKpiStore::DraftsStarted,
// which the settlement report reads.
#include "storage/sqlite/draft_store.hpp"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/testing/result_matchers.hpp"
#include "core/calendar/civil_time.hpp"
#include "storage/sqlite/account_store.hpp"
#include "storage/sqlite/kpi_store.hpp"
#include "storage/sqlite/testing/test_db.hpp"

namespace motcua::storage::sqlite {
namespace {

namespace ports = core::ports;
namespace cal = core::calendar;
using core::model::UserId;
using ports::Draft;
using ports::DraftId;
using std::chrono::days;
using std::chrono::minutes;
using testing::DbKind;
using testing::DbKindName;
using testing::DbTest;

// Vietnamese civil time → UTC instant.
Instant Utc(std::string_view local) {
    return cal::ToInstant(*cal::ParseDateTime(local));
}

class DraftStoreTest : public DbTest {
protected:
    void SetUp() override {
        DatabaseOptions options;
        options.path = DbPath();
        auto db = Database::Open(options);
        ASSERT_THAT(db, IsOk());
        db_ = std::move(*db);
        store_ = std::make_unique<SqliteDraftStore>(*db_);
        SqliteAccountStore accounts(*db_);
        for (const char* name : {"congdan1", "congdan2"}) {
            ports::Account a;
            a.username = name;
            a.display_name = name;
            a.role = core::workflow::Role::kCitizen;
            a.password_hash = "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$aGFzaA";
            a.created_at = Utc("2026-01-01T00:00");
            auto created = accounts.CreateAccount(a);
            ASSERT_THAT(created, IsOk());
            owners_.push_back(created->id);
        }
    }

    Draft Make(std::string id, std::size_t owner, std::string_view created) {
        Draft d;
        d.id = DraftId{std::move(id)};
        d.owner = owners_.at(owner);
        d.procedure_code = "1.001193";
        d.agency_code = "000.00.21.H99";
        d.answers = R"({"applicant": {"name": "Nguyễn Thị Mai"}, "b": [1, 2.50, "\u00e9"]})";
        d.attachments = {std::string(64, 'a'), std::string(64, 'b')};
        d.created_at = Utc(created);
        d.updated_at = d.created_at;
        d.expires_at = d.created_at + days{30};
        return d;
    }

    Result<std::int64_t> Count(std::string_view sql) {
        return db_->Read([&](Connection& c) { return testing::QueryInt(c, sql); });
    }

    std::unique_ptr<Database> db_;
    std::unique_ptr<SqliteDraftStore> store_;
    std::vector<UserId> owners_;
};

INSTANTIATE_TEST_SUITE_P(Db,
                         DraftStoreTest,
                         ::testing::Values(DbKind::kMemory, DbKind::kFile),
                         DbKindName);

TEST_P(DraftStoreTest, InsertAndGetRoundTripVerbatim) {
    Draft d = Make("abc_DEF-123", 0, "2026-03-02T09:00");
    d.created_at += std::chrono::microseconds{123456};
    ASSERT_THAT(store_->Insert(d, 50), IsOkAndHolds(true));
    EXPECT_THAT(store_->Get(d.id), IsOkAndHolds(d));
    EXPECT_THAT(store_->Get(DraftId{"nope"}), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(store_->Insert(d, 50), HasError(ErrorCode::kAlreadyExists));
    // Large answers survive unchanged.
    Draft big = Make("big", 0, "2026-03-02T09:01");
    big.answers = "{\"x\":\"" + std::string(256 * 1024 - 8, 'y') + "\"}";
    ASSERT_THAT(store_->Insert(big, 50), IsOkAndHolds(true));
    EXPECT_EQ(store_->Get(big.id)->answers, big.answers);
}

TEST_P(DraftStoreTest, ReplaceComparesTheVersion) {
    const Draft d = Make("d1", 0, "2026-03-02T09:00");
    ASSERT_THAT(store_->Insert(d, 50), IsOkAndHolds(true));
    Draft next = d;
    next.answers = "{}";
    next.attachments.clear();
    next.agency_code = "";
    next.version = 2;
    next.updated_at = d.created_at + minutes{5};
    next.expires_at = next.updated_at + days{30};
    ASSERT_THAT(store_->Replace(next, 1), IsOk());
    EXPECT_THAT(store_->Get(d.id), IsOkAndHolds(next));
    // A second writer that read version 1 is refused; nothing changes.
    Draft stale = d;
    stale.version = 2;
    EXPECT_THAT(store_->Replace(stale, 1), HasError(ErrorCode::kConflict));
    EXPECT_THAT(store_->Get(d.id), IsOkAndHolds(next));
    Draft missing = next;
    missing.id = DraftId{"missing"};
    EXPECT_THAT(store_->Replace(missing, 2), HasError(ErrorCode::kNotFound));

    // Submitted.
    Draft submitted = next;
    submitted.version = 3;
    submitted.dossier_code = "000.00.21.H99-260302-0001";
    submitted.submitted_at = d.created_at + minutes{7};
    ASSERT_THAT(store_->Replace(submitted, 2), IsOk());
    EXPECT_THAT(store_->Get(d.id), IsOkAndHolds(submitted));
}

TEST_P(DraftStoreTest, TheOpenLimitIsCheckedAtomicallyPerOwner) {
    ASSERT_THAT(store_->Insert(Make("a", 0, "2026-03-02T09:00"), 2), IsOkAndHolds(true));
    ASSERT_THAT(store_->Insert(Make("b", 0, "2026-03-02T09:01"), 2), IsOkAndHolds(true));
    EXPECT_THAT(store_->Insert(Make("c", 0, "2026-03-02T09:02"), 2), IsOkAndHolds(false));
    EXPECT_THAT(store_->Get(DraftId{"c"}), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(store_->Insert(Make("x", 1, "2026-03-02T09:02"), 2), IsOkAndHolds(true));
    // Submitted, discarded and expired drafts do not count.
    Draft a = *store_->Get(DraftId{"a"});
    a.version = 2;
    a.submitted_at = a.created_at;
    a.dossier_code = "X";
    ASSERT_THAT(store_->Replace(a, 1), IsOk());
    EXPECT_THAT(store_->Insert(Make("c", 0, "2026-03-02T09:03"), 2), IsOkAndHolds(true));
    ASSERT_THAT(store_->Discard(DraftId{"b"}, 1, Utc("2026-03-02T09:04")), IsOk());
    EXPECT_THAT(store_->Insert(Make("d", 0, "2026-03-02T09:05"), 2), IsOkAndHolds(true));
    // c and d are open; 31 days later both have expired.
    EXPECT_THAT(store_->Insert(Make("e", 0, "2026-04-03T09:00"), 2), IsOkAndHolds(true));
}

TEST_P(DraftStoreTest, ListOpenIsNewestFirstWithoutAnswers) {
    ASSERT_THAT(store_->Insert(Make("old", 0, "2026-03-01T09:00"), 50), IsOkAndHolds(true));
    ASSERT_THAT(store_->Insert(Make("new", 0, "2026-03-02T09:00"), 50), IsOkAndHolds(true));
    ASSERT_THAT(store_->Insert(Make("gone", 0, "2026-01-01T09:00"), 50), IsOkAndHolds(true));
    ASSERT_THAT(store_->Insert(Make("other", 1, "2026-03-02T09:00"), 50), IsOkAndHolds(true));
    Draft old = *store_->Get(DraftId{"old"});
    old.version = 2;
    old.updated_at = Utc("2026-03-03T09:00");
    old.expires_at = old.updated_at + days{30};
    ASSERT_THAT(store_->Replace(old, 1), IsOk());

    const auto list = store_->ListOpen(owners_[0], Utc("2026-03-04T00:00"), 50);
    ASSERT_THAT(list, IsOk());
    ASSERT_EQ(list->size(), 2U);  // "gone" expired on 2026-01-31
    EXPECT_EQ((*list)[0].id.value(), "old");
    EXPECT_EQ((*list)[1].id.value(), "new");
    EXPECT_TRUE((*list)[0].answers.empty());
    EXPECT_EQ((*list)[0].attachments.size(), 2U);
    EXPECT_THAT(store_->ListOpen(owners_[0], Utc("2026-03-04T00:00"), 1),
                IsOkAndHolds(::testing::SizeIs(1)));
}

TEST_P(DraftStoreTest, DiscardedDraftsLoseTheirAnswersButStayCounted) {
    ASSERT_THAT(store_->Insert(Make("mine", 0, "2026-03-02T09:00"), 50), IsOkAndHolds(true));
    EXPECT_THAT(store_->Discard(DraftId{"mine"}, 7, Utc("2026-03-02T10:00")),
                HasError(ErrorCode::kConflict));
    ASSERT_THAT(store_->Discard(DraftId{"mine"}, 1, Utc("2026-03-02T10:00")), IsOk());
    EXPECT_THAT(store_->Get(DraftId{"mine"}), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(store_->Discard(DraftId{"mine"}, 2, Utc("2026-03-02T10:00")),
                HasError(ErrorCode::kNotFound));
    EXPECT_THAT(Count("SELECT count(*) FROM drafts WHERE id = 'mine' AND answers = '' AND "
                      "attachments = '[]' AND discarded_at IS NOT NULL"),
                IsOkAndHolds(1));

    ASSERT_THAT(store_->Insert(Make("e1", 0, "2026-01-01T09:00"), 50), IsOkAndHolds(true));
    ASSERT_THAT(store_->Insert(Make("e2", 1, "2026-01-02T09:00"), 50), IsOkAndHolds(true));
    ASSERT_THAT(store_->Insert(Make("live", 1, "2026-03-01T09:00"), 50), IsOkAndHolds(true));
    EXPECT_THAT(store_->DiscardExpired(Utc("2026-03-02T11:00"), 1), IsOkAndHolds(1));
    EXPECT_THAT(store_->DiscardExpired(Utc("2026-03-02T11:00"), 100), IsOkAndHolds(1));
    EXPECT_THAT(store_->DiscardExpired(Utc("2026-03-02T11:00"), 100), IsOkAndHolds(0));
    EXPECT_THAT(store_->Get(DraftId{"live"}), IsOk());
    EXPECT_THAT(Count("SELECT count(*) FROM drafts WHERE answers = ''"), IsOkAndHolds(3));
}

TEST_P(DraftStoreTest, KpiDraftsStartedInAPeriod) {
    // September 2026 (civil days). Started on the 1st at 00:10 (UTC: Aug 31, 17:10): in.
    Draft a = Make("a", 0, "2026-09-01T00:10");
    Draft b = Make("b", 0, "2026-09-15T08:00");
    Draft c = Make("c", 1, "2026-09-30T23:50");
    Draft d = Make("d", 1, "2026-09-20T08:00");
    Draft before = Make("before", 1, "2026-08-31T23:59");
    Draft after = Make("after", 1, "2026-10-01T00:00");
    for (const Draft* x : {&a, &b, &c, &d, &before, &after}) {
        ASSERT_THAT(store_->Insert(*x, 50), IsOkAndHolds(true));
    }
    // a submitted after 25 minutes 30 seconds; c after 20 minutes (in October: not counted as
    // submitted); d deleted (still started); b open.
    const auto submit = [&](Draft x, Instant at) {
        x.version = 2;
        x.submitted_at = at;
        x.dossier_code = "code-" + x.id.value();
        x.agency_code = "000.00.22.H99";
        ASSERT_THAT(store_->Replace(x, 1), IsOk());
    };
    submit(a, a.created_at + minutes{25} + std::chrono::seconds{30});
    submit(c, c.created_at + minutes{20});
    ASSERT_THAT(store_->Discard(d.id, 1, d.created_at + minutes{1}), IsOk());

    SqliteKpiStore kpi(*db_);
    const auto tallies =
        kpi.DraftsStarted(*cal::ParseDate("2026-09-01"), *cal::ParseDate("2026-09-30"));
    ASSERT_THAT(tallies, IsOk());
    using core::kpi::DraftTally;
    EXPECT_THAT(*tallies,
                ::testing::UnorderedElementsAre(
                    DraftTally{"000.00.21.H99", "1.001193", std::nullopt, 2},  // b, d
                    DraftTally{"000.00.22.H99", "1.001193", std::nullopt, 1},  // c
                    DraftTally{"000.00.22.H99", "1.001193", 1530, 1}));        // a
    // The whole of 2026 counts c as submitted too, and the drafts on either side.
    const auto year =
        kpi.DraftsStarted(*cal::ParseDate("2026-01-01"), *cal::ParseDate("2026-12-31"));
    ASSERT_THAT(year, IsOk());
    std::int64_t started = 0;
    std::int64_t submitted = 0;
    for (const DraftTally& t : *year) {
        started += t.count;
        submitted += t.seconds_to_submit ? t.count : 0;
    }
    EXPECT_EQ(started, 6);
    EXPECT_EQ(submitted, 2);
}

}  // namespace
}  // namespace motcua::storage::sqlite
