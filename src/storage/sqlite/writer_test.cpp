#include "storage/sqlite/writer.hpp"

#include <atomic>
#include <cstdint>
#include <future>
#include <latch>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/testing/result_matchers.hpp"
#include "storage/sqlite/testing/test_db.hpp"
#include "storage/sqlite/transaction.hpp"

namespace motcua::storage::sqlite {
namespace {

using testing::DbKind;
using ::testing::HasSubstr;
using testing::QueryInt;
using testing::QueryText;
using testing::WaitUntil;

constexpr std::string_view kSchema =
    "CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, thread INTEGER NOT NULL, seq INTEGER "
    "NOT NULL,"
    " UNIQUE (thread, seq))";

// Inserts row `id` (thread and seq 0 unless given).
Result<void> InsertRow(Connection& c,
                       std::int64_t id,
                       std::int64_t thread = 0,
                       std::int64_t seq = -1) {
    MOTCUA_ASSIGN_OR_RETURN(CachedStatement insert,
                            c.Cached("INSERT INTO rows (id, thread, seq) VALUES (?1, ?2, ?3)"));
    MOTCUA_TRY(insert->BindAll(id, thread, seq < 0 ? id : seq));
    return insert->Run();
}

Result<std::int64_t> CountRows(Connection& c) {
    return QueryInt(c, "SELECT count(*) FROM rows");
}

// Holds the writer inside one job until Release(), so that what is submitted meanwhile queues
// up and forms the next batch — deterministic batching without sleeps.
class Gate {
public:
    explicit Gate(Writer& writer) {
        done_ = writer.Submit([this](Connection&) -> Result<void> {
            entered_.set_value();
            release_future_.wait();
            return {};
        });
        entered_.get_future().wait();
    }

    Gate(const Gate&) = delete;
    Gate& operator=(const Gate&) = delete;
    Gate(Gate&&) = delete;
    Gate& operator=(Gate&&) = delete;

    ~Gate() {
        if (!released_) {
            Release();
        }
    }

    void Release() {
        released_ = true;
        release_.set_value();
        EXPECT_THAT(done_.get(), IsOk());
    }

private:
    std::promise<void> entered_;
    std::promise<void> release_;
    std::shared_future<void> release_future_ = release_.get_future().share();
    std::future<Result<void>> done_;
    bool released_ = false;
};

class WriterTest : public testing::DbTest {
protected:
    void SetUp() override { Start(WriterOptions{}); }

    void Start(WriterOptions options) {
        if (GetParam() == DbKind::kFileSynced) {
            options.durable_file = DbPath() + "-wal";
        }
        auto db = Open();
        ASSERT_THAT(db, IsOk());
        ASSERT_THAT(db->Exec(kSchema), IsOk());
        auto writer = Writer::Start(std::move(*db), options);
        ASSERT_THAT(writer, IsOk());
        writer_ = std::move(*writer);
    }

    Result<std::int64_t> Count() {
        return writer_->Execute<std::int64_t>([](Connection& c) { return CountRows(c); });
    }

