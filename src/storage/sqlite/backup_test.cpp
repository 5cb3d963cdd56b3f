#include "storage/sqlite/backup.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/testing/result_matchers.hpp"
#include "storage/sqlite/read_pool.hpp"
#include "storage/sqlite/testing/test_db.hpp"
#include "storage/sqlite/writer.hpp"

namespace motcua::storage::sqlite {
namespace {

using testing::QueryInt;
using testing::QueryText;

constexpr std::string_view kSchema =
    "CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)";

Result<void> InsertRow(Connection& c) {
    MOTCUA_ASSIGN_OR_RETURN(CachedStatement insert,
                            c.Cached("INSERT INTO rows (payload) VALUES (?1)"));
    MOTCUA_TRY(insert->Bind(1, std::string(200, 'x')));
    return insert->Run();
}

// Opens the copy and checks it is a sound database; returns its row count.
Result<std::int64_t> CheckCopy(const std::string& path) {
    MOTCUA_ASSIGN_OR_RETURN(Connection copy, Connection::Open(OpenOptions{.path = path}));
    MOTCUA_ASSIGN_OR_RETURN(const std::string integrity, QueryText(copy, "PRAGMA integrity_check"));
    if (integrity != "ok") {
        return Fail(ErrorCode::kInternal, "integrity_check: " + integrity);
    }
    // Rows are numbered 1..N in commit order: a consistent snapshot has no holes.
    MOTCUA_ASSIGN_OR_RETURN(const std::int64_t max_id,
                            QueryInt(copy, "SELECT coalesce(max(id), 0) FROM rows"));
    MOTCUA_ASSIGN_OR_RETURN(const std::int64_t count, QueryInt(copy, "SELECT count(*) FROM rows"));
    if (max_id != count) {
        return Fail(ErrorCode::kInternal, "the copy has holes");
    }
    return count;
}

// Counts commits and lets a thread wait for "at least n so far".
class CommitCounter {
public:
    void Add() {
        {
            const std::lock_guard lock(mutex_);
            ++count_;
        }
        changed_.notify_all();
    }

    void WaitFor(std::int64_t n) {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return count_ >= n; });
    }

    std::int64_t Get() {
        const std::lock_guard lock(mutex_);
        return count_;
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::int64_t count_ = 0;
};

TEST(Backup, ACopyTakenWhileTheWriterWritesIsConsistent) {
    testing::TempDir dir;
    const std::string path = dir.File("live.db");
    auto db = Connection::Open(OpenOptions{.path = path});
    ASSERT_THAT(db, IsOk());
    ASSERT_THAT(db->Exec(kSchema), IsOk());
    auto writer = Writer::Start(std::move(*db));
    ASSERT_THAT(writer, IsOk());
    // Seed enough data for the backup to take many steps (~2 MB).
    ASSERT_THAT((*writer)->Execute([](Connection& c) -> Result<void> {
        for (int i = 0; i < 10000; ++i) {
            MOTCUA_TRY(InsertRow(c));
        }
        return {};
    }),
                IsOk());
    auto pool = ReadPool::Open(ReadPoolOptions{.path = path, .size = 2});
    ASSERT_THAT(pool, IsOk());

    auto count = [&]() {
        return (*pool)->WithReader(
            [](Connection& c) { return QueryInt(c, "SELECT count(*) FROM rows"); });
    };

    // Writers keep committing for the whole backup.
    std::atomic<bool> stop{false};
    CommitCounter commits;
    std::vector<std::thread> writers;
    writers.reserve(4);
    for (int t = 0; t < 4; ++t) {
        writers.emplace_back([&] {
            while (!stop.load()) {
                EXPECT_THAT((*writer)->Execute(InsertRow), IsOk());
                commits.Add();
            }
        });
    }

    const auto before = count();
    ASSERT_THAT(before, IsOk());
    int steps = 0;
    BackupOptions options{.pages_per_step = 8, .progress = [&](int remaining, int total) {
                              EXPECT_GE(total, remaining);
                              // After the first step, let 50 more transactions commit: the rest
                              // of the copy must still be the snapshot the backup started on.
                              if (steps++ == 0) {
                                  commits.WaitFor(commits.Get() + 50);
                              }
                          }};
    const std::string copy = dir.File("copy.db");
    auto backed_up = (*pool)->WithReader([&](Connection& c) { return BackupTo(c, copy, options); });
    const auto after = count();
    stop = true;
    for (std::thread& thread : writers) {
        thread.join();
    }
    ASSERT_THAT(backed_up, IsOk());
    ASSERT_THAT(after, IsOk());
    EXPECT_GT(steps, 10);
    EXPECT_GE(*after, *before + 50);

    auto copied = CheckCopy(copy);
    ASSERT_THAT(copied, IsOk());
    EXPECT_GE(*copied, *before);
    EXPECT_LE(*copied, *after);
    EXPECT_FALSE(std::filesystem::exists(copy + ".partial"));
}

TEST(Backup, CopiesAnInMemoryDatabase) {
    testing::TempDir dir;
    auto db = Connection::Open(OpenOptions{.path = ":memory:"});
    ASSERT_THAT(db, IsOk());
    ASSERT_THAT(db->Exec(kSchema), IsOk());
    for (int i = 0; i < 100; ++i) {
        ASSERT_THAT(InsertRow(*db), IsOk());
    }
    const std::string copy = dir.File("memory-copy.db");
    ASSERT_THAT(BackupTo(*db, copy), IsOk());
    EXPECT_THAT(CheckCopy(copy), IsOkAndHolds(100));
    EXPECT_FALSE(db->InTransaction());
}

TEST(Backup, ReplacesAnExistingFileOnlyOnSuccess) {
    testing::TempDir dir;
    const std::string copy = dir.File("existing.db");
    auto db = Connection::Open(OpenOptions{.path = ":memory:"});
    ASSERT_THAT(db, IsOk());
    ASSERT_THAT(db->Exec(kSchema), IsOk());
    ASSERT_THAT(InsertRow(*db), IsOk());
    { std::ofstream(copy) << "not a database"; }
    ASSERT_THAT(BackupTo(*db, copy), IsOk());
    EXPECT_THAT(CheckCopy(copy), IsOkAndHolds(1));

    EXPECT_THAT(BackupTo(*db, dir.File("no/such/dir/copy.db")), HasError(ErrorCode::kUnavailable));
    EXPECT_THAT(BackupTo(*db, copy, BackupOptions{.pages_per_step = 0}),
                HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(CheckCopy(copy), IsOkAndHolds(1));
}

}  // namespace
}  // namespace motcua::storage::sqlite
