#include "storage/sqlite/transaction.hpp"

#include <string>
#include <utility>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/testing/result_matchers.hpp"
#include "storage/sqlite/testing/test_db.hpp"

namespace motcua::storage::sqlite {
namespace {

using testing::DbKind;
using testing::QueryInt;

class TransactionContract : public testing::DbTest {
protected:
    void SetUp() override {
        auto db = Open();
        ASSERT_THAT(db, IsOk());
        db_.emplace(std::move(*db));
        ASSERT_THAT(db_->Exec("CREATE TABLE t (x INTEGER PRIMARY KEY)"), IsOk());
    }

    Result<void> Insert(int x) {
        MOTCUA_ASSIGN_OR_RETURN(Statement insert, db_->Prepare("INSERT INTO t VALUES (?1)"));
        MOTCUA_TRY(insert.Bind(1, x));
        return insert.Run();
    }

    Result<std::int64_t> Count() { return QueryInt(*db_, "SELECT count(*) FROM t"); }

    Result<std::int64_t> Has(int x) {
        MOTCUA_ASSIGN_OR_RETURN(Statement select,
                                db_->Prepare("SELECT count(*) FROM t WHERE x = ?1"));
        MOTCUA_TRY(select.Bind(1, x));
        MOTCUA_TRY(select.Step());
        return select.ColumnInt64(0);
    }

