#include "http/server.hpp"

#include <algorithm>
#include <random>

#include "http/internal/server_impl.hpp"

namespace motcua::http {

// ---- Server implementation: listener and lifecycle -----------------------------------------

Server::Impl::Impl(ServerOptions options,
                   const Router& router,
                   Authenticator& auth,
                   std::shared_ptr<const StaticFiles> web)
    : options_(std::move(options)),
      router_(router),
      auth_(auth),
      web_(std::move(web)),
      metrics_(Labels(router)),
      ip_limiter_(options_.per_ip),
      account_limiter_(options_.per_account),
      login_limiter_(options_.login_per_ip),
      acceptor_(ioc_),
      workers_(static_cast<std::size_t>(std::max(1, options_.worker_threads))) {
    std::random_device rd;
    id_prefix_ = rd();
}

std::vector<std::string> Server::Impl::Labels(const Router& router) {
    std::vector<std::string> labels;
    for (const Route& r : router.routes()) {
        labels.push_back(r.method + " " + r.pattern);
    }
    return labels;
}

Result<void> Server::Impl::Start() {
    beast::error_code ec;
    const auto address = net::ip::make_address(options_.address, ec);
    if (ec) {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("bad listen address '{}'", options_.address));
    }
    const tcp::endpoint endpoint{address, options_.port};
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) {
        acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    }
    if (!ec) {
        acceptor_.bind(endpoint, ec);
    }
    if (!ec) {
        acceptor_.listen(net::socket_base::max_listen_connections, ec);
    }
    if (ec) {
        return Fail(
            ErrorCode::kUnavailable,
            fmt::format(
                "cannot listen on {}:{}: {}", options_.address, options_.port, ec.message()),
            fmt::format(
                "Không mở được cổng {}:{}: {}", options_.address, options_.port, ec.message()));
    }
    port_ = acceptor_.local_endpoint().port();
    Accept();
    int n = options_.io_threads;
    if (n <= 0) {
        n = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
    }
    for (int i = 0; i < n; ++i) {
        io_threads_.emplace_back([this] { ioc_.run(); });
    }
    return {};
}

void Server::Impl::Accept() {
    acceptor_.async_accept(net::make_strand(ioc_), [this](beast::error_code ec, tcp::socket s) {
        if (ec) {
            if (ec == net::error::operation_aborted || stopping_) {
                return;
            }
        } else {
            StartSession(std::move(s));
        }
        if (!stopping_) {
            Accept();
        }
    });
}

void Server::Impl::Stop() {
    if (stopped_.exchange(true)) {
        return;
    }
    stopping_ = true;
    net::post(ioc_, [this] {
        beast::error_code ec;
        acceptor_.close(ec);
    });
    CloseIdleSessions();
    // In-flight requests finish; their connections then close because stopping_ is set.
    {
        std::unique_lock lock(sessions_mutex_);
        drained_.wait_for(lock, options_.shutdown_grace, [this] { return sessions_.empty(); });
    }
    ioc_.stop();
    for (std::thread& t : io_threads_) {
        t.join();
    }
    io_threads_.clear();
    workers_.join();
}

// ---- Server --------------------------------------------------------------------------------

Server::Server(ServerOptions options,
               const Router& router,
               Authenticator& auth,
               std::shared_ptr<const StaticFiles> web)
    : impl_(std::make_unique<Impl>(std::move(options), router, auth, std::move(web))) {}

Server::~Server() {
    Stop();
}

Result<void> Server::Start() {
    return impl_->Start();
}

std::uint16_t Server::port() const {
    return impl_->port_;
}

void Server::Stop() {
    impl_->Stop();
}

Metrics& Server::metrics() {
    return impl_->metrics_;
}

std::int64_t Server::in_flight() const {
    return impl_->in_flight_.load();
}

std::int64_t Server::connections() const {
    return impl_->connections_.load();
}

}  // namespace motcua::http
