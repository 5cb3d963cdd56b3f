// Server::Impl: the state of one HTTP server, shared by the files that implement it (internal
// to http/): server.cpp (listener and lifecycle), session.cpp (one connection's state machine),
// request_pipeline.cpp (rate limits, authentication, CSRF, the handler call) and
// static_files.cpp (the web UI's files).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_set>
#include <utility>
#include <vector>

// GCC 12 at -O3 reports a "potential null pointer dereference" inside Asio's scheduler when it
// inlines the reactor's completion here (a false positive that fails -Werror release builds).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#pragma GCC diagnostic pop
#include <fmt/format.h>

#include "common/result.hpp"
#include "http/message.hpp"
#include "http/metrics.hpp"
#include "http/rate_limiter.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

namespace motcua::http {

namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

// One connection (session.cpp).
class Session;

// Owns the I/O context, the acceptor, the worker pool, the limiters, the metrics and the registry
// of open sessions. Sessions and workers reach it by reference; it outlives them.
class Server::Impl {
public:
    // Sets up (does not bind or start anything): see Server::Server.
    Impl(ServerOptions options,
         const Router& router,
         Authenticator& auth,
         std::shared_ptr<const StaticFiles> web);

    // "METHOD /pattern" of every route, in the router's order: the metrics' route labels.
    static std::vector<std::string> Labels(const Router& router);

    // Binds, listens, starts accepting and starts the I/O threads: see Server::Start.
    Result<void> Start();

    // Graceful stop: see Server::Stop.
    void Stop();

    // Accepts connections until stopping_, each on its own strand, starting a session for each.
    void Accept();

    // Starts a session on an accepted connection (session.cpp).
    void StartSession(tcp::socket socket);

    // Closes every registered session that waits for a new request (session.cpp).
    void CloseIdleSessions();

    // Pipeline() counted in in_flight_; an exception escaping it is logged and answered 500.
    Response Handle(Request& request, const Route& route);
    // Rate limits, credentials, CSRF, Content-Type, then the route's handler; errors become
    // problem+json (internal ones logged with the request id).
    Response Pipeline(Request& request, const Route& route);
    // The web UI's file for a GET or HEAD outside /api/, if there is one (static_files.cpp).
    std::optional<Response> ServeStatic(const Request& request) const;

    std::string NextRequestId() {
        return fmt::format("{:08x}-{:x}", id_prefix_, next_id_.fetch_add(1) + 1);
    }

    std::size_t RouteIndex(const Route* route) const {
        return route == nullptr ? metrics_.unmatched()
                                : static_cast<std::size_t>(route - router_.routes().data());
    }

    void Register(Session* s) {
        const std::lock_guard lock(sessions_mutex_);
        sessions_.insert(s);
        connections_.fetch_add(1);
    }

    void Unregister(Session* s) {
        {
            const std::lock_guard lock(sessions_mutex_);
            sessions_.erase(s);
            connections_.fetch_sub(1);
        }
        drained_.notify_all();
    }

    ServerOptions options_;
    const Router& router_;
    Authenticator& auth_;
    std::shared_ptr<const StaticFiles> web_;
    Metrics metrics_;
    RateLimiter ip_limiter_;
    RateLimiter account_limiter_;
    RateLimiter login_limiter_;
    // The registry outlives ioc_: destroying ioc_ destroys sessions, which unregister.
    std::mutex sessions_mutex_;
    std::condition_variable drained_;
    std::unordered_set<Session*> sessions_;
    std::atomic<std::int64_t> connections_{0};
    net::io_context ioc_;
    tcp::acceptor acceptor_;
    net::thread_pool workers_;
    std::vector<std::thread> io_threads_;
    std::uint16_t port_ = 0;
    std::atomic<bool> stopping_{false};
    std::atomic<bool> stopped_{false};
    std::atomic<std::int64_t> in_flight_{0};
    std::atomic<std::uint64_t> next_id_{0};
    std::uint32_t id_prefix_ = 0;
};

}  // namespace motcua::http
