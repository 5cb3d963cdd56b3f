#include "storage/sqlite/read_pool.hpp"

#include <atomic>
#include <cstdint>
#include <future>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/testing/result_matchers.hpp"
#include "storage/sqlite/testing/test_db.hpp"
#include "storage/sqlite/writer.hpp"

namespace motcua::storage::sqlite {
namespace {

using ::testing::Not;
using testing::QueryInt;

Result<void> InsertRow(Connection& c) {
    MOTCUA_ASSIGN_OR_RETURN(CachedStatement insert, c.Cached("INSERT INTO rows DEFAULT VALUES"));
    return insert->Run();
}

Result<std::int64_t> CountRows(Connection& c) {
    return QueryInt(c, "SELECT count(*) FROM rows");
}

class ReadPoolTest : public ::testing::Test {
protected:
    void SetUp() override {
        path_ = dir_.File("pool.db");
        auto db = Connection::Open(OpenOptions{.path = path_});
        ASSERT_THAT(db, IsOk());
        ASSERT_THAT(db->Exec("CREATE TABLE rows (id INTEGER PRIMARY KEY)"), IsOk());
        auto writer = Writer::Start(std::move(*db));
        ASSERT_THAT(writer, IsOk());
        writer_ = std::move(*writer);
    }

    std::unique_ptr<ReadPool> OpenPool(std::size_t size) {
        auto pool = ReadPool::Open(ReadPoolOptions{.path = path_, .size = size});
        EXPECT_THAT(pool, IsOk());
        return pool ? std::move(*pool) : nullptr;
    }