    std::unique_ptr<Writer> writer_;
};

INSTANTIATE_TEST_SUITE_P(Db,
                         WriterTest,
                         ::testing::Values(DbKind::kMemory, DbKind::kFile, DbKind::kFileSynced),
                         testing::DbKindName);

TEST_P(WriterTest, ExecuteFromADoneCallbackIsRefusedInsteadOfDeadlocking) {
    std::promise<Result<void>> inner;
    auto outer = writer_->Submit(
        [](Connection& c) { return InsertRow(c, 1); },
        [&](Result<void> result) {
            EXPECT_THAT(result, IsOk());
            inner.set_value(writer_->Execute([](Connection& c) { return InsertRow(c, 2); }));
        });
    ASSERT_THAT(outer, IsOk());
    EXPECT_THAT(inner.get_future().get(), HasError(ErrorCode::kFailedPrecondition));
    EXPECT_THAT(Count(), IsOkAndHolds(1));
}

TEST_P(WriterTest, ACommittedJobIsVisibleToOtherConnectionsOnceAcknowledged) {
    if (!IsFile()) {
        GTEST_SKIP() << "another connection sees a file database only";
    }
    ASSERT_THAT(writer_->Execute([](Connection& c) { return InsertRow(c, 7); }), IsOk());
    writer_->AwaitDurable();
    auto reader = Open();
    ASSERT_THAT(reader, IsOk());
    EXPECT_THAT(CountRows(*reader), IsOkAndHolds(1));
}

constexpr int kThreads = 8;
constexpr int kJobsPerThread = 500;

TEST_P(WriterTest, EightThreadsOfFiveHundredJobsAllCommitAndAreAcknowledged) {
    std::atomic<int> acked_ok{0};
    std::vector<std::thread> threads;
    threads.reserve(kThreads);
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kJobsPerThread; ++i) {
                auto result = writer_->Execute([t, i](Connection& c) {
                    return InsertRow(c, t * kJobsPerThread + i + 1, t, i);
                });
                EXPECT_THAT(result, IsOk());
                acked_ok += result.has_value() ? 1 : 0;
            }
        });
    }
    for (std::thread& thread : threads) {
        thread.join();
    }
    EXPECT_EQ(acked_ok.load(), kThreads * kJobsPerThread);
    EXPECT_THAT(Count(), IsOkAndHolds(kThreads * kJobsPerThread));
    EXPECT_THAT(writer_->Execute<std::int64_t>([](Connection& c) {
        return QueryInt(c, "SELECT count(DISTINCT thread * 1000 + seq) FROM rows");
    }),
                IsOkAndHolds(kThreads * kJobsPerThread));
    const WriterStats stats = writer_->Stats();
    EXPECT_EQ(stats.jobs, kThreads * kJobsPerThread + 2U);  // + the two counting jobs
    EXPECT_EQ(stats.failed_jobs, 0U);
    EXPECT_EQ(stats.failed_commits, 0U);
    EXPECT_LE(stats.batches, stats.jobs);
    EXPECT_LE(stats.max_batch_seen, static_cast<std::size_t>(kThreads));
    EXPECT_EQ(stats.queue_depth, 0U);
}

TEST_P(WriterTest, ConcurrentCallersShareOneBatch) {
    constexpr int kCallers = 8;
    std::vector<std::future<Result<void>>> results;
    {
        Gate gate(*writer_);
        for (int i = 0; i < kCallers; ++i) {
            results.push_back(std::async(std::launch::async, [this, i] {
                return writer_->Execute([i](Connection& c) { return InsertRow(c, i + 1); });
            }));
        }
        WaitUntil([&] { return writer_->Stats().queue_depth == kCallers; });
    }
    for (auto& result : results) {
        EXPECT_THAT(result.get(), IsOk());
    }
    const WriterStats stats = writer_->Stats();
    EXPECT_EQ(stats.batches, 2U);  // The gate's, then all eight callers together.
    EXPECT_EQ(stats.max_batch_seen, static_cast<std::size_t>(kCallers));
    EXPECT_THAT(Count(), IsOkAndHolds(kCallers));
}

TEST_P(WriterTest, AFailingJobIsRolledBackAloneWhileItsBatchMatesCommit) {
    std::future<Result<void>> first;
    std::future<Result<void>> failing;
    std::future<Result<void>> last;
    {
        Gate gate(*writer_);
        first = writer_->Submit([](Connection& c) { return InsertRow(c, 1); });
        failing = writer_->Submit([](Connection& c) -> Result<void> {
            MOTCUA_TRY(InsertRow(c, 2));  // Applied, then undone with the job.
            return InsertRow(c, 1);       // Duplicate of the batch-mate's row.
        });
        last = writer_->Submit([](Connection& c) { return InsertRow(c, 3); });
    }
    EXPECT_THAT(first.get(), IsOk());
    EXPECT_THAT(failing.get(), HasError(ErrorCode::kAlreadyExists));
    EXPECT_THAT(last.get(), IsOk());
    EXPECT_EQ(writer_->Stats().max_batch_seen, 3U);  // They really shared a transaction.
    EXPECT_EQ(writer_->Stats().failed_jobs, 1U);
    EXPECT_THAT(writer_->Execute<std::string>([](Connection& c) {
        return QueryText(c, "SELECT group_concat(id) FROM (SELECT id FROM rows ORDER BY id)");
    }),
                IsOkAndHolds("1,3"));
}

