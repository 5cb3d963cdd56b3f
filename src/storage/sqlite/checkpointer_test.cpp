#include "storage/sqlite/checkpointer.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "common/testing/result_matchers.hpp"
#include "storage/sqlite/testing/test_db.hpp"
#include "storage/sqlite/writer.hpp"

namespace motcua::storage::sqlite {
namespace {

using testing::QueryInt;
using testing::TempDir;
using testing::WaitUntil;

// A file database with one table, and a writer whose connection has the checkpointer attached.
class CheckpointerTest : public ::testing::Test {
protected:
    void Open(int threshold) {
        path_ = dir_.File("wal.db");
        auto connection = Connection::Open(OpenOptions{.path = path_});
        ASSERT_THAT(connection, IsOk());
        ASSERT_THAT(connection->Exec("CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, "
                                     "payload TEXT NOT NULL)"),
                    IsOk());
        auto checkpointer =
            Checkpointer::Start(CheckpointerOptions{.path = path_, .threshold_frames = threshold});
        ASSERT_THAT(checkpointer, IsOk());
        checkpointer_ = std::move(*checkpointer);
        checkpointer_->Attach(*connection);
        WriterOptions options;
        options.between_batches = [c = checkpointer_.get()](Connection& writer) {
            c->FinishOnWriter(writer);
        };
        auto writer = Writer::Start(std::move(*connection), options);
        ASSERT_THAT(writer, IsOk());
        writer_ = std::move(*writer);
    }

    // One transaction of `n` rows of 3,000 bytes: about one WAL frame per row.
    void Insert(int n) {
        ASSERT_THAT(writer_->Execute([&](Connection& c) -> Result<void> {
            MOTCUA_ASSIGN_OR_RETURN(CachedStatement st,
                                    c.Cached("INSERT INTO rows(id, payload) VALUES(?1, ?2)"));
            const std::string payload(3000, 'x');
            for (int i = 0; i < n; ++i) {
                MOTCUA_TRY(st->BindAll(next_++, std::string_view(payload)));
                MOTCUA_TRY(st->Run());
                st->Reset();
            }
            return {};
        }),
                    IsOk());
    }

    std::uintmax_t WalBytes() const { return std::filesystem::file_size(path_ + "-wal"); }

    TempDir dir_;
    std::string path_;
    std::unique_ptr<Checkpointer> checkpointer_;  // outlives the writer's connection
    std::unique_ptr<Writer> writer_;
    std::int64_t next_ = 1;
};

// The writer's commits never checkpoint: below the threshold nothing is copied back and the WAL
// keeps every frame (SQLite alone would have checkpointed at 1000 frames).
TEST_F(CheckpointerTest, CommitsDoNotCheckpoint) {
    ASSERT_NO_FATAL_FAILURE(Open(1'000'000));
    ASSERT_NO_FATAL_FAILURE(Insert(1200));
    const CheckpointerStats stats = checkpointer_->Stats();
    EXPECT_EQ(stats.checkpoints, 0U);
    EXPECT_GE(stats.last_wal_frames, 1200);
    EXPECT_GE(WalBytes(), 1200U * 4096U);
}

// Past the threshold the hook wakes the thread, which checkpoints what was committed.
TEST_F(CheckpointerTest, ThresholdWakesTheThread) {
    ASSERT_NO_FATAL_FAILURE(Open(50));
    ASSERT_NO_FATAL_FAILURE(Insert(60));
    WaitUntil([&] { return checkpointer_->Stats().checkpoints >= 1; });
    EXPECT_EQ(checkpointer_->Stats().failures, 0U);
    EXPECT_GT(checkpointer_->Stats().last_backfilled, 0);
    // Every committed row is still there, read from a fresh connection.
    auto reader = Connection::Open(OpenOptions{.path = path_, .read_only = true});
    ASSERT_THAT(reader, IsOk());
    EXPECT_THAT(QueryInt(*reader, "SELECT count(*) FROM rows"), IsOkAndHolds(60));
}

// The background pass cannot finish while the writer commits; the writer then copies the rest
// between two batches, and its next transaction writes the WAL from the beginning again.
TEST_F(CheckpointerTest, TheWriterFinishesThePassAndTheWalStartsOver) {
    ASSERT_NO_FATAL_FAILURE(Open(50));
    ASSERT_NO_FATAL_FAILURE(Insert(60));
    WaitUntil([&] { return checkpointer_->Stats().checkpoints >= 1; });
    const int before = checkpointer_->Stats().last_wal_frames;
    ASSERT_GE(before, 60);
    ASSERT_NO_FATAL_FAILURE(Insert(1));  // after this batch the writer finishes the pass
    WaitUntil([&] { return checkpointer_->Stats().finished_on_writer >= 1; });
    ASSERT_NO_FATAL_FAILURE(Insert(1));  // this transaction starts the WAL over
    EXPECT_LT(checkpointer_->Stats().last_wal_frames, 10);
    EXPECT_EQ(checkpointer_->Stats().failures, 0U);
}

TEST_F(CheckpointerTest, CheckpointNowCopiesEverythingCommitted) {
    ASSERT_NO_FATAL_FAILURE(Open(1'000'000));
    ASSERT_NO_FATAL_FAILURE(Insert(20));
    ASSERT_THAT(checkpointer_->CheckpointNow(), IsOk());
    const CheckpointerStats stats = checkpointer_->Stats();
    EXPECT_EQ(stats.checkpoints, 1U);
    EXPECT_EQ(stats.last_backfilled, stats.last_wal_frames);
    // The WAL restarts from its beginning at the next write.
    ASSERT_NO_FATAL_FAILURE(Insert(1));
    EXPECT_LT(checkpointer_->Stats().last_wal_frames, stats.last_wal_frames);
}

TEST_F(CheckpointerTest, StopIsIdempotentAndRefusesLaterRequests) {
    ASSERT_NO_FATAL_FAILURE(Open(10));
    writer_.reset();
    checkpointer_->Stop();
    checkpointer_->Stop();
    EXPECT_THAT(checkpointer_->CheckpointNow(), HasError(ErrorCode::kUnavailable));
}

TEST(Checkpointer, ThresholdMustBePositive) {
    TempDir dir;
    EXPECT_THAT(
        Checkpointer::Start(CheckpointerOptions{.path = dir.File("x.db"), .threshold_frames = 0}),
        HasError(ErrorCode::kInvalidArgument));
}

}  // namespace
}  // namespace motcua::storage::sqlite
