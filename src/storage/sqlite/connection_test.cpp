#include "storage/sqlite/connection.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/testing/result_matchers.hpp"
#include "storage/sqlite/statement.hpp"
#include "storage/sqlite/testing/test_db.hpp"

namespace motcua::storage::sqlite {
namespace {

using testing::DbKind;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::QueryInt;
using testing::QueryText;

class ConnectionContract : public testing::DbTest {};

INSTANTIATE_TEST_SUITE_P(Db,
                         ConnectionContract,
                         ::testing::Values(DbKind::kMemory, DbKind::kFile),
                         testing::DbKindName);

TEST_P(ConnectionContract, OpensWithTheProjectPragmas) {
    auto db = Open();
    ASSERT_THAT(db, IsOk());
    EXPECT_THAT(QueryInt(*db, "PRAGMA foreign_keys"), IsOkAndHolds(1));
    EXPECT_THAT(QueryInt(*db, "PRAGMA synchronous"), IsOkAndHolds(2));  // FULL
    EXPECT_THAT(QueryText(*db, "PRAGMA journal_mode"), IsOkAndHolds(IsFile() ? "wal" : "memory"));
    EXPECT_EQ(db->IsMemory(), !IsFile());
    EXPECT_FALSE(db->IsReadOnly());
    EXPECT_FALSE(db->InTransaction());
}

TEST_P(ConnectionContract, BindsAndReadsEveryType) {
    auto db = Open();
    ASSERT_THAT(db, IsOk());
    ASSERT_THAT(db->Exec("CREATE TABLE t (i INTEGER, n INTEGER, r REAL, s TEXT, b BLOB, z)"),
                IsOk());
    const std::array<std::byte, 4> blob = {
        std::byte{0x00}, std::byte{0xff}, std::byte{0x10}, std::byte{0x00}};
    constexpr char kText[] = "Hồ sơ\0một cửa";
    const std::string text(kText, sizeof(kText) - 1);
    {
        auto insert = db->Prepare("INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        ASSERT_THAT(insert, IsOk());
        EXPECT_THAT(insert->Bind(1, std::int64_t{1} << 40), IsOk());
        EXPECT_THAT(insert->Bind(2, -7), IsOk());
        EXPECT_THAT(insert->Bind(3, 2.5), IsOk());
        EXPECT_THAT(insert->Bind(4, std::string_view(text)), IsOk());
        EXPECT_THAT(insert->Bind(5, std::span<const std::byte>(blob)), IsOk());
        EXPECT_THAT(insert->Bind(6, std::nullopt), IsOk());
        EXPECT_THAT(insert->Run(), IsOk());
    }
    EXPECT_EQ(db->Changes(), 1);
    EXPECT_EQ(db->LastInsertRowId(), 1);

    auto select = db->Prepare("SELECT i, n, r, s, b, z FROM t");
    ASSERT_THAT(select, IsOk());
    ASSERT_THAT(select->Step(), IsOkAndHolds(true));
    EXPECT_EQ(select->ColumnCount(), 6);
    EXPECT_EQ(select->ColumnInt64(0), std::int64_t{1} << 40);
    EXPECT_EQ(select->ColumnInt(1), -7);
    EXPECT_DOUBLE_EQ(select->ColumnDouble(2), 2.5);
    EXPECT_EQ(select->ColumnText(3), text);  // UTF-8 and an embedded NUL survive.
    const std::span<const std::byte> read = select->ColumnBlob(4);
    EXPECT_EQ(std::vector<std::byte>(read.begin(), read.end()),
              std::vector<std::byte>(blob.begin(), blob.end()));
    EXPECT_TRUE(select->IsNull(5));
    EXPECT_FALSE(select->IsNull(0));
    EXPECT_EQ(select->ColumnOptionalText(5), std::nullopt);
    EXPECT_EQ(select->ColumnOptionalInt64(0), std::optional<std::int64_t>(std::int64_t{1} << 40));
    EXPECT_THAT(select->Step(), IsOkAndHolds(false));
}

TEST_P(ConnectionContract, EmptyTextAndBlobAreNotNull) {
    auto db = Open();
    ASSERT_THAT(db, IsOk());
    auto select = db->Prepare("SELECT ?1 IS NULL, ?2 IS NULL, typeof(?1), typeof(?2), ?3 IS NULL");
    ASSERT_THAT(select, IsOk());
    EXPECT_THAT(select->Bind(1, std::string_view()), IsOk());
    EXPECT_THAT(select->Bind(2, std::span<const std::uint8_t>()), IsOk());
    EXPECT_THAT(select->Bind(3, nullptr), IsOk());
    ASSERT_THAT(select->Step(), IsOkAndHolds(true));
    EXPECT_EQ(select->ColumnInt(0), 0);
    EXPECT_EQ(select->ColumnInt(1), 0);
    EXPECT_EQ(select->ColumnText(2), "text");
    EXPECT_EQ(select->ColumnText(3), "blob");
    EXPECT_EQ(select->ColumnInt(4), 1);
}

TEST_P(ConnectionContract, BindsOptionalsNamedParametersAndAll) {
    auto db = Open();
    ASSERT_THAT(db, IsOk());
    auto select = db->Prepare("SELECT :a, @b, $c, ?4");
    ASSERT_THAT(select, IsOk());
    EXPECT_THAT(select->Bind(":a", std::optional<std::int64_t>(5)), IsOk());
    EXPECT_THAT(select->Bind("@b", std::optional<std::string>()), IsOk());
    EXPECT_THAT(select->Bind("$c", std::string("ba")), IsOk());
    EXPECT_THAT(select->Bind(4, std::vector<std::uint8_t>{1, 2}), IsOk());
    ASSERT_THAT(select->Step(), IsOkAndHolds(true));
    EXPECT_EQ(select->ColumnInt64(0), 5);
    EXPECT_TRUE(select->IsNull(1));
    EXPECT_EQ(select->ColumnText(2), "ba");
    EXPECT_EQ(select->ColumnBlob(3).size(), 2U);

    select->Reset();
    ASSERT_THAT(select->BindAll(1, std::string_view("x"), 3.0, nullptr), IsOk());
    ASSERT_THAT(select->Step(), IsOkAndHolds(true));
    EXPECT_EQ(select->ColumnInt(0), 1);
    EXPECT_EQ(select->ColumnText(1), "x");
    EXPECT_TRUE(select->IsNull(3));
}

TEST_P(ConnectionContract, BindingAMissingParameterIsAnInternalError) {
    auto db = Open();
    ASSERT_THAT(db, IsOk());
    auto select = db->Prepare("SELECT ?1");
    ASSERT_THAT(select, IsOk());
    EXPECT_THAT(select->Bind(2, 1), HasError(ErrorCode::kInternal));
    EXPECT_THAT(select->Bind(":nope", 1), HasError(ErrorCode::kInternal));
}

TEST_P(ConnectionContract, UniqueAndPrimaryKeyViolationsAreAlreadyExists) {
    auto db = Open();
    ASSERT_THAT(db, IsOk());
    ASSERT_THAT(db->Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, code TEXT UNIQUE);"
                         "INSERT INTO t VALUES (1, 'a');"),
                IsOk());
    auto duplicate_code = db->Exec("INSERT INTO t VALUES (2, 'a')");
    EXPECT_THAT(duplicate_code, HasError(ErrorCode::kAlreadyExists));
    EXPECT_THAT(duplicate_code.error().message, HasSubstr("UNIQUE constraint failed: t.code"));
    EXPECT_FALSE(duplicate_code.error().message_vi.empty());

