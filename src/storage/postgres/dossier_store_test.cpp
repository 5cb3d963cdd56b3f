// PgDossierStore against a real PostgreSQL server (postgres/testing/test_server.hpp, started
// once per test process): the DossierStore contract suite, plus the libpq layer's error mapping,
// the pool and the migrations.
#include "storage/postgres/dossier_store.hpp"

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/testing/result_matchers.hpp"
#include "storage/postgres/builtin_migrations.hpp"
#include "storage/postgres/connection.hpp"
#include "storage/postgres/migrations.hpp"
#include "storage/postgres/pool.hpp"
#include "storage/postgres/testing/test_server.hpp"
#include "storage/testing/dossier_store_contract.hpp"

namespace motcua::storage::postgres {
namespace {

using storage::testing::DossierStoreContract;
using storage::testing::StoreFactory;
using storage::testing::StoreUnderTest;
using ::testing::HasSubstr;
using testing::TestServer;

// A fresh, migrated database on the process's server (ASSERTs on failure).
void FreshDatabase(std::string& conninfo) {
    auto server = TestServer::Shared();
    ASSERT_THAT(server, IsOk()) << (server ? "" : server.error().message);
    auto created = (*server)->CreateDatabase("motcua_test");
    ASSERT_THAT(created, IsOk());
    conninfo = *created;
}

class PgUnderTest final : public StoreUnderTest {
public:
    PgUnderTest(std::unique_ptr<PgPool> pool,
                PgConnection admin,
                std::unique_ptr<PgDossierStore> store)
        : pool_(std::move(pool)), admin_(std::move(admin)), store_(std::move(store)) {}

    core::ports::DossierStore& Store() override { return *store_; }

    Result<AuditReport> VerifyAudit() override { return VerifyAuditChain(*pool_); }

    Result<std::int64_t> Exec(const std::string& sql) override {
        MOTCUA_ASSIGN_OR_RETURN(const PgResult r, admin_.Exec(sql));
        return r.Affected();
    }

