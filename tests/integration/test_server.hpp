// One real motcua server per test binary: a temporary SQLite file with the demo province
// (agencies, catalog, internal processes; no historical dossiers), one account per role at
// known agencies, and the server listening on a free loopback port.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "app/server_app.hpp"
#include "http_client.hpp"

namespace motcua::testing {

// Agencies of the demo province used by the tests.
inline constexpr std::string_view kCommuneA = "000.00.21.H99";
inline constexpr std::string_view kCommuneB = "000.00.22.H99";
inline constexpr std::string_view kProvince = "000.00.00.H99";
// Đăng ký khai sinh: full online, settled the same day, at communes.
inline constexpr std::string_view kBirthRegistration = "1.001193";
inline constexpr std::string_view kPassword = "Kiem-thu-2026";

class TestServer {
public:
    // Starts the shared server on first use; it lives until the test binary exits.
    static TestServer& Get();

    std::uint16_t port() const { return app_->port(); }

    app::ServerApp& app() { return *app_; }

    // A client signed in as `username` (see the account table in test_server.cpp).
    std::unique_ptr<HttpClient> SignedIn(const std::string& username);

    // The six-digit one-time code of the newest message the notification sink holds for
    // `contact`, or "" when there is none.
    std::string RegistrationCode(const std::string& contact);

private:
    std::string dir_;
    std::unique_ptr<app::ServerApp> app_;
};

// A submission body for `procedure` at `agency`.
nlohmann::json SubmissionBody(std::string_view procedure = kBirthRegistration,
                              std::string_view agency = kCommuneA,
                              std::string_view channel = "online");

}  // namespace motcua::testing
