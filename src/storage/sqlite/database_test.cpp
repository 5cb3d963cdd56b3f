#include "storage/sqlite/database.hpp"

#include <cstdint>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "common/testing/result_matchers.hpp"
#include "storage/sqlite/testing/test_db.hpp"

namespace motcua::storage::sqlite {
namespace {

using testing::QueryInt;
using testing::QueryText;
using testing::TempDir;

// The secondary indexes DeferIndexes manages, and what they are built from.
constexpr std::string_view kDeferrable =
    "FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE "
    "'CREATE UNIQUE%' AND tbl_name IN ('dossiers', 'dossier_steps', 'outbox', "
    "'dossier_attachments')";

std::unique_ptr<Database> OpenAt(const std::string& path, bool bulk) {
    DatabaseOptions options;
    options.path = path;
    options.bulk_load = bulk;
    auto db = Database::Open(options);
    EXPECT_THAT(db, IsOk());
    return db ? std::move(*db) : nullptr;
}

std::int64_t Count(Database& db, std::string_view sql) {
    auto n = db.Write([&](Connection& c) { return QueryInt(c, sql); });
    EXPECT_THAT(n, IsOk());
    return n.value_or(-1);
}

std::string Text(Database& db, std::string_view sql) {
    auto t = db.Write([&](Connection& c) { return QueryText(c, sql); });
    EXPECT_THAT(t, IsOk());
    return t.value_or("");
}

TEST(DatabaseIndexesTest, OnlyABulkLoadDefersIndexes) {
    TempDir dir;
    const std::unique_ptr<Database> db = OpenAt(dir.File("serving.db"), false);
    ASSERT_NE(db, nullptr);
    EXPECT_THAT(db->DeferIndexes(), HasError(ErrorCode::kFailedPrecondition));
    EXPECT_GT(Count(*db, std::string("SELECT count(*) ") + std::string(kDeferrable)), 0);
}

TEST(DatabaseIndexesTest, DeferredIndexesAreBuiltAgainAsTheyWere) {
    TempDir dir;
    const std::unique_ptr<Database> db = OpenAt(dir.File("load.db"), true);
    ASSERT_NE(db, nullptr);
    const std::string all = "SELECT group_concat(name || ':' || sql, ';') FROM (SELECT name, sql " +
                            std::string(kDeferrable) + " ORDER BY name)";
    const std::string before = Text(*db, all);
    const std::int64_t unique_before =
        Count(*db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND sql IS NULL");
    ASSERT_FALSE(before.empty());

    ASSERT_THAT(db->DeferIndexes(), IsOk());
    EXPECT_EQ(Count(*db, std::string("SELECT count(*) ") + std::string(kDeferrable)), 0);
    EXPECT_GT(Count(*db, "SELECT count(*) FROM deferred_indexes"), 0);
    // The unique indexes (constraints) stay.
    EXPECT_EQ(Count(*db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND sql IS NULL"),
              unique_before);
    ASSERT_THAT(db->DeferIndexes(), IsOk());  // again: nothing more to drop, nothing lost

    ASSERT_THAT(db->RestoreIndexes(), IsOk());
    EXPECT_EQ(Text(*db, all), before);
    EXPECT_EQ(Count(*db, "SELECT count(*) FROM deferred_indexes"), 0);
}

TEST(DatabaseIndexesTest, AnInterruptedLoadGetsItsIndexesBackWhenOpened) {
    TempDir dir;
    const std::string path = dir.File("interrupted.db");
    std::string before;
    {
        const std::unique_ptr<Database> db = OpenAt(path, true);
        ASSERT_NE(db, nullptr);
        before = Text(*db,
                      "SELECT group_concat(name, ',') FROM (SELECT name " +
                          std::string(kDeferrable) + " ORDER BY name)");
        ASSERT_THAT(db->DeferIndexes(), IsOk());
        ASSERT_THAT(db->Sync(), IsOk());
    }  // closed without RestoreIndexes
    const std::unique_ptr<Database> db = OpenAt(path, false);
    ASSERT_NE(db, nullptr);
    EXPECT_EQ(Text(*db,
                   "SELECT group_concat(name, ',') FROM (SELECT name " + std::string(kDeferrable) +
                       " ORDER BY name)"),
              before);
    EXPECT_EQ(Count(*db, "SELECT count(*) FROM deferred_indexes"), 0);
}

}  // namespace
}  // namespace motcua::storage::sqlite
