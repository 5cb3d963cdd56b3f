// The DossierStore contract (core/ports/dossier_store.hpp), written once as a parameterised
// gtest suite and run against every back end: a back end instantiates it with a factory of its
// store, e.g.
//   INSTANTIATE_TEST_SUITE_P(Sqlite, DossierStoreContract, Values(SqliteFactory()), StoreName);
// The events are real ones: the suite drives the store through core's DossierService over a
// SQLite directory seeded with a province, two communes and the birth-registration procedure.
// Test-only header (includes gtest).
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "core/ports/dossier_store.hpp"
#include "core/workflow/dossier_service.hpp"
#include "storage/common/audit_report.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/directory.hpp"
#include "storage/sqlite/testing/test_db.hpp"
#include "storage/testing/province_fixture.hpp"

namespace motcua::storage::testing {

// A store under test with direct access to its database, to check and to tamper with rows
// behind the store's back. The SQL the suite sends is plain enough for every dialect.
class StoreUnderTest {
public:
    virtual ~StoreUnderTest() = default;

    virtual core::ports::DossierStore& Store() = 0;
    // The back end's audit-chain verification.
    virtual Result<AuditReport> VerifyAudit() = 0;
    // Runs one statement on the store's database outside the store; returns the rows changed.
    virtual Result<std::int64_t> Exec(const std::string& sql) = 0;
    // The first column of the first row of `sql` as an integer (kNotFound without a row).
    virtual Result<std::int64_t> QueryInt(const std::string& sql) = 0;
};

struct StoreFactory {
    std::string name;  // the instantiation's name ("Sqlite", "Postgres")
    // A fresh, empty, migrated store. `directory` is the suite's SQLite database holding the
    // catalog (a SQLite store may keep its dossiers in it too); it outlives the store.
    std::function<Result<std::unique_ptr<StoreUnderTest>>(sqlite::Database& directory)> make;
};

// The test-name suffix of a factory.
std::string StoreName(const ::testing::TestParamInfo<StoreFactory>& info);
// How gtest prints a factory (its name).
void PrintTo(const StoreFactory& factory, std::ostream* os);

// The suite: the fixture wires DossierService to the store under test; its tests are defined in
// dossier_store_contract.cpp.
class DossierStoreContract : public ::testing::TestWithParam<StoreFactory> {
protected:
    DossierStoreContract();
    ~DossierStoreContract() override;
    void SetUp() override;
    void TearDown() override;

    sqlite::testing::TempDir dir_;
    FakeClock clock_;
    CountingKeys keys_;
    std::unique_ptr<sqlite::Database> db_;  // the directory's
    std::unique_ptr<sqlite::SqliteDirectory> directory_;
    std::unique_ptr<StoreUnderTest> under_test_;
    std::unique_ptr<core::workflow::DossierService> service_;
};

}  // namespace motcua::storage::testing
