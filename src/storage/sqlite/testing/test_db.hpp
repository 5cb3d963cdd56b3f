// Test helpers for the storage tests: a unique temporary directory removed on destruction, the
// parameterised fixture that runs a contract suite against both ":memory:" and a file database,
// and small query helpers. Test-only header (includes gtest).
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>

#include <gtest/gtest.h>

#include "common/result.hpp"
#include "storage/sqlite/connection.hpp"

namespace motcua::storage::sqlite::testing {

// A fresh directory under std::filesystem::temp_directory_path(), removed with its contents.
class TempDir {
public:
    TempDir() {
        static std::atomic<std::uint64_t> counter{0};
        std::random_device random;
        const std::uint64_t salt = (std::uint64_t{random()} << 32U) ^ random();
        path_ = std::filesystem::temp_directory_path() /
                ("motcua_storage_" + std::to_string(salt) + "_" + std::to_string(counter++));
        std::filesystem::create_directories(path_);
    }

    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    TempDir(TempDir&&) = delete;
    TempDir& operator=(TempDir&&) = delete;

    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }

    [[nodiscard]] const std::filesystem::path& Path() const { return path_; }

    // The path of `name` inside the directory.
    [[nodiscard]] std::string File(std::string_view name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

// kFileSynced: a file whose writer flushes its commits off the writer thread
// (WriterOptions::durable_file); suites that start a Writer themselves honour it.
enum class DbKind { kMemory, kFile, kFileSynced };

inline std::string DbKindName(const ::testing::TestParamInfo<DbKind>& info) {
    switch (info.param) {
        case DbKind::kMemory:
            return "Memory";
        case DbKind::kFile:
            return "File";
        case DbKind::kFileSynced:
            return "FileSynced";
    }
    return "Unknown";
}

// Base fixture of the contract suites: INSTANTIATE_TEST_SUITE_P(..., Values(DbKind::kMemory,
// DbKind::kFile), DbKindName) on a subclass.
class DbTest : public ::testing::TestWithParam<DbKind> {
protected:
    [[nodiscard]] bool IsFile() const { return GetParam() != DbKind::kMemory; }

    // ":memory:" or a file in the test's temporary directory.
    [[nodiscard]] std::string DbPath() const {
        return IsFile() ? dir_.File("contract.db") : std::string(":memory:");
    }

    // Opens a writable connection to DbPath().
    [[nodiscard]] Result<Connection> Open() const {
        return Connection::Open(OpenOptions{.path = DbPath()});
    }

    TempDir dir_;
};

// The first column of the first row of `sql` as an integer.
inline Result<std::int64_t> QueryInt(Connection& connection, std::string_view sql) {
    MOTCUA_ASSIGN_OR_RETURN(Statement statement, connection.Prepare(sql));
    MOTCUA_ASSIGN_OR_RETURN(const bool row, statement.Step());
    if (!row) {
        return Fail(ErrorCode::kNotFound, "no row");
    }
    return statement.ColumnInt64(0);
}

// The first column of the first row of `sql` as text.
inline Result<std::string> QueryText(Connection& connection, std::string_view sql) {
    MOTCUA_ASSIGN_OR_RETURN(Statement statement, connection.Prepare(sql));
    MOTCUA_ASSIGN_OR_RETURN(const bool row, statement.Step());
    if (!row) {
        return Fail(ErrorCode::kNotFound, "no row");
    }
    return std::string(statement.ColumnText(0));
}

// Spins (yielding, never sleeping) until `done()` holds.
template <class Predicate>
void WaitUntil(Predicate done) {
    while (!done()) {
        std::this_thread::yield();
    }
}

}  // namespace motcua::storage::sqlite::testing