    Result<std::int64_t> QueryInt(const std::string& sql) override {
        MOTCUA_ASSIGN_OR_RETURN(const PgResult r, admin_.Exec(sql));
        if (r.Rows() == 0) {
            return Fail(ErrorCode::kNotFound, "no row");
        }
        return r.Int64(0, 0);
    }

private:
    std::unique_ptr<PgPool> pool_;
    PgConnection admin_;
    std::unique_ptr<PgDossierStore> store_;  // declared last: stopped before the pool closes
};

Result<std::unique_ptr<StoreUnderTest>> MakePgStore() {
    MOTCUA_ASSIGN_OR_RETURN(TestServer * server, TestServer::Shared());
    MOTCUA_ASSIGN_OR_RETURN(const std::string conninfo, server->CreateDatabase("contract"));
    MOTCUA_TRY(Migrate(conninfo));
    MOTCUA_ASSIGN_OR_RETURN(std::unique_ptr<PgPool> pool, PgPool::Open(conninfo, 12));
    MOTCUA_ASSIGN_OR_RETURN(PgConnection admin, PgConnection::Open(conninfo));
    MOTCUA_ASSIGN_OR_RETURN(std::unique_ptr<PgDossierStore> store,
                            PgDossierStore::Open(*pool, conninfo, "H99"));
    return std::unique_ptr<StoreUnderTest>(
        new PgUnderTest(std::move(pool), std::move(admin), std::move(store)));
}

StoreFactory PgFactory() {
    return {"Postgres",
            [](sqlite::Database& /*directory*/) -> Result<std::unique_ptr<StoreUnderTest>> {
                return MakePgStore();
            }};
}

INSTANTIATE_TEST_SUITE_P(Postgres,
                         DossierStoreContract,
                         ::testing::Values(PgFactory()),
                         storage::testing::StoreName);

TEST(PgMigrationsTest, AppliesOnceAndRecordsEachVersion) {
    std::string conninfo;
    ASSERT_NO_FATAL_FAILURE(FreshDatabase(conninfo));
    auto files = ParseMigrationFiles(BuiltinMigrations());
    ASSERT_THAT(files, IsOk());
    ASSERT_FALSE(files->empty());
    EXPECT_EQ(files->front().version, 1);
    EXPECT_EQ(files->front().name, "dossiers");

    EXPECT_THAT(Migrate(conninfo), IsOkAndHolds(static_cast<int>(files->size())));
    EXPECT_THAT(Migrate(conninfo), IsOkAndHolds(0));
    auto c = PgConnection::Open(conninfo);
    ASSERT_THAT(c, IsOk());
    auto recorded = c->Exec("SELECT count(*), min(name) FROM schema_migrations");
    ASSERT_THAT(recorded, IsOk());
    EXPECT_THAT(recorded->Int64(0, 0), IsOkAndHolds(static_cast<std::int64_t>(files->size())));
    EXPECT_EQ(recorded->Text(0, 1), "dossiers");
}

TEST(PgMigrationsTest, RefusesADatabaseFromANewerBuildOrARenamedScript) {
    std::string conninfo;
    ASSERT_NO_FATAL_FAILURE(FreshDatabase(conninfo));
    ASSERT_THAT(Migrate(conninfo), IsOk());
    auto c = PgConnection::Open(conninfo);
    ASSERT_THAT(c, IsOk());
    const std::vector<PgMigration> renamed = {{1, "other", "SELECT 1"}};
    EXPECT_THAT(Migrate(*c, renamed), HasError(ErrorCode::kFailedPrecondition));
    ASSERT_THAT(c->Exec("INSERT INTO schema_migrations(version, name) VALUES(999, 'future')"),
                IsOk());
    EXPECT_THAT(Migrate(conninfo), HasError(ErrorCode::kFailedPrecondition));
}

TEST(PgMigrationsTest, ParsesOnlyWellFormedNames) {
    const std::vector<EmbeddedFile> bad = {{"1-x.sql", ""}};
    EXPECT_THAT(ParseMigrationFiles(bad), HasError(ErrorCode::kInvalidArgument));
    const std::vector<EmbeddedFile> twice = {{"0002_a.sql", ""}, {"2_b.sql", ""}};
    EXPECT_THAT(ParseMigrationFiles(twice), HasError(ErrorCode::kInvalidArgument));
    const std::vector<EmbeddedFile> good = {{"0002_b.sql", "B"}, {"0001_a.sql", "A"}};
    auto parsed = ParseMigrationFiles(good);
    ASSERT_THAT(parsed, IsOk());
    ASSERT_EQ(parsed->size(), 2U);
    EXPECT_EQ((*parsed)[0].name, "a");
    EXPECT_EQ((*parsed)[1].sql, "B");
}

TEST(PgConnectionTest, MapsErrors) {
    std::string conninfo;
    ASSERT_NO_FATAL_FAILURE(FreshDatabase(conninfo));
    auto c = PgConnection::Open(conninfo);
    ASSERT_THAT(c, IsOk());
    ASSERT_THAT(c->Exec("CREATE TABLE t (k text PRIMARY KEY, n bigint NOT NULL)"), IsOk());
    ASSERT_THAT(c->Exec("INSERT INTO t VALUES($1, $2)", {"a", std::int64_t{1}}), IsOk());
    EXPECT_THAT(c->Exec("INSERT INTO t VALUES($1, $2)", {"a", std::int64_t{2}}),
                HasError(ErrorCode::kAlreadyExists));
    EXPECT_THAT(c->Exec("INSERT INTO t VALUES($1, $2)", {"b", std::nullopt}),
                HasError(ErrorCode::kFailedPrecondition));
    EXPECT_THAT(c->Exec("SELECT $1::bigint", {"x"}), HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(c->Exec("SELEC 1"), HasError(ErrorCode::kInternal));

    auto r = c->Exec("SELECT k, n, NULL::text, '\\x0001ff'::bytea FROM t");
    ASSERT_THAT(r, IsOk());
    ASSERT_EQ(r->Rows(), 1);
    EXPECT_EQ(r->Text(0, 0), "a");
    EXPECT_THAT(r->Int64(0, 1), IsOkAndHolds(1));
    EXPECT_TRUE(r->IsNull(0, 2));
    auto bytes = r->Bytes(0, 3);
    ASSERT_THAT(bytes, IsOk());
    EXPECT_EQ(*bytes, (std::vector<std::byte>{std::byte{0}, std::byte{1}, std::byte{0xff}}));

    // A failed transaction leaves nothing behind.
    auto failed = InTransaction(*c, [](PgConnection& tx) -> Result<void> {
        MOTCUA_TRY(tx.Exec("INSERT INTO t VALUES('c', 3)"));
        return Fail(ErrorCode::kConflict, "changed my mind");
    });
    EXPECT_THAT(failed, HasError(ErrorCode::kConflict));
    auto count = c->Exec("SELECT count(*) FROM t");
    ASSERT_THAT(count, IsOk());
    EXPECT_THAT(count->Int64(0, 0), IsOkAndHolds(1));
}

TEST(PgConnectionTest, PipelinesStatementsAndStopsAtTheFirstFailure) {
    std::string conninfo;
    ASSERT_NO_FATAL_FAILURE(FreshDatabase(conninfo));
    auto c = PgConnection::Open(conninfo);
    ASSERT_THAT(c, IsOk());
    ASSERT_THAT(c->Exec("CREATE TABLE t (k text PRIMARY KEY)"), IsOk());
    const std::vector<PgStatement> ok = {{"BEGIN", {}},
                                         {"INSERT INTO t VALUES($1)", {"a"}},
                                         {"SELECT count(*) FROM t", {}},
                                         {"COMMIT", {}}};
    auto results = c->Pipeline(ok);
    ASSERT_THAT(results, IsOk());
    ASSERT_EQ(results->size(), 4U);
    EXPECT_THAT((*results)[2].Int64(0, 0), IsOkAndHolds(1));

    const std::vector<PgStatement> failing = {{"BEGIN", {}},
                                              {"INSERT INTO t VALUES($1)", {"b"}},
                                              {"INSERT INTO t VALUES($1)", {"a"}},
                                              {"INSERT INTO t VALUES($1)", {"c"}},
                                              {"COMMIT", {}}};
    EXPECT_THAT(c->Pipeline(failing), HasError(ErrorCode::kAlreadyExists));
    ASSERT_THAT(c->Exec("ROLLBACK"), IsOk());
    auto count = c->Exec("SELECT count(*) FROM t");
    ASSERT_THAT(count, IsOk());
    EXPECT_THAT(count->Int64(0, 0), IsOkAndHolds(1));
    // The connection is usable afterwards.
    EXPECT_TRUE(c->Healthy());
    EXPECT_THAT(c->Exec("SELECT 1"), IsOk());
}

TEST(PgConnectionTest, UnreachableServerIsUnavailable) {
    auto server = TestServer::Shared();
    ASSERT_THAT(server, IsOk());
    auto c = PgConnection::Open(
        "host=/nonexistent/motcua port=5432 user=motcua dbname=x "
        "connect_timeout=2");
    ASSERT_THAT(c, HasError(ErrorCode::kUnavailable));
    EXPECT_THAT(c.error().message, HasSubstr("cannot connect"));
    EXPECT_THAT(PgPool::Open("host=/nonexistent/motcua dbname=x", 2),
                HasError(ErrorCode::kUnavailable));
}

TEST(PgPoolTest, LendsEachConnectionToOneThreadAtATime) {
    std::string conninfo;
    ASSERT_NO_FATAL_FAILURE(FreshDatabase(conninfo));
    auto pool = PgPool::Open(conninfo, 3);
    ASSERT_THAT(pool, IsOk());
    EXPECT_EQ((*pool)->Size(), 3U);
    std::vector<std::thread> threads;
    std::atomic<int> ok{0};
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 20; ++i) {
                auto lease = (*pool)->Acquire();
                if (!lease) {
                    continue;
                }
                auto r = (*lease)->Exec("SELECT pg_backend_pid()");
                if (r && r->Rows() == 1) {
                    ++ok;
                }
            }
        });
    }
    for (std::thread& t : threads) {
        t.join();
    }
    EXPECT_EQ(ok.load(), 160);
}

}  // namespace
}  // namespace motcua::storage::postgres
