// The running server: the database back end, the services, the route table and the HTTP
// server, composed once (for `motcua serve` and for the HTTP integration tests).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "app/wiring.hpp"
#include "common/result.hpp"
#include "core/accounts/account_service.hpp"
#include "http/server.hpp"
#include "integrations/security/argon2id_hasher.hpp"

namespace motcua::app {

struct ServeConfig {
    std::string db;               // SQLite file
    std::string web_dir;          // built web UI; empty: API only
    std::string attachments_dir;  // uploaded files; empty: "<db>.files"
    http::ServerOptions server;   // address, port, limits, timeouts, rate limits
    core::accounts::AccountPolicy accounts;
    integrations::security::Argon2Params argon2;
    std::string public_base_url = "http://localhost:8080";
    std::string access_log = "stderr";  // "stderr", "off" or a file path
};

// Reads a JSON configuration file over `config` (every key optional; unknown keys and bad
// values are refused with the key named). kInvalidArgument / kNotFound.
[[nodiscard]] Result<void> LoadServeConfig(const std::string& path, ServeConfig& config);

class ServerApp {
public:
    // Opens and migrates the database, builds the services and starts listening. Fails (with a
    // clear message) when the database cannot be opened, the web directory has no index.html or
    // the port is taken.
    [[nodiscard]] static Result<std::unique_ptr<ServerApp>> Start(const ServeConfig& config);
    ~ServerApp();
    ServerApp(const ServerApp&) = delete;
    ServerApp& operator=(const ServerApp&) = delete;

    std::uint16_t port() const;
    Backend& backend();
    core::accounts::AccountService& accounts();
    http::Server& server();
    // The route table the server dispatches on (the OpenAPI test compares it with the spec).
    const http::Router& router() const;

    // Graceful stop; idempotent.
    void Stop();

    struct Parts;

private:
    explicit ServerApp(std::unique_ptr<Parts> parts);
    std::unique_ptr<Parts> parts_;
};

}  // namespace motcua::app