TEST_P(WriterTest, LaterJobsOfABatchSeeEarlierOnes) {
    std::future<Result<void>> insert;
    std::future<Result<void>> read;
    std::int64_t seen = -1;
    {
        Gate gate(*writer_);
        insert = writer_->Submit([](Connection& c) { return InsertRow(c, 1); });
        read = writer_->Submit([&seen](Connection& c) -> Result<void> {
            MOTCUA_ASSIGN_OR_RETURN(seen, CountRows(c));
            return {};
        });
    }
    EXPECT_THAT(insert.get(), IsOk());
    EXPECT_THAT(read.get(), IsOk());
    EXPECT_EQ(seen, 1);
}

TEST_P(WriterTest, AThrowingJobFailsAloneWithInternal) {
    auto thrown = writer_->Execute([](Connection& c) -> Result<void> {
        MOTCUA_TRY(InsertRow(c, 1));
        throw std::runtime_error("boom");
    });
    EXPECT_THAT(thrown, HasError(ErrorCode::kInternal));
    EXPECT_THAT(thrown.error().message, HasSubstr("boom"));
    EXPECT_THAT(writer_->Execute([](Connection& c) { return InsertRow(c, 2); }), IsOk());
    EXPECT_THAT(Count(), IsOkAndHolds(1));
}

TEST_P(WriterTest, AJobThatEndsTheTransactionIsRejectedAndTheWriterRecovers) {
    auto rolled_back = writer_->Execute([](Connection& c) -> Result<void> {
        MOTCUA_TRY(InsertRow(c, 1));
        return c.Exec("ROLLBACK");
    });
    EXPECT_THAT(rolled_back, HasError(ErrorCode::kInternal));
    EXPECT_THAT(writer_->Execute([](Connection& c) { return InsertRow(c, 2); }), IsOk());
    EXPECT_THAT(Count(), IsOkAndHolds(1));
}

TEST_P(WriterTest, ADeferredForeignKeyViolationFailsOnlyItsJob) {
    ASSERT_THAT(writer_->Execute([](Connection& c) {
        return c.Exec(
            "CREATE TABLE parent (id INTEGER PRIMARY KEY);"
            "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER"
            "  REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED);");
    }),
                IsOk());
    std::future<Result<void>> orphan;
    std::future<Result<void>> family;
    {
        Gate gate(*writer_);
        orphan = writer_->Submit(
            [](Connection& c) { return c.Exec("INSERT INTO child VALUES (1, 99)"); });
        family = writer_->Submit([](Connection& c) {
            return c.Exec("INSERT INTO child VALUES (2, 7); INSERT INTO parent VALUES (7);");
        });
    }
    EXPECT_THAT(orphan.get(), HasError(ErrorCode::kFailedPrecondition));
    EXPECT_THAT(family.get(), IsOk());
    EXPECT_THAT(writer_->Execute<std::int64_t>(
                    [](Connection& c) { return QueryInt(c, "SELECT count(*) FROM child"); }),
                IsOkAndHolds(1));
}

TEST_P(WriterTest, ExecuteFromInsideAJobIsRefusedInsteadOfDeadlocking) {
    Result<void> nested;
    auto outer = writer_->Execute([&](Connection&) -> Result<void> {
        nested = writer_->Execute([](Connection& c) { return InsertRow(c, 1); });
        return nested;
    });
    EXPECT_THAT(nested, HasError(ErrorCode::kFailedPrecondition));
    EXPECT_THAT(outer, HasError(ErrorCode::kFailedPrecondition));

    // Submitting (without waiting) from a job is fine; it runs in a later batch.
    std::promise<Result<void>> later;
    auto submitted = writer_->Execute([&](Connection&) -> Result<void> {
        return writer_->Submit([](Connection& c) { return InsertRow(c, 2); },
                               [&later](Result<void> r) { later.set_value(std::move(r)); });
    });
    EXPECT_THAT(submitted, IsOk());
    EXPECT_THAT(later.get_future().get(), IsOk());
    EXPECT_THAT(Count(), IsOkAndHolds(1));
}

