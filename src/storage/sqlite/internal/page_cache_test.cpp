#include "storage/sqlite/internal/page_cache.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/testing/result_matchers.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/statement.hpp"
#include "storage/sqlite/testing/test_db.hpp"

namespace motcua::storage::sqlite::internal {
namespace {

constexpr unsigned kSplitKey = 262145;  // SQLite's temporary number during a split (4 KiB)

struct Op {
    enum Kind { kCreate, kMove, kTruncate } kind;

    unsigned a = 0;
    unsigned b = 0;
};

struct BoundCase {
    std::string name;
    std::vector<Op> ops;
    unsigned limit;
    bool may_hold;
};

// One page created at 1, then moved to nine distinct keys above it: one more than the bound
// keeps exactly.
std::vector<Op> PastTheSlots() {
    std::vector<Op> ops{{Op::kCreate, 1}};
    for (unsigned key = 101; key <= 109; ++key) {
        ops.push_back({Op::kMove, 1, key});
    }
    return ops;
}

class TruncationBoundTest : public ::testing::TestWithParam<BoundCase> {};

TEST_P(TruncationBoundTest, AnswersFromTheKeysPagesWereGiven) {
    TruncationBound bound;
    for (const Op& op : GetParam().ops) {
        switch (op.kind) {
            case Op::kCreate:
                bound.Created(op.a);
                break;
            case Op::kMove:
                bound.Moved(op.a, op.b);
                break;
            case Op::kTruncate:
                bound.Truncated(op.a);
                break;
        }
    }
    EXPECT_EQ(bound.MayHoldFrom(GetParam().limit), GetParam().may_hold);
}

INSTANTIATE_TEST_SUITE_P(
    Sequences,
    TruncationBoundTest,
    ::testing::Values(
        BoundCase{"Empty", {}, 1, false},
        BoundCase{"CreatedBelowLimit", {{Op::kCreate, 10}}, 11, false},
        BoundCase{"CreatedAtLimit", {{Op::kCreate, 10}}, 10, true},
        BoundCase{"CreatedAboveLimit", {{Op::kCreate, 3}, {Op::kCreate, 12}}, 11, true},
        BoundCase{"SplitSwapInProgress", {{Op::kCreate, 10}, {Op::kMove, 5, kSplitKey}}, 11, true},
        // A split's swap: A -> temporary, B -> A, temporary -> B.
        BoundCase{"SplitSwapDone",
                  {{Op::kCreate, 10},
                   {Op::kMove, 5, kSplitKey},
                   {Op::kMove, 8, 5},
                   {Op::kMove, kSplitKey, 8}},
                  11,
                  false},
        BoundCase{"MovedWithinCreated", {{Op::kCreate, 10}, {Op::kMove, 3, 7}}, 11, false},
        BoundCase{"MovedAboveAndStays", {{Op::kCreate, 10}, {Op::kMove, 3, 40}}, 11, true},
        BoundCase{"TruncatedLowersCreated", {{Op::kCreate, 10}, {Op::kTruncate, 6}}, 6, false},
        BoundCase{"TruncatedKeepsBelow", {{Op::kCreate, 10}, {Op::kTruncate, 6}}, 5, true},
        BoundCase{"TruncatedDropsMovedAbove",
                  {{Op::kCreate, 10}, {Op::kMove, 3, 500}, {Op::kTruncate, 400}},
                  11,
                  false},
        BoundCase{"TruncatedKeepsMovedBelow",
                  {{Op::kCreate, 10}, {Op::kMove, 3, 300}, {Op::kTruncate, 400}},
                  11,
                  true},
        BoundCase{"TooManyMovesIsUnknown", PastTheSlots(), 1000, true},
        BoundCase{"UnknownUntilTruncated",
                  [] {
                      std::vector<Op> ops = PastTheSlots();
                      ops.push_back({Op::kTruncate, 50});
                      return ops;
                  }(),
                  50,
                  false}),
    [](const ::testing::TestParamInfo<BoundCase>& p) { return p.param.name; });

std::int64_t Count(Connection& c, const char* sql) {
    auto st = c.Prepare(sql);
    EXPECT_THAT(st, IsOk());
    auto row = st->Step();
    EXPECT_THAT(row, IsOk());
    return st->ColumnInt64(0);
}

// Pages created inside a rolled-back savepoint lie beyond the database's end afterwards; they
// must still be dropped, and the splits of the later inserts must still reuse page numbers
// correctly. Whole transactions through the layer, checked by SQLite's integrity check.
TEST(PageCacheTest, RolledBackGrowthAndSplitsLeaveAConsistentDatabase) {
    const sqlite::testing::TempDir dir;
    OpenOptions options;
    options.path = dir.File("cache.db");
    auto c = Connection::Open(options);
    ASSERT_THAT(c, IsOk());
    ASSERT_THAT(c->Exec("CREATE TABLE t(id INTEGER PRIMARY KEY, k TEXT, v TEXT);"
                        "CREATE INDEX t_k ON t(k);"),
                IsOk());
    for (int round = 0; round < 3; ++round) {
        ASSERT_THAT(c->Exec("BEGIN IMMEDIATE; SAVEPOINT grow;"
                            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                            "WHERE i < 3000) INSERT INTO t(k, v) SELECT hex(randomblob(8)), "
                            "hex(randomblob(200)) FROM n;"
                            "ROLLBACK TO grow; RELEASE grow;"
                            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                            "WHERE i < 500) INSERT INTO t(k, v) SELECT hex(randomblob(8)), "
                            "hex(randomblob(200)) FROM n;"
                            "COMMIT;"),
                    IsOk());
    }
    EXPECT_EQ(Count(*c, "SELECT count(*) FROM t"), 1500);
    EXPECT_EQ(Count(*c, "SELECT count(*) FROM t INDEXED BY t_k WHERE k > ''"), 1500);
    auto check = c->Prepare("PRAGMA integrity_check");
    ASSERT_THAT(check, IsOk());
    ASSERT_THAT(check->Step(), IsOk());
    EXPECT_EQ(std::string(check->ColumnText(0)), "ok");
}

}  // namespace
}  // namespace motcua::storage::sqlite::internal
