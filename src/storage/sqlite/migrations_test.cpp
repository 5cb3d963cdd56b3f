#include "storage/sqlite/migrations.hpp"

#include <array>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/testing/result_matchers.hpp"
#include "storage/builtin_migrations.hpp"
#include "storage/sqlite/testing/test_db.hpp"

namespace motcua::storage::sqlite {
namespace {

using testing::DbKind;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::QueryInt;
using testing::QueryText;

constexpr Migration kCreateA{1, "create_a", "CREATE TABLE a (id INTEGER PRIMARY KEY);"};
constexpr Migration kCreateB{2, "create_b", "CREATE TABLE b (id INTEGER PRIMARY KEY);"};
constexpr Migration kCreateC{3, "create_c", "CREATE TABLE c (id INTEGER PRIMARY KEY);"};

class MigrationsContract : public testing::DbTest {
protected:
    void SetUp() override {
        auto db = Open();
        ASSERT_THAT(db, IsOk());
        db_.emplace(std::move(*db));
    }

    Result<std::int64_t> TableCount(std::string_view name) {
        MOTCUA_ASSIGN_OR_RETURN(
            Statement select,
            db_->Prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1"));
        MOTCUA_TRY(select.Bind(1, name));
        MOTCUA_TRY(select.Step());
        return select.ColumnInt64(0);
    }

    std::optional<Connection> db_;
};

INSTANTIATE_TEST_SUITE_P(Db,
                         MigrationsContract,
                         ::testing::Values(DbKind::kMemory, DbKind::kFile),
                         testing::DbKindName);

TEST_P(MigrationsContract, AppliesPendingMigrationsOnceInOrder) {
    EXPECT_THAT(SchemaVersion(*db_), IsOkAndHolds(0));
    const std::array migrations = {kCreateA, kCreateB};
    EXPECT_THAT(Migrate(*db_, migrations), IsOkAndHolds(2));
    EXPECT_THAT(TableCount("a"), IsOkAndHolds(1));
    EXPECT_THAT(TableCount("b"), IsOkAndHolds(1));
    EXPECT_THAT(SchemaVersion(*db_), IsOkAndHolds(2));
    EXPECT_THAT(QueryText(*db_,
                          "SELECT group_concat(version || ':' || name, ',') FROM "
                          "(SELECT * FROM schema_migrations ORDER BY version)"),
                IsOkAndHolds("1:create_a,2:create_b"));
    EXPECT_THAT(
        QueryInt(*db_, "SELECT count(*) FROM schema_migrations WHERE applied_at LIKE '20%Z'"),
        IsOkAndHolds(2));

    // Idempotent: running again changes nothing.
    EXPECT_THAT(Migrate(*db_, migrations), IsOkAndHolds(0));
    EXPECT_THAT(QueryInt(*db_, "SELECT count(*) FROM schema_migrations"), IsOkAndHolds(2));
}

TEST_P(MigrationsContract, AppliesOnlyTheNewOnesLater) {
    EXPECT_THAT(Migrate(*db_, std::array{kCreateA}), IsOkAndHolds(1));
    EXPECT_THAT(Migrate(*db_, std::array{kCreateA, kCreateB, kCreateC}), IsOkAndHolds(2));
    EXPECT_THAT(SchemaVersion(*db_), IsOkAndHolds(3));
}

TEST_P(MigrationsContract, RefusesADatabaseFromTheFuture) {
    ASSERT_THAT(Migrate(*db_, std::array{kCreateA, kCreateB}), IsOkAndHolds(2));
    auto refused = Migrate(*db_, std::array{kCreateA});
    EXPECT_THAT(refused, HasError(ErrorCode::kFailedPrecondition));
    EXPECT_THAT(refused.error().message, HasSubstr("version 2"));
    EXPECT_THAT(SchemaVersion(*db_), IsOkAndHolds(2));
}

TEST_P(MigrationsContract, RefusesARenamedMigration) {
    ASSERT_THAT(Migrate(*db_, std::array{kCreateA}), IsOkAndHolds(1));
    constexpr Migration kRenamed{1, "make_a", kCreateA.sql};
    auto refused = Migrate(*db_, std::array{kRenamed, kCreateB});
    EXPECT_THAT(refused, HasError(ErrorCode::kFailedPrecondition));
    EXPECT_THAT(refused.error().message, HasSubstr("create_a"));
    EXPECT_THAT(TableCount("b"), IsOkAndHolds(0));  // Nothing applied.
}

TEST_P(MigrationsContract, RefusesToApplyAMigrationBelowTheRecordedVersion) {
    ASSERT_THAT(Migrate(*db_, std::array{kCreateA, kCreateC}), IsOkAndHolds(2));
    EXPECT_THAT(Migrate(*db_, std::array{kCreateA, kCreateB, kCreateC}),
                HasError(ErrorCode::kFailedPrecondition));
    EXPECT_THAT(TableCount("b"), IsOkAndHolds(0));
}

TEST_P(MigrationsContract, AFailingMigrationLeavesTheLastGoodVersion) {
    constexpr Migration kBroken{2, "broken", "CREATE TABLE half (x); INSERT INTO nope VALUES (1);"};
    auto failed = Migrate(*db_, std::array{kCreateA, kBroken, kCreateC});
    EXPECT_THAT(failed, HasError(ErrorCode::kInternal));
    EXPECT_THAT(failed.error().message, HasSubstr("2_broken"));
    EXPECT_THAT(SchemaVersion(*db_), IsOkAndHolds(1));
    EXPECT_THAT(TableCount("half"), IsOkAndHolds(0));  // Its own transaction was rolled back.
    EXPECT_THAT(TableCount("c"), IsOkAndHolds(0));
    EXPECT_FALSE(db_->InTransaction());
}

TEST_P(MigrationsContract, RejectsAListOutOfOrder) {
    EXPECT_THAT(Migrate(*db_, std::array{kCreateB, kCreateA}),
                HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(Migrate(*db_, std::array{kCreateA, kCreateA}),
                HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(Migrate(*db_, std::array{Migration{0, "zero", "SELECT 1"}}),
                HasError(ErrorCode::kInvalidArgument));
}

TEST_P(MigrationsContract, TheBuiltinMigrationsApply) {
    auto migrations = ParseMigrationFiles(BuiltinMigrations());
    ASSERT_THAT(migrations, IsOk());
    ASSERT_FALSE(migrations->empty());
    EXPECT_EQ(migrations->front().version, 1);
    EXPECT_EQ(migrations->front().name, "core");
    EXPECT_THAT(Migrate(*db_, *migrations), IsOkAndHolds(static_cast<int>(migrations->size())));
    EXPECT_THAT(Migrate(*db_, *migrations), IsOkAndHolds(0));
    EXPECT_THAT(QueryText(*db_, "PRAGMA integrity_check"), IsOkAndHolds("ok"));
    EXPECT_THAT(QueryInt(*db_, "SELECT count(*) FROM pragma_foreign_key_check"), IsOkAndHolds(0));
}

TEST(ParseMigrationFiles, SortsByVersionAndSplitsTheName) {
    const std::array files = {EmbeddedFile{"0010_add_index.sql", "CREATE INDEX …"},
                              EmbeddedFile{"0002_agencies.sql", "CREATE TABLE agencies (id);"},
                              EmbeddedFile{"1_x.sql", ""}};
    auto parsed = ParseMigrationFiles(files);
    ASSERT_THAT(parsed, IsOk());
    std::vector<std::pair<int, std::string_view>> summary;
    for (const Migration& m : *parsed) {
        summary.emplace_back(m.version, m.name);
    }
    EXPECT_THAT(summary,
                ElementsAre(std::pair{1, std::string_view("x")},
                            std::pair{2, std::string_view("agencies")},
                            std::pair{10, std::string_view("add_index")}));
    EXPECT_EQ((*parsed)[1].sql, "CREATE TABLE agencies (id);");
}

TEST(ParseMigrationFiles, RejectsMalformedNamesAndDuplicates) {
    for (const std::string_view name : {"core.sql",
                                        "0001-core.sql",
                                        "0001_.sql",
                                        "_core.sql",
                                        "0001_Core.sql",
                                        "abcd_core.sql",
                                        "0000_zero.sql",
                                        "0001_core.txt",
                                        "0001_co re.sql"}) {
        const std::array files = {EmbeddedFile{name, "SELECT 1;"}};
        auto parsed = ParseMigrationFiles(files);
        EXPECT_THAT(parsed, HasError(ErrorCode::kInvalidArgument)) << name;
        if (!parsed) {
            EXPECT_THAT(parsed.error().message, HasSubstr(name));
        }
    }
    const std::array duplicates = {EmbeddedFile{"0001_a.sql", ""}, EmbeddedFile{"1_b.sql", ""}};
    EXPECT_THAT(ParseMigrationFiles(duplicates), HasError(ErrorCode::kInvalidArgument));
}

}  // namespace
}  // namespace motcua::storage::sqlite