TEST_P(WriterTest, ExecuteReturnsAValueOnlyAfterCommit) {
    auto id = writer_->Execute<std::int64_t>([](Connection& c) -> Result<std::int64_t> {
        MOTCUA_TRY(InsertRow(c, 41));
        return c.LastInsertRowId();
    });
    EXPECT_THAT(id, IsOkAndHolds(41));
    auto failed = writer_->Execute<std::int64_t>([](Connection& c) -> Result<std::int64_t> {
        MOTCUA_TRY(InsertRow(c, 41));
        return c.LastInsertRowId();
    });
    EXPECT_THAT(failed, HasError(ErrorCode::kAlreadyExists));
}

TEST_P(WriterTest, BatchesNeverExceedMaxBatch) {
    writer_.reset();
    Start(WriterOptions{.max_batch = 4});
    std::vector<std::future<Result<void>>> results;
    {
        Gate gate(*writer_);
        for (int i = 0; i < 10; ++i) {
            results.push_back(writer_->Submit([i](Connection& c) { return InsertRow(c, i + 1); }));
        }
    }
    for (auto& result : results) {
        EXPECT_THAT(result.get(), IsOk());
    }
    EXPECT_EQ(writer_->Stats().max_batch_seen, 4U);
    EXPECT_EQ(writer_->Stats().batches, 4U);  // Gate, then 4 + 4 + 2.
}

TEST_P(WriterTest, StopDrainsTheQueueBeforeReturning) {
    constexpr int kJobs = 100;
    std::atomic<int> acked_ok{0};
    std::future<void> stopped;
    {
        Gate gate(*writer_);
        for (int i = 0; i < kJobs; ++i) {
            ASSERT_THAT(writer_->Submit([i](Connection& c) { return InsertRow(c, i + 1); },
                                        [&acked_ok](const Result<void>& r) {
                                            acked_ok += r.has_value() ? 1 : 0;
                                        }),
                        IsOk());
        }
        stopped = std::async(std::launch::async, [this] { writer_->Stop(); });
        WaitUntil([this] { return writer_->IsStopping(); });
        // Stopping: new work is refused while the queued work is still pending.
        EXPECT_THAT(writer_->Execute([](Connection& c) { return InsertRow(c, 1000); }),
                    HasError(ErrorCode::kUnavailable));
        EXPECT_EQ(acked_ok.load(), 0);
    }
    stopped.get();
    EXPECT_EQ(acked_ok.load(), kJobs);
    EXPECT_EQ(writer_->Stats().jobs, kJobs + 1U);
    EXPECT_EQ(writer_->Stats().queue_depth, 0U);
    if (IsFile()) {
        auto reader = Connection::Open(OpenOptions{.path = DbPath(), .read_only = true});
        ASSERT_THAT(reader, IsOk());
        EXPECT_THAT(CountRows(*reader), IsOkAndHolds(kJobs));
    }
}

TEST_P(WriterTest, SubmitAfterStopIsUnavailable) {
    writer_->Stop();
    writer_->Stop();  // Idempotent.
    EXPECT_TRUE(writer_->IsStopping());
    EXPECT_THAT(writer_->Execute([](Connection& c) { return InsertRow(c, 1); }),
                HasError(ErrorCode::kUnavailable));
    EXPECT_THAT(writer_->Submit([](Connection& c) { return InsertRow(c, 1); }).get(),
                HasError(ErrorCode::kUnavailable));
    bool called = false;
    EXPECT_THAT(writer_->Submit([](Connection& c) { return InsertRow(c, 1); },
                                [&called](const Result<void>&) { called = true; }),
                HasError(ErrorCode::kUnavailable));
    EXPECT_FALSE(called);
}

