#include "storage/postgres/testing/test_server.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <system_error>
#include <vector>

#include <fmt/format.h>
#include <pwd.h>
#include <stdlib.h>  // NOLINT(modernize-deprecated-headers): mkdtemp
#include <unistd.h>

#include "storage/postgres/connection.hpp"

namespace motcua::storage::postgres::testing {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kSuperuser = "motcua";

// The newest /usr/lib/postgresql/<version>/bin holding initdb, postgres and pg_ctl.
std::optional<fs::path> FindBinaries() {
    std::vector<fs::path> found;
    std::error_code ec;
    for (const fs::directory_entry& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
        const fs::path bin = entry.path() / "bin";
        if (fs::exists(bin / "initdb") && fs::exists(bin / "postgres") &&
            fs::exists(bin / "pg_ctl")) {
            found.push_back(bin);
        }
    }
    if (found.empty()) {
        return std::nullopt;
    }
    // Versions as numbers: "9.6" < "15".
    std::sort(found.begin(), found.end(), [](const fs::path& a, const fs::path& b) {
        return std::stod(a.parent_path().filename().string()) <
               std::stod(b.parent_path().filename().string());
    });
    return found.back();
}

std::string Tail(const fs::path& log) {
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    std::string s = text.str();
    if (s.size() > 2000) {
        s = "…" + s.substr(s.size() - 2000);
    }
    return s;
}

}  // namespace

Result<std::unique_ptr<TestServer>> TestServer::Start(const fs::path& parent) {
    const std::optional<fs::path> bin = FindBinaries();
    if (!bin) {
        return Fail(ErrorCode::kFailedPrecondition,
                    "PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/initdb): "
                    "install the Debian packages listed in scripts/debian-packages.txt "
                    "(postgresql) to run the PostgreSQL tests");
    }
    const bool root = geteuid() == 0;
    const passwd* postgres = root ? getpwnam("postgres") : nullptr;
    if (root && postgres == nullptr) {
        return Fail(ErrorCode::kFailedPrecondition,
                    "running as root but there is no `postgres` user to run the PostgreSQL "
                    "server as (the Debian package `postgresql` creates it)");
    }
    std::string pattern = (parent / "motcua_pg_XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
        return Fail(ErrorCode::kUnavailable,
                    fmt::format("cannot create a directory under {}", parent.string()));
    }
    std::unique_ptr<TestServer> server(new TestServer(fs::path(pattern), *bin, root));
    if (root && chown(pattern.c_str(), postgres->pw_uid, postgres->pw_gid) != 0) {
        return Fail(ErrorCode::kUnavailable,
                    fmt::format("cannot give {} to the postgres user", pattern));
    }
    const std::string run = root ? "runuser -u postgres -- " : "";
    const fs::path& dir = server->dir_;
    const std::string initdb =
        fmt::format("{}{} -D {} -U {} -A trust -E UTF8 --locale=C --no-sync > {} 2>&1",
                    run,
                    (*bin / "initdb").string(),
                    (dir / "data").string(),
                    kSuperuser,
                    (dir / "initdb.log").string());
    if (std::system(initdb.c_str()) != 0) {
        return Fail(ErrorCode::kUnavailable,
                    fmt::format("initdb failed: {}", Tail(dir / "initdb.log")));
    }
    const std::string start = fmt::format(
        "{}{} -D {} -l {} -w -t 120 -o \"-k {} -c listen_addresses='' -c fsync=on "
        "-c synchronous_commit=on -c max_connections=200\" start > {} 2>&1",
        run,
        (*bin / "pg_ctl").string(),
        (dir / "data").string(),
        (dir / "server.log").string(),
        dir.string(),
        (dir / "pg_ctl.log").string());
    if (std::system(start.c_str()) != 0) {
        return Fail(ErrorCode::kUnavailable,
                    fmt::format("PostgreSQL did not start: {}\n{}",
                                Tail(dir / "pg_ctl.log"),
                                Tail(dir / "server.log")));
    }
    server->running_ = true;
    return server;
}

Result<TestServer*> TestServer::Shared() {
    static std::mutex mutex;
    static std::unique_ptr<TestServer> server;
    const std::lock_guard lock(mutex);
    if (!server) {
        MOTCUA_ASSIGN_OR_RETURN(server, Start());
    }
    return server.get();
}

TestServer::~TestServer() {
    if (running_) {
        const std::string stop = fmt::format("{}{} -D {} -m fast -w stop > /dev/null 2>&1",
                                             as_postgres_ ? "runuser -u postgres -- " : "",
                                             (bin_ / "pg_ctl").string(),
                                             (dir_ / "data").string());
        static_cast<void>(std::system(stop.c_str()));
    }
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
}

std::string TestServer::Conninfo(std::string_view database) const {
    return fmt::format("host={} port=5432 user={} dbname={}", dir_.string(), kSuperuser, database);
}

Result<std::string> TestServer::CreateDatabase(std::string_view prefix) {
    const std::string name = fmt::format("{}_{}", prefix, databases_.fetch_add(1));
    MOTCUA_ASSIGN_OR_RETURN(PgConnection admin, PgConnection::Open(Conninfo("postgres")));
    MOTCUA_TRY(admin.Exec(fmt::format("CREATE DATABASE \"{}\"", name)));
    return Conninfo(name);
}

}  // namespace motcua::storage::postgres::testing
