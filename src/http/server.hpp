// The HTTP server: Boost.Beast over Asio, one I/O thread per core plus a worker pool for
// handlers that wait on durable commits. It owns connections, limits, request ids, the access
// log, authentication, CSRF and rate limits, metrics and graceful shutdown; what a request
// means is the business of the Router's handlers.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "http/message.hpp"
#include "http/metrics.hpp"
#include "http/rate_limiter.hpp"
#include "http/router.hpp"

namespace spdlog {
class logger;
}

namespace motcua::http {

// Resolves credentials to a caller. Thread-safe. kNotFound (or any error) → not signed in.
class Authenticator {
public:
    virtual ~Authenticator() = default;
    [[nodiscard]] virtual Result<Caller> FromSession(std::string_view session_token) = 0;
    [[nodiscard]] virtual Result<Caller> FromApiToken(std::string_view api_token) = 0;
};

// Static files of the web UI (built by Vite), loaded into memory at start-up; paths from the
// network never reach the file system.
class StaticFiles;

struct ServerOptions {
    std::string address = "0.0.0.0";
    std::uint16_t port = 8080;  // 0: any free port (tests)
    int io_threads = 0;         // 0: one per core
    int worker_threads = 64;    // handlers that block on the database
    std::size_t header_limit = 16 * 1024;
    std::size_t json_body_limit = 1024 * 1024;
    std::size_t upload_limit = 20 * 1024 * 1024;  // one multipart request (and so each file)
    std::chrono::seconds header_timeout{
        15};  // whole header, incl. keep-alive idle: slow clients cut off
    std::chrono::seconds body_timeout{60};
    std::chrono::seconds write_timeout{30};
    std::chrono::seconds shutdown_grace{10};
    std::string upload_dir = "/tmp";          // multipart bodies are streamed here, then removed
    bool secure_cookies = false;              // set Secure on cookies (behind TLS)
    RateLimit per_ip{200, 400};               // every request, per client address
    RateLimit per_account{50, 100};           // authenticated requests, per account
    RateLimit login_per_ip{10.0 / 60.0, 10};  // POST /api/v1/auth/login and registration
    // Access log (one line per request); null: none.
    std::shared_ptr<spdlog::logger> access_log;
};

class Server {
public:
    // `router` and `auth` must outlive the server. `web` may be null (API only).
    Server(ServerOptions options,
           const Router& router,
           Authenticator& auth,
           std::shared_ptr<const StaticFiles> web = nullptr);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds and starts the I/O and worker threads. kUnavailable when the address is taken.
    [[nodiscard]] Result<void> Start();

    // The bound port (after Start).
    std::uint16_t port() const;

    // Graceful stop: stops accepting, lets in-flight requests finish (up to shutdown_grace),
    // closes idle connections, joins every thread. Idempotent; safe from any thread but the
    // server's own.
    void Stop();

    Metrics& metrics();
    // Requests being handled now and open connections (for /metrics and tests).
    std::int64_t in_flight() const;
    std::int64_t connections() const;

    class Impl;

private:
    std::unique_ptr<Impl> impl_;
};

// Loads every regular file under `dir` (index.html is the fallback for client-side routes).
// kNotFound when `dir` has no index.html.
[[nodiscard]] Result<std::shared_ptr<const StaticFiles>> LoadStaticFiles(const std::string& dir);

// Decodes %XX and (for queries) '+'. kInvalidArgument for bad escapes or a NUL byte.
[[nodiscard]] Result<std::string> PercentDecode(std::string_view text, bool plus_is_space);

}  // namespace motcua::http
