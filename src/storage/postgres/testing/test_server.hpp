// A throwaway PostgreSQL server for tests and benchmarks: initdb into a fresh directory, then
// `postgres` (through pg_ctl) listening on a unix socket in that directory only, fsync on. Run
// as root (CI, containers) it runs the server binaries as the `postgres` system user that the
// Debian package creates, since initdb and postgres refuse root. Stopped and removed on
// destruction. Test support: not for production.
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace motcua::storage::postgres::testing {

class TestServer {
public:
    // Starts a server in a new directory under `parent` (default: the system temporary
    // directory). kFailedPrecondition with a clear message when the PostgreSQL server binaries
    // (/usr/lib/postgresql/*/bin/initdb, the Debian package `postgresql`) or, as root, the
    // `postgres` user are missing; kUnavailable, with the end of the server's log, when initdb or
    // the start fails.
    [[nodiscard]] static Result<std::unique_ptr<TestServer>> Start(
        const std::filesystem::path& parent = std::filesystem::temp_directory_path());

    // The server of this process, started on first use and stopped at exit. ASSERT on it.
    [[nodiscard]] static Result<TestServer*> Shared();

    TestServer(const TestServer&) = delete;
    TestServer& operator=(const TestServer&) = delete;
    TestServer(TestServer&&) = delete;
    TestServer& operator=(TestServer&&) = delete;
    // Stops the server (fast shutdown) and removes its directory.
    ~TestServer();

    // The conninfo of database `database` on this server.
    [[nodiscard]] std::string Conninfo(std::string_view database) const;

    // Creates a new empty database named "<prefix>_<n>" and returns its conninfo.
    [[nodiscard]] Result<std::string> CreateDatabase(std::string_view prefix);

private:
    TestServer(std::filesystem::path dir, std::filesystem::path bin, bool as_postgres)
        : dir_(std::move(dir)), bin_(std::move(bin)), as_postgres_(as_postgres) {}

    std::filesystem::path dir_;  // socket directory; the cluster is in dir_/data
    std::filesystem::path bin_;  // /usr/lib/postgresql/<version>/bin
    bool as_postgres_;           // run the binaries through `runuser -u postgres --`
    bool running_ = false;
    std::atomic<int> databases_{0};
};

}  // namespace motcua::storage::postgres::testing