    std::optional<Connection> db_;
};

INSTANTIATE_TEST_SUITE_P(Db,
                         TransactionContract,
                         ::testing::Values(DbKind::kMemory, DbKind::kFile),
                         testing::DbKindName);

TEST_P(TransactionContract, CommitKeepsTheChanges) {
    auto tx = Transaction::Begin(*db_);
    ASSERT_THAT(tx, IsOk());
    EXPECT_TRUE(db_->InTransaction());
    ASSERT_THAT(Insert(1), IsOk());
    EXPECT_THAT(tx->Commit(), IsOk());
    EXPECT_FALSE(db_->InTransaction());
    EXPECT_THAT(Count(), IsOkAndHolds(1));
    EXPECT_THAT(tx->Commit(), HasError(ErrorCode::kFailedPrecondition));
}

TEST_P(TransactionContract, RollsBackWhenDestroyedWithoutCommit) {
    {
        auto tx = Transaction::Begin(*db_);
        ASSERT_THAT(tx, IsOk());
        ASSERT_THAT(Insert(1), IsOk());
        EXPECT_THAT(Count(), IsOkAndHolds(1));
    }
    EXPECT_FALSE(db_->InTransaction());
    EXPECT_THAT(Count(), IsOkAndHolds(0));
}

TEST_P(TransactionContract, ExplicitRollbackUndoes) {
    for (const auto mode : {Transaction::Mode::kDeferred,
                            Transaction::Mode::kImmediate,
                            Transaction::Mode::kExclusive}) {
        auto tx = Transaction::Begin(*db_, mode);
        ASSERT_THAT(tx, IsOk());
        ASSERT_THAT(Insert(1), IsOk());
        EXPECT_THAT(tx->Rollback(), IsOk());
        EXPECT_THAT(tx->Rollback(), HasError(ErrorCode::kFailedPrecondition));
        EXPECT_THAT(Count(), IsOkAndHolds(0));
    }
}

TEST_P(TransactionContract, AMovedGuardStillOwnsTheTransaction) {
    auto tx = Transaction::Begin(*db_);
    ASSERT_THAT(tx, IsOk());
    ASSERT_THAT(Insert(1), IsOk());
    Transaction moved = std::move(*tx);
    EXPECT_THAT(tx->Commit(), HasError(ErrorCode::kFailedPrecondition));
    EXPECT_THAT(moved.Commit(), IsOk());
    EXPECT_THAT(Count(), IsOkAndHolds(1));
}

TEST_P(TransactionContract, BeginInsideATransactionIsRefused) {
    auto tx = Transaction::Begin(*db_);
    ASSERT_THAT(tx, IsOk());
    EXPECT_THAT(Transaction::Begin(*db_), HasError(ErrorCode::kFailedPrecondition));
    EXPECT_THAT(tx->Commit(), IsOk());
}

TEST_P(TransactionContract, ARolledBackSavepointUndoesOnlyItsOwnWork) {
    auto tx = Transaction::Begin(*db_);
    ASSERT_THAT(tx, IsOk());
    ASSERT_THAT(Insert(1), IsOk());
    {
        auto sp = Savepoint::Begin(*db_, "job");
        ASSERT_THAT(sp, IsOk());
        ASSERT_THAT(Insert(2), IsOk());
        EXPECT_THAT(sp->Rollback(), IsOk());
        EXPECT_THAT(sp->Rollback(), HasError(ErrorCode::kFailedPrecondition));
    }
    {
        auto sp = Savepoint::Begin(*db_, "job");
        ASSERT_THAT(sp, IsOk());
        ASSERT_THAT(Insert(3), IsOk());
        // Destroyed without Release: rolled back too.
    }
    {
        auto sp = Savepoint::Begin(*db_, "job");
        ASSERT_THAT(sp, IsOk());
        ASSERT_THAT(Insert(4), IsOk());
        EXPECT_THAT(sp->Release(), IsOk());
    }
    EXPECT_TRUE(db_->InTransaction());
    ASSERT_THAT(Insert(5), IsOk());
    ASSERT_THAT(tx->Commit(), IsOk());
    EXPECT_THAT(Count(), IsOkAndHolds(3));
    EXPECT_THAT(Has(1), IsOkAndHolds(1));
    EXPECT_THAT(Has(2), IsOkAndHolds(0));
    EXPECT_THAT(Has(3), IsOkAndHolds(0));
    EXPECT_THAT(Has(4), IsOkAndHolds(1));
    EXPECT_THAT(Has(5), IsOkAndHolds(1));
}

TEST_P(TransactionContract, NestedSavepointsRollBackInnerFirst) {
    auto tx = Transaction::Begin(*db_);
    ASSERT_THAT(tx, IsOk());
    auto outer = Savepoint::Begin(*db_, "outer");
    ASSERT_THAT(outer, IsOk());
    ASSERT_THAT(Insert(1), IsOk());
    {
        auto inner = Savepoint::Begin(*db_, "inner");
        ASSERT_THAT(inner, IsOk());
        ASSERT_THAT(Insert(2), IsOk());
        EXPECT_THAT(inner->Release(), IsOk());
    }
    EXPECT_THAT(outer->Rollback(), IsOk());  // Takes the released inner work with it.
    ASSERT_THAT(tx->Commit(), IsOk());
    EXPECT_THAT(Count(), IsOkAndHolds(0));
}

TEST_P(TransactionContract, ASavepointWithoutTransactionCommitsOnRelease) {
    auto sp = Savepoint::Begin(*db_);
    ASSERT_THAT(sp, IsOk());
    EXPECT_TRUE(db_->InTransaction());
    ASSERT_THAT(Insert(1), IsOk());
    EXPECT_THAT(sp->Release(), IsOk());
    EXPECT_FALSE(db_->InTransaction());
    EXPECT_THAT(Count(), IsOkAndHolds(1));
}

TEST_P(TransactionContract, SavepointNamesMustBeIdentifiers) {
    EXPECT_THAT(Savepoint::Begin(*db_, "x; DROP TABLE t"), HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(Savepoint::Begin(*db_, "1abc"), HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(Savepoint::Begin(*db_, ""), HasError(ErrorCode::kInvalidArgument));
    EXPECT_FALSE(db_->InTransaction());
}

TEST(Transaction, ALockedDatabaseIsUnavailable) {
    testing::TempDir dir;
    const std::string path = dir.File("busy.db");
    auto first = Connection::Open(OpenOptions{.path = path});
    ASSERT_THAT(first, IsOk());
    auto second = Connection::Open(OpenOptions{.path = path, .busy_timeout_ms = 0});
    ASSERT_THAT(second, IsOk());
    auto holding = Transaction::Begin(*first, Transaction::Mode::kImmediate);
    ASSERT_THAT(holding, IsOk());
    auto refused = Transaction::Begin(*second, Transaction::Mode::kImmediate);
    EXPECT_THAT(refused, HasError(ErrorCode::kUnavailable));
    EXPECT_FALSE(refused.error().message_vi.empty());
    EXPECT_FALSE(second->InTransaction());
    EXPECT_THAT(holding->Commit(), IsOk());
    EXPECT_THAT(Transaction::Begin(*second, Transaction::Mode::kImmediate), IsOk());
}

TEST(Transaction, UncommittedWorkIsInvisibleToOtherConnections) {
    testing::TempDir dir;
    const std::string path = dir.File("isolation.db");
    auto writer = Connection::Open(OpenOptions{.path = path});
    ASSERT_THAT(writer, IsOk());
    ASSERT_THAT(writer->Exec("CREATE TABLE t (x)"), IsOk());
    auto reader = Connection::Open(OpenOptions{.path = path, .read_only = true});
    ASSERT_THAT(reader, IsOk());
    auto tx = Transaction::Begin(*writer);
    ASSERT_THAT(tx, IsOk());
    ASSERT_THAT(writer->Exec("INSERT INTO t VALUES (1)"), IsOk());
    EXPECT_THAT(QueryInt(*reader, "SELECT count(*) FROM t"), IsOkAndHolds(0));
    ASSERT_THAT(tx->Commit(), IsOk());
    EXPECT_THAT(QueryInt(*reader, "SELECT count(*) FROM t"), IsOkAndHolds(1));
}

}  // namespace
}  // namespace motcua::storage::sqlite