TEST(Writer, StartRejectsReadOnlyConnectionsAndAZeroBatch) {
    testing::TempDir dir;
    const std::string path = dir.File("w.db");
    auto writable = Connection::Open(OpenOptions{.path = path});
    ASSERT_THAT(writable, IsOk());
    auto read_only = Connection::Open(OpenOptions{.path = path, .read_only = true});
    ASSERT_THAT(read_only, IsOk());
    EXPECT_THAT(Writer::Start(std::move(*read_only)), HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(Writer::Start(std::move(*writable), WriterOptions{.max_batch = 0}),
                HasError(ErrorCode::kInvalidArgument));
}

// The acknowledgement comes after COMMIT: a separate connection cannot see a job's row while
// the job runs, and always sees it by the time the job's callback runs.
TEST(Writer, AcknowledgesOnlyAfterCommit) {
    testing::TempDir dir;
    const std::string path = dir.File("ack.db");
    auto db = Connection::Open(OpenOptions{.path = path});
    ASSERT_THAT(db, IsOk());
    ASSERT_THAT(db->Exec(kSchema), IsOk());
    auto writer = Writer::Start(std::move(*db));
    ASSERT_THAT(writer, IsOk());
    // Used only on the writer thread (inside jobs and callbacks), one call at a time.
    auto observer = Connection::Open(OpenOptions{.path = path, .read_only = true});
    ASSERT_THAT(observer, IsOk());

    auto visible = [&observer](std::int64_t id) -> std::int64_t {
        auto select = observer->Cached("SELECT count(*) FROM rows WHERE id = ?1");
        if (!select || !(*select)->Bind(1, id) || !(*select)->Step().value_or(false)) {
            return -1;
        }
        return (*select)->ColumnInt64(0);
    };

    constexpr int kAckThreads = 4;
    constexpr int kAckJobsPerThread = 50;
    std::latch all_acked(std::ptrdiff_t{kAckThreads} * kAckJobsPerThread);
    std::atomic<int> invisible_during_job{0};
    std::atomic<int> visible_at_ack{0};
    std::vector<std::thread> threads;
    threads.reserve(kAckThreads);
    for (int t = 0; t < kAckThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kAckJobsPerThread; ++i) {
                const std::int64_t id = t * kAckJobsPerThread + i + 1;
                auto submitted = (*writer)->Submit(
                    [&, id](Connection& c) -> Result<void> {
                        MOTCUA_TRY(InsertRow(c, id));
                        invisible_during_job += visible(id) == 0 ? 1 : 0;
                        return {};
                    },
                    [&, id](const Result<void>& r) {
                        visible_at_ack += (r.has_value() && visible(id) == 1) ? 1 : 0;
                        all_acked.count_down();
                    });
                EXPECT_THAT(submitted, IsOk());
            }
        });
    }
    for (std::thread& thread : threads) {
        thread.join();
    }
    all_acked.wait();
    EXPECT_EQ(invisible_during_job.load(), kAckThreads * kAckJobsPerThread);
    EXPECT_EQ(visible_at_ack.load(), kAckThreads * kAckJobsPerThread);
    (*writer)->Stop();
}

// A BatchStage that stages row ids and inserts them when flushed.
class RowStage final : public BatchStage {
public:
    void EndJob(bool kept) override {
        if (kept) {
            kept_.insert(kept_.end(), job.begin(), job.end());
        }
        job.clear();
    }

    Result<void> Flush(Connection& c) override {
        ++flushes;
        if (fail) {
            return Fail(ErrorCode::kUnavailable, "flush failed");
        }
        for (const std::int64_t id : kept_) {
            MOTCUA_TRY(InsertRow(c, id));
        }
        kept_.clear();
        return {};
    }

    void Clear() override {
        job.clear();
        kept_.clear();
    }

    std::vector<std::int64_t> job;  // staged by the running job
    std::atomic<int> flushes{0};
    std::atomic<bool> fail{false};

private:
    std::vector<std::int64_t> kept_;
};

// A job that stages row `id` on `stage` (and fails afterwards when `fail`).
Writer::Job StageRow(Writer& writer, RowStage& stage, std::int64_t id, bool fail = false) {
    return [&writer, &stage, id, fail](Connection&) -> Result<void> {
        if (!writer.Enlist(stage)) {
            return Fail(ErrorCode::kInternal, "not enlisted");
        }
        stage.job.push_back(id);
        if (fail) {
            return Fail(ErrorCode::kInvalidArgument, "job failed after staging");
        }
        return {};
    };
}

constexpr JobOptions kKeepsStages{.keeps_stages = true};