    testing::TempDir dir_;
    std::string path_;
    std::unique_ptr<Writer> writer_;
};

TEST_F(ReadPoolTest, ConcurrentReadersSeeCommittedData) {
    constexpr int kRows = 100;
    ASSERT_THAT(writer_->Execute([](Connection& c) -> Result<void> {
        for (int i = 0; i < kRows; ++i) {
            MOTCUA_TRY(InsertRow(c));
        }
        return {};
    }),
                IsOk());
    auto pool = OpenPool(4);
    ASSERT_NE(pool, nullptr);
    std::atomic<int> correct{0};
    std::vector<std::thread> readers;
    readers.reserve(8);
    for (int t = 0; t < 8; ++t) {
        readers.emplace_back([&] {
            for (int i = 0; i < 50; ++i) {
                auto count = pool->WithReader(CountRows);
                correct += (count.has_value() && *count == kRows) ? 1 : 0;
            }
        });
    }
    for (std::thread& reader : readers) {
        reader.join();
    }
    EXPECT_EQ(correct.load(), 8 * 50);
    EXPECT_EQ(pool->Available(), 4U);
}

TEST_F(ReadPoolTest, ReadersFollowTheWriterWithoutGoingBack) {
    auto pool = OpenPool(3);
    ASSERT_NE(pool, nullptr);
    constexpr int kRows = 60;
    std::atomic<bool> done{false};
    std::atomic<int> went_back{0};
    std::atomic<int> failed{0};
    std::vector<std::thread> readers;
    readers.reserve(3);
    for (int t = 0; t < 3; ++t) {
        readers.emplace_back([&] {
            std::int64_t last = 0;
            while (!done.load()) {
                auto count = pool->WithReader(CountRows);
                if (!count) {
                    ++failed;
                    continue;
                }
                went_back += *count < last ? 1 : 0;
                last = *count;
            }
        });
    }
    for (int i = 0; i < kRows; ++i) {
        ASSERT_THAT(writer_->Execute(InsertRow), IsOk());
        // Once acknowledged, a commit is visible to every new read.
        EXPECT_THAT(pool->WithReader(CountRows), IsOkAndHolds(i + 1));
    }
    done = true;
    for (std::thread& reader : readers) {
        reader.join();
    }
    EXPECT_EQ(went_back.load(), 0);
    EXPECT_EQ(failed.load(), 0);
}

TEST_F(ReadPoolTest, WithReaderReadsOneSnapshot) {
    auto pool = OpenPool(2);
    ASSERT_NE(pool, nullptr);
    auto seen =
        pool->WithReader([&](Connection& c) -> Result<std::pair<std::int64_t, std::int64_t>> {
            MOTCUA_ASSIGN_OR_RETURN(const std::int64_t first, CountRows(c));
            MOTCUA_TRY(writer_->Execute(InsertRow));  // Commits meanwhile.
            MOTCUA_ASSIGN_OR_RETURN(const std::int64_t second, CountRows(c));
            return std::pair{first, second};
        });
    ASSERT_THAT(seen, IsOk());
    EXPECT_EQ(seen->first, 0);
    EXPECT_EQ(seen->second, 0);
    EXPECT_THAT(pool->WithReader(CountRows), IsOkAndHolds(1));
}

TEST_F(ReadPoolTest, ReadersCannotWrite) {
    auto pool = OpenPool(2);
    ASSERT_NE(pool, nullptr);
    EXPECT_THAT(pool->WithReader(InsertRow), Not(IsOk()));
    EXPECT_EQ(pool->Available(), 2U);
    EXPECT_THAT(pool->WithReader(CountRows), IsOkAndHolds(0));
}

TEST_F(ReadPoolTest, BorrowWaitsForAConnectionToComeBack) {
    auto pool = OpenPool(2);
    ASSERT_NE(pool, nullptr);
    std::optional<ReadPool::Lease> first(pool->Borrow());
    ReadPool::Lease second = pool->Borrow();
    EXPECT_EQ(pool->Available(), 0U);
    auto third = std::async(std::launch::async, [&] { return pool->WithReader(CountRows); });
    first.reset();  // Returns a connection; the waiting reader gets it.
    EXPECT_THAT(third.get(), IsOkAndHolds(0));
    EXPECT_EQ(pool->Available(), 1U);
}

TEST_F(ReadPoolTest, ALeaseLeftInATransactionIsRolledBackOnReturn) {
    auto pool = OpenPool(2);
    ASSERT_NE(pool, nullptr);
    {
        ReadPool::Lease lease = pool->Borrow();
        ASSERT_THAT(lease->Exec("BEGIN; SELECT count(*) FROM rows;"), IsOk());
        EXPECT_TRUE(lease->InTransaction());
    }
    ReadPool::Lease a = pool->Borrow();
    ReadPool::Lease b = pool->Borrow();
    EXPECT_FALSE(a->InTransaction());
    EXPECT_FALSE(b->InTransaction());
}

TEST_F(ReadPoolTest, ConnectionsHaveTheConfiguredPageCache) {
    auto pool = ReadPool::Open(ReadPoolOptions{.path = path_, .size = 2, .cache_kib = 4096});
    ASSERT_THAT(pool, IsOk());
    for (int i = 0; i < 2; ++i) {
        EXPECT_THAT((*pool)->WithReader([](Connection& c) -> Result<std::int64_t> {
            return QueryInt(c, "PRAGMA cache_size");
        }),
                    IsOkAndHolds(-4096));
    }
    EXPECT_THAT(ReadPool::Open(ReadPoolOptions{.path = path_, .cache_kib = 0}),
                HasError(ErrorCode::kInvalidArgument));
}

TEST(ReadPool, RefusesInMemoryDatabases) {
    EXPECT_THAT(ReadPool::Open(ReadPoolOptions{.path = ":memory:"}),
                HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(ReadPool::Open(ReadPoolOptions{.path = "file:x?mode=memory&cache=shared"}),
                HasError(ErrorCode::kInvalidArgument));
}

TEST(ReadPool, AMissingFileIsUnavailable) {
    testing::TempDir dir;
    EXPECT_THAT(ReadPool::Open(ReadPoolOptions{.path = dir.File("absent.db")}),
                HasError(ErrorCode::kUnavailable));
}

TEST(ReadPool, DefaultsToAtLeastTwoConnections) {
    testing::TempDir dir;
    const std::string path = dir.File("size.db");
    ASSERT_THAT(Connection::Open(OpenOptions{.path = path}), IsOk());
    auto pool = ReadPool::Open(ReadPoolOptions{.path = path});
    ASSERT_THAT(pool, IsOk());
    EXPECT_GE((*pool)->Size(), 2U);
    EXPECT_GE((*pool)->Size(), std::thread::hardware_concurrency());
}

}  // namespace
}  // namespace motcua::storage::sqlite
