// Error paths under injected I/O faults (STYLE.md §7): a failing fsync or a full disk at COMMIT
// must fail every job of the batch, apply nothing, and leave the writer able to carry on.
#include <atomic>
#include <cstdint>
#include <future>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/testing/result_matchers.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/testing/fault_injecting_vfs.hpp"
#include "storage/sqlite/testing/test_db.hpp"
#include "storage/sqlite/transaction.hpp"
#include "storage/sqlite/writer.hpp"

namespace motcua::storage::sqlite {
namespace {

using testing::FaultInjectingVfs;
using ::testing::HasSubstr;
using testing::QueryInt;

std::unique_ptr<FaultInjectingVfs> RegisterVfs() {
    static std::atomic<int> counter{0};
    auto vfs = FaultInjectingVfs::Register("motcua_fault_" + std::to_string(counter++));
    EXPECT_THAT(vfs, IsOk());
    return vfs ? std::move(*vfs) : nullptr;
}

Result<void> Insert(Connection& c, std::int64_t id) {
    MOTCUA_ASSIGN_OR_RETURN(CachedStatement insert, c.Cached("INSERT INTO t (id) VALUES (?1)"));
    MOTCUA_TRY(insert->Bind(1, id));
    return insert->Run();
}

class FaultInjection : public ::testing::Test {
protected:
    void SetUp() override {
        vfs_ = RegisterVfs();
        ASSERT_NE(vfs_, nullptr);
        path_ = dir_.File("faulty.db");
    }

    Result<Connection> Open() {
        return Connection::Open(OpenOptions{.path = path_, .vfs = vfs_->Name()});
    }

    // Rows as seen by a fresh connection through the default VFS.
    Result<std::int64_t> CommittedRows() {
        MOTCUA_ASSIGN_OR_RETURN(Connection reader,
                                Connection::Open(OpenOptions{.path = path_, .read_only = true}));
        return QueryInt(reader, "SELECT count(*) FROM t");
    }

    // Runs `kJobs` inserts in one writer batch whose first job arms `arm`; returns their
    // outcomes.
    template <class Arm>
    std::vector<Result<void>> FailingBatch(Writer& writer, Arm arm, int jobs) {
        std::vector<std::future<Result<void>>> futures;
        std::promise<void> entered;
        std::promise<void> release;
        auto gate = writer.Submit([&](Connection&) -> Result<void> {
            entered.set_value();
            release.get_future().wait();
            return {};
        });
        entered.get_future().wait();
        futures.push_back(writer.Submit([arm](Connection&) -> Result<void> {
            arm();
            return {};
        }));
        for (int i = 0; i < jobs; ++i) {
            futures.push_back(writer.Submit([i](Connection& c) { return Insert(c, 100 + i); }));
        }
        release.set_value();
        EXPECT_THAT(gate.get(), IsOk());
        std::vector<Result<void>> results;
        results.reserve(futures.size());
        for (auto& future : futures) {
            results.push_back(future.get());
        }
        return results;
    }

    testing::TempDir dir_;
    std::unique_ptr<FaultInjectingVfs> vfs_;
    std::string path_;
};

TEST_F(FaultInjection, AFailedFsyncFailsTheCommitAndRollsBack) {
    auto db = Open();
    ASSERT_THAT(db, IsOk());
    ASSERT_THAT(db->Exec("CREATE TABLE t (id INTEGER PRIMARY KEY)"), IsOk());
    auto tx = Transaction::Begin(*db);
    ASSERT_THAT(tx, IsOk());
    ASSERT_THAT(Insert(*db, 1), IsOk());
    vfs_->FailSyncs(true);
    auto committed = tx->Commit();
    vfs_->FailSyncs(false);
    EXPECT_THAT(committed, HasError(ErrorCode::kUnavailable));
    EXPECT_THAT(committed.error().message, HasSubstr("I/O"));
    EXPECT_GE(vfs_->FailedSyncs(), 1U);
    EXPECT_FALSE(db->InTransaction());
    EXPECT_THAT(CommittedRows(), IsOkAndHolds(0));
    EXPECT_THAT(QueryInt(*db, "SELECT count(*) FROM t"), IsOkAndHolds(0));
    // The connection recovers.
    ASSERT_THAT(Insert(*db, 2), IsOk());
    EXPECT_THAT(CommittedRows(), IsOkAndHolds(1));
}

TEST_F(FaultInjection, AWriterCommitThatCannotSyncFailsEveryJobOfItsBatch) {
    auto db = Open();
    ASSERT_THAT(db, IsOk());
    ASSERT_THAT(db->Exec("CREATE TABLE t (id INTEGER PRIMARY KEY)"), IsOk());
    auto writer = Writer::Start(std::move(*db));
    ASSERT_THAT(writer, IsOk());
    ASSERT_THAT((*writer)->Execute([](Connection& c) { return Insert(c, 1); }), IsOk());

    constexpr int kJobs = 20;
    FaultInjectingVfs* vfs = vfs_.get();
    const std::vector<Result<void>> results = FailingBatch(
        **writer, [vfs] { vfs->FailSyncs(true); }, kJobs);
    vfs_->FailSyncs(false);

    ASSERT_EQ(results.size(), kJobs + 1U);
    for (const Result<void>& result : results) {
        EXPECT_THAT(result, HasError(ErrorCode::kUnavailable));
    }
    const WriterStats stats = (*writer)->Stats();
    EXPECT_EQ(stats.failed_commits, 1U);
    EXPECT_EQ(stats.failed_jobs, kJobs + 1U);
    EXPECT_EQ(stats.max_batch_seen, kJobs + 1U);
    EXPECT_THAT(CommittedRows(), IsOkAndHolds(1));  // Nothing of the batch is applied.

    // The writer carries on once the disk behaves again.
    ASSERT_THAT((*writer)->Execute([](Connection& c) { return Insert(c, 2); }), IsOk());
    ASSERT_THAT((*writer)->Execute([](Connection& c) { return Insert(c, 100); }), IsOk());
    EXPECT_THAT(CommittedRows(), IsOkAndHolds(3));
}

TEST_F(FaultInjection, ADiskFullAtCommitFailsTheBatchWithUnavailable) {
    auto db = Open();
    ASSERT_THAT(db, IsOk());
    ASSERT_THAT(db->Exec("CREATE TABLE t (id INTEGER PRIMARY KEY)"), IsOk());
    auto writer = Writer::Start(std::move(*db));
    ASSERT_THAT(writer, IsOk());

    FaultInjectingVfs* vfs = vfs_.get();
    const std::vector<Result<void>> results = FailingBatch(
        **writer, [vfs] { vfs->FailWrites(true); }, 5);
    vfs_->FailWrites(false);
    for (const Result<void>& result : results) {
        EXPECT_THAT(result, HasError(ErrorCode::kUnavailable));
    }
    EXPECT_GE(vfs_->FailedWrites(), 1U);
    EXPECT_THAT(CommittedRows(), IsOkAndHolds(0));
    ASSERT_THAT((*writer)->Execute([](Connection& c) { return Insert(c, 1); }), IsOk());
    EXPECT_THAT(CommittedRows(), IsOkAndHolds(1));
}

}  // namespace
}  // namespace motcua::storage::sqlite
