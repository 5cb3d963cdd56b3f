#include "test_server.hpp"

#include <cstdlib>
#include <filesystem>
#include <regex>
#include <stdexcept>

#include <fmt/format.h>

#include "app/demo/seeder.hpp"
#include "app/wiring.hpp"
#include "common/clock.hpp"
#include "storage/sqlite/account_store.hpp"

namespace motcua::testing {

namespace {

struct AccountSpec {
    const char* username;
    core::workflow::Role role;
    std::string_view agency;
};

using core::workflow::Role;

// The accounts every test can sign in as (password kPassword).
const AccountSpec kAccounts[] = {
    {"citizen1", Role::kCitizen, ""},
    {"citizen2", Role::kCitizen, ""},
    {"officer_a", Role::kOneStopOfficer, kCommuneA},
    {"officer_b", Role::kOneStopOfficer, kCommuneB},
    {"specialist_a", Role::kSpecialist, kCommuneA},
    {"leader_a", Role::kAgencyLeader, kCommuneA},
    {"controller", Role::kProvinceController, kProvince},
    {"admin", Role::kAdministrator, kProvince},
    {"auditor", Role::kAuditor, kProvince},
};

void Check(const Result<void>& r, const char* what) {
    if (!r) {
        throw std::runtime_error(fmt::format("{}: {}", what, r.error().message));
    }
}

}  // namespace

TestServer& TestServer::Get() {
    static TestServer* server = [] {
        auto* s = new TestServer;
        s->dir_ = (std::filesystem::temp_directory_path() /
                   fmt::format("motcua-it-{}", static_cast<long>(::getpid())))
                      .string();
        std::filesystem::remove_all(s->dir_);
        std::filesystem::create_directories(s->dir_);
        const std::string db = s->dir_ + "/motcua.db";
        {
            auto backend = app::OpenBackend(db, /*bulk=*/true);
            Check(backend.has_value() ? Result<void>{} : tl::unexpected(backend.error()), "open");
            app::demo::SeedOptions options;
            options.dossiers = 0;
            const auto seeded = app::demo::SeedDemo(*backend, options);
            Check(seeded.has_value() ? Result<void>{} : tl::unexpected(seeded.error()), "seed");
        }
        app::ServeConfig config;
        config.db = db;
        config.server.address = "127.0.0.1";
        config.server.port = 0;
        config.server.io_threads = 2;
        config.server.worker_threads = 8;
        config.server.upload_dir = s->dir_;
        config.server.header_timeout = std::chrono::seconds{2};
        config.server.body_timeout = std::chrono::seconds{2};
        config.server.per_ip = {10000, 10000};
        config.server.per_account = {10000, 10000};
        config.server.login_per_ip = {1000, 1000};
        config.argon2.memory_kib = 64;
        config.argon2.iterations = 1;
        config.access_log = "off";
        auto app = app::ServerApp::Start(config);
        Check(app.has_value() ? Result<void>{} : tl::unexpected(app.error()), "start");
        s->app_ = std::move(*app);
        const auto system = core::accounts::SystemPrincipal();
        for (const AccountSpec& spec : kAccounts) {
            core::accounts::NewAccount account;
            account.username = spec.username;
            account.display_name = std::string("Người dùng ") + spec.username;
            account.role = spec.role;
            account.agency_code = std::string(spec.agency);
            account.password = std::string(kPassword);
            const auto created = s->app_->accounts().CreateAccount(system, account);
            Check(created.has_value() ? Result<void>{} : tl::unexpected(created.error()),
                  spec.username);
        }
        std::atexit([] {
            // Leave the temporary directory behind only when the server could not stop.
            std::error_code ec;
            std::filesystem::remove_all(
                std::filesystem::temp_directory_path() /
                    fmt::format("motcua-it-{}", static_cast<long>(::getpid())),
                ec);
        });
        return s;
    }();
    return *server;
}

std::string TestServer::RegistrationCode(const std::string& contact) {
    const FakeClock clock{Instant{}};  // the sink reads only; its clock stamps new messages
    storage::sqlite::SqliteNotificationSink sink(*app_->backend().db, clock);
    const auto recent = sink.Recent(contact, 1);
    if (!recent || recent->empty()) {
        return "";
    }
    std::smatch m;
    static const std::regex kCode("[0-9]{6}");
    return std::regex_search(recent->front().text, m, kCode) ? m.str() : "";
}

std::unique_ptr<HttpClient> TestServer::SignedIn(const std::string& username) {
    auto client = std::make_unique<HttpClient>(port());
    const HttpResponse r = client->Login(username, kPassword);
    if (r.status != 200) {
        throw std::runtime_error(fmt::format("login {} failed: {} {}", username, r.status, r.body));
    }
    return client;
}

nlohmann::json SubmissionBody(std::string_view procedure,
                              std::string_view agency,
                              std::string_view channel) {
    return {
        {"procedure_code", procedure},
        {"agency_code", agency},
        {"channel", channel},
        {"applicant",
         {{"name", "Nguyễn Văn An"},
          {"id_number", "001090000001"},
          {"phone", "0912345678"},
          {"address", "Thôn Đông, xã Minh Khai"}}},
        {"components", {"TP1", "TP2"}},
    };
}

}  // namespace motcua::testing
