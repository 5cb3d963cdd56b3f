// The DossierStore contract (storage/testing/dossier_store_contract.hpp) on SQLite: the store
// keeps its dossiers in the suite's file database, beside the catalog, as in production.
#include "storage/testing/dossier_store_contract.hpp"

#include <memory>
#include <string>

#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/dossier_store.hpp"

namespace motcua::storage::testing {
namespace {

class SqliteUnderTest final : public StoreUnderTest {
public:
    explicit SqliteUnderTest(sqlite::Database& db) : db_(db), store_(db) {}

    core::ports::DossierStore& Store() override { return store_; }

    Result<AuditReport> VerifyAudit() override { return sqlite::VerifyAuditChain(db_); }

    Result<std::int64_t> Exec(const std::string& sql) override {
        return db_.Write([&](sqlite::Connection& c) -> Result<std::int64_t> {
            MOTCUA_ASSIGN_OR_RETURN(sqlite::Statement st, c.Prepare(sql));
            MOTCUA_TRY(st.Run());
            return c.Changes();
        });
    }

    Result<std::int64_t> QueryInt(const std::string& sql) override {
        return db_.Read([&](sqlite::Connection& c) -> Result<std::int64_t> {
            MOTCUA_ASSIGN_OR_RETURN(sqlite::Statement st, c.Prepare(sql));
            MOTCUA_ASSIGN_OR_RETURN(const bool row, st.Step());
            if (!row) {
                return Fail(ErrorCode::kNotFound, "no row");
            }
            return st.ColumnInt64(0);
        });
    }

private:
    sqlite::Database& db_;
    sqlite::SqliteDossierStore store_;
};

StoreFactory SqliteFactory() {
    return {"Sqlite", [](sqlite::Database& directory) -> Result<std::unique_ptr<StoreUnderTest>> {
                return std::make_unique<SqliteUnderTest>(directory);
            }};
}

INSTANTIATE_TEST_SUITE_P(Sqlite,
                         DossierStoreContract,
                         ::testing::Values(SqliteFactory()),
                         StoreName);

}  // namespace
}  // namespace motcua::storage::testing