TEST_P(WriterTest, StagedWorkOfTheKeptJobsIsWrittenOnceBeforeCommit) {
    RowStage stage;
    std::vector<std::future<Result<void>>> results;
    {
        Gate gate(*writer_);
        results.push_back(writer_->Submit(StageRow(*writer_, stage, 1), kKeepsStages));
        results.push_back(writer_->Submit(StageRow(*writer_, stage, 2, true), kKeepsStages));
        results.push_back(writer_->Submit(StageRow(*writer_, stage, 3), kKeepsStages));
    }
    EXPECT_THAT(results[0].get(), IsOk());
    EXPECT_THAT(results[1].get(), HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(results[2].get(), IsOk());
    EXPECT_EQ(writer_->Stats().max_batch_seen, 3U);
    EXPECT_EQ(stage.flushes.load(), 1);
    EXPECT_THAT(writer_->Execute<std::string>([](Connection& c) {
        return QueryText(c, "SELECT group_concat(id) FROM (SELECT id FROM rows ORDER BY id)");
    }),
                IsOkAndHolds("1,3"));
    EXPECT_FALSE(writer_->Enlist(stage));  // not from a job
}

TEST_P(WriterTest, AJobNotKeepingStagesSeesTheStagedWorkOfEarlierJobs) {
    RowStage stage;
    std::future<Result<void>> staged;
    std::future<Result<void>> read;
    std::int64_t seen = -1;
    {
        Gate gate(*writer_);
        staged = writer_->Submit(StageRow(*writer_, stage, 1), kKeepsStages);
        read = writer_->Submit([&seen](Connection& c) -> Result<void> {
            MOTCUA_ASSIGN_OR_RETURN(seen, CountRows(c));
            return {};
        });
    }
    EXPECT_THAT(staged.get(), IsOk());
    EXPECT_THAT(read.get(), IsOk());
    EXPECT_EQ(seen, 1);
    EXPECT_THAT(Count(), IsOkAndHolds(1));
}

TEST_P(WriterTest, AFailedFlushFailsTheBatchAndTheNextBatchStartsClean) {
    RowStage stage;
    stage.fail = true;
    std::future<Result<void>> staged;
    std::future<Result<void>> plain;
    {
        Gate gate(*writer_);
        plain = writer_->Submit([](Connection& c) { return InsertRow(c, 10); }, kKeepsStages);
        staged = writer_->Submit(StageRow(*writer_, stage, 1), kKeepsStages);
    }
    EXPECT_THAT(plain.get(), HasError(ErrorCode::kUnavailable));  // its batch was not applied
    EXPECT_THAT(staged.get(), HasError(ErrorCode::kUnavailable));
    EXPECT_EQ(writer_->Stats().failed_commits, 1U);
    stage.fail = false;
    EXPECT_THAT(writer_->Execute(StageRow(*writer_, stage, 2), kKeepsStages), IsOk());
    EXPECT_THAT(writer_->Execute<std::string>([](Connection& c) {
        return QueryText(c, "SELECT group_concat(id) FROM (SELECT id FROM rows ORDER BY id)");
    }),
                IsOkAndHolds("2"));
}

TEST(WriterHooks, BetweenBatchesRunsAfterEachBatchOutsideTransactions) {
    auto connection = Connection::Open(OpenOptions{.path = ":memory:"});
    ASSERT_THAT(connection, IsOk());
    ASSERT_THAT(connection->Exec(kSchema), IsOk());
    std::atomic<int> calls{0};
    std::atomic<bool> in_transaction{false};
    WriterOptions options;
    options.between_batches = [&](Connection& c) {
        in_transaction = in_transaction || c.InTransaction();
        ++calls;
    };
    auto writer = Writer::Start(std::move(*connection), options);
    ASSERT_THAT(writer, IsOk());
    for (std::int64_t id = 1; id <= 3; ++id) {
        ASSERT_THAT((*writer)->Execute([id](Connection& c) { return InsertRow(c, id); }), IsOk());
    }
    (*writer)->Stop();
    EXPECT_EQ(calls.load(), 3);  // one batch per Execute
    EXPECT_FALSE(in_transaction.load());
}

// ---- Deferred commits (bulk loads) -----------------------------------------------------------

class DeferredCommitTest : public WriterTest {
protected:
    // Rows committed, as another connection sees them.
    std::int64_t CommittedRows() {
        auto reader = Open();
        EXPECT_THAT(reader, IsOk());
        auto n = CountRows(*reader);
        EXPECT_THAT(n, IsOk());
        return n.value_or(-1);
    }
};

INSTANTIATE_TEST_SUITE_P(Db,
                         DeferredCommitTest,
                         ::testing::Values(DbKind::kFile),
                         testing::DbKindName);

TEST_P(DeferredCommitTest, ByDefaultEveryBatchCommitsBeforeItsJobsAreAcknowledged) {
    EXPECT_FALSE(writer_->DefersCommits());
    ASSERT_THAT(writer_->Execute([](Connection& c) { return InsertRow(c, 1); }), IsOk());
    EXPECT_EQ(CommittedRows(), 1);
    EXPECT_EQ(writer_->Stats().commits, writer_->Stats().batches);
}

TEST_P(DeferredCommitTest, HoldsAcknowledgedWorkUntilEnoughJobsOrSync) {
    writer_->DeferCommits(3);
    EXPECT_TRUE(writer_->DefersCommits());
    const std::uint64_t commits = writer_->Stats().commits;
    ASSERT_THAT(writer_->Execute([](Connection& c) { return InsertRow(c, 1); }), IsOk());
    ASSERT_THAT(writer_->Execute([](Connection& c) { return InsertRow(c, 2); }), IsOk());
    // Acknowledged, not yet seen by other connections; the writer's own sees them, and its
    // count is the third job, which reaches the threshold: committed.
    EXPECT_EQ(CommittedRows(), 0);
    EXPECT_THAT(Count(), IsOkAndHolds(2));
    EXPECT_EQ(writer_->Stats().commits, commits + 1);
    EXPECT_EQ(CommittedRows(), 2);

    ASSERT_THAT(writer_->Execute([](Connection& c) { return InsertRow(c, 3); }), IsOk());
    EXPECT_EQ(CommittedRows(), 2);
    EXPECT_THAT(writer_->Sync(), IsOk());
    EXPECT_EQ(CommittedRows(), 3);

    writer_->DeferCommits(1);
    EXPECT_FALSE(writer_->DefersCommits());
    ASSERT_THAT(writer_->Execute([](Connection& c) { return InsertRow(c, 4); }), IsOk());
    EXPECT_EQ(CommittedRows(), 4);
}

TEST_P(DeferredCommitTest, AFailedJobRollsBackOnlyItselfWhileCommitsAreDeferred) {
    writer_->DeferCommits(100);
    ASSERT_THAT(writer_->Execute([](Connection& c) { return InsertRow(c, 1); }), IsOk());
    EXPECT_THAT(writer_->Execute([](Connection& c) -> Result<void> {
        MOTCUA_TRY(InsertRow(c, 2));
        return InsertRow(c, 1);  // Duplicate id: the job fails, its row 2 goes with it.
    }),
                HasError(ErrorCode::kAlreadyExists));
    EXPECT_THAT(writer_->Sync(), IsOk());
    EXPECT_EQ(CommittedRows(), 1);
}

TEST_P(DeferredCommitTest, AnAbortedTransactionLosesAcknowledgedWorkAndSyncSaysSo) {
    writer_->DeferCommits(100);
    ASSERT_THAT(writer_->Execute([](Connection& c) { return InsertRow(c, 1); }), IsOk());
    // A job that ends the writer's transaction (which jobs must not do) takes the
    // acknowledged row 1 with it.
    EXPECT_FALSE(writer_->Execute([](Connection& c) { return c.Exec("ROLLBACK"); }).has_value());
    const Result<void> synced = writer_->Sync();
    EXPECT_THAT(synced, HasError(ErrorCode::kUnavailable));
    EXPECT_EQ(CommittedRows(), 0);
    // Reported once; the writer goes on.
    ASSERT_THAT(writer_->Execute([](Connection& c) { return InsertRow(c, 5); }), IsOk());
    EXPECT_THAT(writer_->Sync(), IsOk());
    EXPECT_EQ(CommittedRows(), 1);
}

TEST_P(DeferredCommitTest, StoppingCommitsDeferredWork) {
    writer_->DeferCommits(100);
    ASSERT_THAT(writer_->Execute([](Connection& c) { return InsertRow(c, 1); }), IsOk());
    writer_->Stop();
    EXPECT_EQ(CommittedRows(), 1);
}

}  // namespace
}  // namespace motcua::storage::sqlite