    auto insert = db->Prepare("INSERT INTO t VALUES (?1, ?2)");
    ASSERT_THAT(insert, IsOk());
    ASSERT_THAT(insert->BindAll(1, std::string_view("b")), IsOk());
    EXPECT_THAT(insert->Run(), HasError(ErrorCode::kAlreadyExists));
    // The statement is reset after a failure and can run again.
    ASSERT_THAT(insert->BindAll(3, std::string_view("c")), IsOk());
    EXPECT_THAT(insert->Run(), IsOk());
}

TEST_P(ConnectionContract, OtherConstraintViolationsAreFailedPrecondition) {
    auto db = Open();
    ASSERT_THAT(db, IsOk());
    ASSERT_THAT(db->Exec("CREATE TABLE parent (id INTEGER PRIMARY KEY);"
                         "CREATE TABLE child (id INTEGER PRIMARY KEY,"
                         "  parent_id INTEGER NOT NULL REFERENCES parent(id),"
                         "  qty INTEGER CHECK (qty > 0));"),
                IsOk());
    EXPECT_THAT(db->Exec("INSERT INTO child VALUES (1, 42, 1)"),
                HasError(ErrorCode::kFailedPrecondition));  // foreign key
    EXPECT_THAT(db->Exec("INSERT INTO child VALUES (1, NULL, 1)"),
                HasError(ErrorCode::kFailedPrecondition));  // NOT NULL
    ASSERT_THAT(db->Exec("INSERT INTO parent VALUES (42)"), IsOk());
    EXPECT_THAT(db->Exec("INSERT INTO child VALUES (1, 42, 0)"),
                HasError(ErrorCode::kFailedPrecondition));  // CHECK
    EXPECT_THAT(db->Exec("INSERT INTO child VALUES (1, 42, 1)"), IsOk());
}

TEST_P(ConnectionContract, PrepareTakesExactlyOneStatement) {
    auto db = Open();
    ASSERT_THAT(db, IsOk());
    EXPECT_THAT(db->Prepare("SELECT 1; SELECT 2"), HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(db->Prepare("  -- nothing\n"), HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(db->Prepare("SELECT 1;  "), IsOk());
    auto bad = db->Prepare("SELEKT 1");
    EXPECT_THAT(bad, HasError(ErrorCode::kInternal));
    EXPECT_THAT(bad.error().message, HasSubstr("SELEKT"));
}

TEST_P(ConnectionContract, ExecRunsScriptsAndStopsAtTheFirstError) {
    auto db = Open();
    ASSERT_THAT(db, IsOk());
    EXPECT_THAT(db->Exec("-- leading comment\n"
                         "CREATE TABLE a (x); /* inline */ INSERT INTO a VALUES (1);\n"
                         "INSERT INTO a VALUES (2); -- trailing comment"),
                IsOk());
    EXPECT_THAT(QueryInt(*db, "SELECT count(*) FROM a"), IsOkAndHolds(2));
    EXPECT_THAT(db->Exec("INSERT INTO a VALUES (3); INSERT INTO nope VALUES (4); "
                         "INSERT INTO a VALUES (5);"),
                HasError(ErrorCode::kInternal));
    EXPECT_THAT(QueryInt(*db, "SELECT count(*) FROM a"), IsOkAndHolds(3));
    EXPECT_THAT(db->Exec(""), IsOk());
}

TEST_P(ConnectionContract, CachedStatementsAreReusedAndComeBackClean) {
    auto db = Open();
    ASSERT_THAT(db, IsOk());
    constexpr std::string_view kSql = "SELECT ?1";
    sqlite3_stmt* first_handle = nullptr;
    {
        auto first = db->Cached(kSql);
        ASSERT_THAT(first, IsOk());
        first_handle = (*first)->Handle();
        ASSERT_THAT((*first)->Bind(1, 7), IsOk());
        ASSERT_THAT((*first)->Step(), IsOkAndHolds(true));
        // Borrowed while the first is out: a different statement.
        auto nested = db->Cached(kSql);
        ASSERT_THAT(nested, IsOk());
        EXPECT_NE((*nested)->Handle(), first_handle);
    }
    auto again = db->Cached(kSql);
    ASSERT_THAT(again, IsOk());
    EXPECT_EQ((*again)->Handle(), first_handle);
    ASSERT_THAT((*again)->Step(), IsOkAndHolds(true));
    EXPECT_TRUE((*again)->IsNull(0));  // Bindings were cleared on return.
}

TEST_P(ConnectionContract, AMovedConnectionKeepsWorking) {
    auto db = Open();
    ASSERT_THAT(db, IsOk());
    ASSERT_THAT(db->Exec("CREATE TABLE t (x); INSERT INTO t VALUES (1);"), IsOk());
    {
        auto cached = db->Cached("SELECT count(*) FROM t");
        ASSERT_THAT(cached, IsOk());
    }
    Connection moved = std::move(*db);
    EXPECT_THAT(QueryInt(moved, "SELECT count(*) FROM t"), IsOkAndHolds(1));
    auto cached = moved.Cached("SELECT count(*) FROM t");
    ASSERT_THAT(cached, IsOk());
    EXPECT_THAT((*cached)->Step(), IsOkAndHolds(true));
}

TEST(Connection, RejectsAnEmptyPathAndANegativeTimeout) {
    EXPECT_THAT(Connection::Open(OpenOptions{}), HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(Connection::Open(OpenOptions{.path = ":memory:", .busy_timeout_ms = -1}),
                HasError(ErrorCode::kInvalidArgument));
}

TEST(Connection, AFileThatCannotBeOpenedIsUnavailable) {
    testing::TempDir dir;
    EXPECT_THAT(Connection::Open(OpenOptions{.path = dir.File("missing/sub/dir.db")}),
                HasError(ErrorCode::kUnavailable));
    EXPECT_THAT(Connection::Open(OpenOptions{.path = dir.File("absent.db"), .read_only = true}),
                HasError(ErrorCode::kUnavailable));
}

TEST(Connection, ReadOnlyConnectionsSeeDataButCannotWrite) {
    testing::TempDir dir;
    const std::string path = dir.File("ro.db");
    auto writer = Connection::Open(OpenOptions{.path = path});
    ASSERT_THAT(writer, IsOk());
    ASSERT_THAT(writer->Exec("CREATE TABLE t (x); INSERT INTO t VALUES (1);"), IsOk());

    auto reader = Connection::Open(OpenOptions{.path = path, .read_only = true});
    ASSERT_THAT(reader, IsOk());
    EXPECT_TRUE(reader->IsReadOnly());
    EXPECT_THAT(QueryInt(*reader, "PRAGMA query_only"), IsOkAndHolds(1));
    EXPECT_THAT(QueryInt(*reader, "SELECT count(*) FROM t"), IsOkAndHolds(1));
    EXPECT_THAT(reader->Exec("INSERT INTO t VALUES (2)"), Not(IsOk()));
    ASSERT_THAT(writer->Exec("INSERT INTO t VALUES (3)"), IsOk());
    EXPECT_THAT(QueryInt(*reader, "SELECT count(*) FROM t"), IsOkAndHolds(2));
}

TEST(Connection, SharedCacheUrisAreAccepted) {
    auto a = Connection::Open(OpenOptions{.path = "file:uri_test?mode=memory&cache=shared"});
    ASSERT_THAT(a, IsOk());
    ASSERT_THAT(a->Exec("CREATE TABLE t (x); INSERT INTO t VALUES (1);"), IsOk());
    auto b = Connection::Open(OpenOptions{.path = "file:uri_test?mode=memory&cache=shared"});
    ASSERT_THAT(b, IsOk());
    EXPECT_THAT(QueryInt(*b, "SELECT count(*) FROM t"), IsOkAndHolds(1));
    EXPECT_TRUE(b->IsMemory());
}

}  // namespace
}  // namespace motcua::storage::sqlite
