#include "http/server.hpp"

#include <atomic>
#include <cctype>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <unordered_set>
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
#include <spdlog/spdlog.h>

#include "http/access_log.hpp"
#include "http/error_mapping.hpp"

namespace motcua::http {

namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

// ---- Static files --------------------------------------------------------------------------

class StaticFiles {
public:
    struct File {
        std::string content_type;
        std::string body;
        std::string gzip;  // precompressed sibling (<name>.gz), if any
        bool immutable = false;
    };

    // The file for a URL path; client-side routes (no extension) fall back to index.html.
    const File* Find(std::string_view path) const {
        if (path.empty() || path == "/") {
            path = "/index.html";
        }
        const auto it = files_.find(std::string(path));
        if (it != files_.end()) {
            return &it->second;
        }
        const auto slash = path.rfind('/');
        if (path.find('.', slash == std::string_view::npos ? 0 : slash) == std::string_view::npos) {
            const auto index = files_.find("/index.html");
            return index == files_.end() ? nullptr : &index->second;
        }
        return nullptr;
    }

    std::unordered_map<std::string, File> files_;
};

namespace {

std::string_view ContentTypeOf(const std::filesystem::path& p) {
    static const std::unordered_map<std::string, std::string_view> kTypes = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".woff", "font/woff"},
        {".txt", "text/plain; charset=utf-8"},
        {".webmanifest", "application/manifest+json"},
    };
    const auto it = kTypes.find(p.extension().string());
    return it == kTypes.end() ? std::string_view("application/octet-stream") : it->second;
}

Result<std::string> ReadWholeFile(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) {
        return Fail(ErrorCode::kUnavailable, fmt::format("cannot read {}", p.string()));
    }
    // Not istreambuf_iterator: GCC 12 at -O3 flags it as a null dereference (false positive).
    std::ostringstream content;
    content << in.rdbuf();
    return std::move(content).str();
}

}  // namespace

Result<std::shared_ptr<const StaticFiles>> LoadStaticFiles(const std::string& dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_regular_file(fs::path(dir) / "index.html", ec)) {
        return Fail(ErrorCode::kNotFound,
                    fmt::format("web directory {} has no index.html (build the UI first)", dir),
                    fmt::format("Thư mục giao diện {} không có index.html", dir));
    }
    auto files = std::make_shared<StaticFiles>();
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
        if (!it->is_regular_file()) {
            continue;
        }
        const fs::path& p = it->path();
        std::string url = "/" + fs::relative(p, dir).generic_string();
        MOTCUA_ASSIGN_OR_RETURN(std::string body, ReadWholeFile(p));
        if (p.extension() == ".gz") {
            url.resize(url.size() - 3);
            files->files_[url].gzip = std::move(body);
            continue;
        }
        StaticFiles::File& f = files->files_[url];
        f.content_type = std::string(ContentTypeOf(p));
        f.body = std::move(body);
        f.immutable = url.starts_with("/assets/");
    }
    if (ec) {
        return Fail(ErrorCode::kUnavailable, fmt::format("cannot list {}: {}", dir, ec.message()));
    }
    // A .gz without its original is not served.
    std::erase_if(files->files_,
                  [](const auto& entry) { return entry.second.content_type.empty(); });
    return std::shared_ptr<const StaticFiles>(std::move(files));
}

Result<std::string> PercentDecode(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    const auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '%') {
            if (i + 2 >= text.size()) {
                return Fail(ErrorCode::kInvalidArgument, "bad percent escape");
            }
            const int hi = hex(text[i + 1]);
            const int lo = hex(text[i + 2]);
            if (hi < 0 || lo < 0) {
                return Fail(ErrorCode::kInvalidArgument, "bad percent escape");
            }
            c = static_cast<char>(hi * 16 + lo);
            i += 2;
        } else if (c == '+' && plus_is_space) {
            c = ' ';
        }
        if (c == '\0') {
            return Fail(ErrorCode::kInvalidArgument, "NUL byte in URL");
        }
        out += c;
    }
    return out;
}

// ---- Server implementation -----------------------------------------------------------------

class Session;

class Server::Impl {
public:
    Impl(ServerOptions options,
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

    static std::vector<std::string> Labels(const Router& router) {
        std::vector<std::string> labels;
        for (const Route& r : router.routes()) {
            labels.push_back(r.method + " " + r.pattern);
        }
        return labels;
    }

    Result<void> Start() {
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

    void Stop();

    void Accept() {
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

    void StartSession(tcp::socket socket);

    Response Handle(Request& request, const Route& route);
    Response Pipeline(Request& request, const Route& route);
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

namespace {

bool IsStateChanging(std::string_view method) {
    return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

std::optional<std::string_view> CookieValue(const Request& request, std::string_view name) {
    const auto header = request.Header("cookie");
    if (!header) {
        return std::nullopt;
    }
    std::string_view rest = *header;
    while (!rest.empty()) {
        const auto semi = rest.find(';');
        std::string_view pair = rest.substr(0, semi);
        rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
        while (!pair.empty() && pair.front() == ' ') {
            pair.remove_prefix(1);
        }
        const auto eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
            return pair.substr(eq + 1);
        }
    }
    return std::nullopt;
}

bool ConstantTimeEqual(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        diff = static_cast<unsigned char>(
            diff | (static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i])));
    }
    return diff == 0;
}

bool ValidClientRequestId(std::string_view id) {
    if (id.empty() || id.size() > 64) {
        return false;
    }
    for (const char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
        if (!ok) {
            return false;
        }
    }
    return true;
}

}  // namespace

Response Server::Impl::Pipeline(Request& request, const Route& route) {
    const auto now = std::chrono::steady_clock::now();
    RateLimiter& limiter = route.rate_class.empty() ? ip_limiter_ : login_limiter_;
    if (!limiter.Allow(request.remote_ip, now)) {
        Response r = Problem(HttpProblem::kTooManyRequests, request);
        r.headers.emplace_back("Retry-After",
                               std::to_string(limiter.RetryAfter(request.remote_ip, now)));
        return r;
    }
    if (const auto cookie = CookieValue(request, "motcua_session"); cookie && !cookie->empty()) {
        if (auto caller = auth_.FromSession(*cookie)) {
            request.caller = std::move(*caller);
        }
    } else if (const auto authz = request.Header("authorization");
               authz && authz->starts_with("Bearer ")) {
        auto caller = auth_.FromApiToken(authz->substr(7));
        if (!caller) {
            return Problem(HttpProblem::kUnauthenticated, request);
        }
        request.caller = std::move(*caller);
    }
    if (route.access == Access::kAuthenticated && !request.caller) {
        return Problem(HttpProblem::kUnauthenticated, request);
    }
    if (request.caller && !request.caller->by_token && IsStateChanging(request.method) &&
        !route.csrf_exempt) {
        const auto token = request.Header("x-csrf-token");
        if (!token || !ConstantTimeEqual(*token, request.caller->csrf_token)) {
            return Problem(HttpProblem::kCsrfRejected, request);
        }
    }
    if (request.caller && !account_limiter_.Allow(request.caller->username, now)) {
        Response r = Problem(HttpProblem::kTooManyRequests, request);
        r.headers.emplace_back("Retry-After", "1");
        return r;
    }
    if (!request.body.empty()) {
        const auto type = request.Header("content-type");
        if (!type || !type->starts_with("application/json")) {
            return Problem(HttpProblem::kUnsupportedMediaType,
                           request,
                           "Content-Type must be application/json");
        }
    }
    Result<Response> result = route.handler(request);
    if (!result && (result.error().code == ErrorCode::kInternal ||
                    result.error().code == ErrorCode::kUnavailable)) {
        // The client sees no internals; the operator finds them by request id.
        spdlog::error("request {} {} {}: {}: {}",
                      request.request_id,
                      request.method,
                      request.path,
                      ErrorCodeName(result.error().code),
                      result.error().message);
    }
    return result ? std::move(*result) : Problem(result.error(), request);
}

Response Server::Impl::Handle(Request& request, const Route& route) {
    in_flight_.fetch_add(1);
    Response response;
    // The one last-resort catch (STYLE.md §4.6): log, answer 500, keep serving.
    try {
        response = Pipeline(request, route);
    } catch (const std::exception& e) {
        spdlog::error("request {} {} {}: unhandled exception: {}",
                      request.request_id,
                      request.method,
                      request.path,
                      e.what());
        response = Problem(Error{ErrorCode::kInternal, "unhandled exception", {}, {}}, request);
    } catch (...) {
        spdlog::error("request {} {} {}: unhandled non-standard exception",
                      request.request_id,
                      request.method,
                      request.path);
        response = Problem(Error{ErrorCode::kInternal, "unhandled exception", {}, {}}, request);
    }
    in_flight_.fetch_sub(1);
    return response;
}

std::optional<Response> Server::Impl::ServeStatic(const Request& request) const {
    if (!web_ || (request.method != "GET" && request.method != "HEAD") ||
        request.path.starts_with("/api/")) {
        return std::nullopt;
    }
    const StaticFiles::File* file = web_->Find(request.path);
    if (file == nullptr) {
        return std::nullopt;
    }
    Response r;
    r.content_type = file->content_type;
    const auto encodings = request.Header("accept-encoding");
    if (!file->gzip.empty() && encodings && encodings->find("gzip") != std::string_view::npos) {
        r.body = file->gzip;
        r.headers.emplace_back("Content-Encoding", "gzip");
    } else {
        r.body = file->body;
    }
    if (!file->gzip.empty()) {
        r.headers.emplace_back("Vary", "Accept-Encoding");
    }
    r.headers.emplace_back("Cache-Control",
                           file->immutable ? "public, max-age=31536000, immutable" : "no-cache");
    return r;
}

// ---- One connection ------------------------------------------------------------------------

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket&& socket, Server::Impl& server)
        : stream_(std::move(socket)), server_(server) {
        beast::error_code ec;
        const auto remote = stream_.socket().remote_endpoint(ec);
        remote_ip_ = ec ? std::string("unknown") : remote.address().to_string();
        server_.Register(this);
    }

    ~Session() {
        RemoveUpload();
        server_.Unregister(this);
    }

    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    void Start() {
        net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->ReadHeader(); });
    }

    // Closes the connection if it is waiting for a new request (shutdown).
    void StopIfIdle() {
        auto self = weak_from_this().lock();
        if (!self) {
            return;  // being destroyed
        }
        net::post(stream_.get_executor(), [self = std::move(self)] {
            if (self->idle_) {
                beast::error_code ec;
                self->stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
                self->stream_.close();
            }
        });
    }

private:
    void ReadHeader() {
        idle_ = true;
        if (server_.stopping_) {
            Close();
            return;
        }
        request_ = Request{};
        route_ = nullptr;
        close_after_ = false;
        header_parser_.emplace();
        header_parser_->header_limit(static_cast<std::uint32_t>(server_.options_.header_limit));
        // Checked against the route's limit below (not boost::none: Beast 1.74 compares a
        // length against an empty optional as "greater").
        header_parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
        stream_.expires_after(server_.options_.header_timeout);
        bhttp::async_read_header(
            stream_,
            buffer_,
            *header_parser_,
            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnHeader(ec); });
    }

    void OnHeader(beast::error_code ec) {
        idle_ = false;
        started_ = std::chrono::steady_clock::now();
        request_.remote_ip = remote_ip_;
        request_.request_id = server_.NextRequestId();
        if (ec == bhttp::error::end_of_stream || ec == net::error::eof ||
            ec == beast::error::timeout || ec == net::error::operation_aborted ||
            ec == net::error::connection_reset || ec == net::error::bad_descriptor) {
            Close();
            return;
        }
        if (ec == bhttp::error::header_limit) {
            Fail(HttpProblem::kHeaderTooLarge);
            return;
        }
        if (ec == bhttp::error::body_limit) {
            Fail(HttpProblem::kPayloadTooLarge);
            return;
        }
        if (ec) {
            Fail(HttpProblem::kBadRequest);
            return;
        }
        const auto& msg = header_parser_->get();
        version_ = msg.version();
        keep_alive_ = msg.keep_alive();
        request_.method = std::string(msg.method_string());
        request_.target = std::string(msg.target());
        for (const auto& field : msg) {
            std::string name(field.name_string());
            for (char& c : name) {
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            }
            request_.headers.emplace_back(std::move(name), std::string(field.value()));
        }
        if (const auto id = request_.Header("x-request-id"); id && ValidClientRequestId(*id)) {
            request_.request_id = std::string(*id);
        }
        if (!ParseTarget()) {
            Fail(HttpProblem::kBadRequest);
            return;
        }
        const bool has_body =
            header_parser_->chunked() || header_parser_->content_length().value_or(0) > 0;
        if (server_.stopping_) {
            close_after_ = true;
            Respond(Problem(HttpProblem::kShuttingDown, request_));
            return;
        }
        auto match = server_.router_.Find(request_.method, request_.path);
        if (match.route == nullptr) {
            close_after_ = has_body;  // the body is not read; the connection cannot be reused
            if (auto file = server_.ServeStatic(request_)) {
                Respond(std::move(*file));
                return;
            }
            if (match.path_exists) {
                Response r = Problem(HttpProblem::kMethodNotAllowed, request_);
                r.headers.emplace_back("Allow", match.allow);
                Respond(std::move(r));
                return;
            }
            Respond(Problem(HttpProblem::kRouteNotFound, request_));
            return;
        }
        route_ = match.route;
        request_.params = std::move(match.params);
        if (!has_body) {
            Dispatch();
            return;
        }
        const auto type = request_.Header("content-type").value_or("");
        const bool multipart = route_->multipart && type.starts_with("multipart/form-data");
        const std::size_t limit =
            multipart
                ? server_.options_.upload_limit
                : (route_->body_limit > 0 ? route_->body_limit : server_.options_.json_body_limit);
        if (header_parser_->content_length().value_or(0) > limit) {
            Fail(HttpProblem::kPayloadTooLarge);
            return;
        }
        stream_.expires_after(server_.options_.body_timeout);
        if (multipart) {
            upload_path_ = fmt::format(
                "{}/motcua-upload-{}", server_.options_.upload_dir, request_.request_id);
            file_parser_.emplace(std::move(*header_parser_));
            file_parser_->body_limit(limit);
            beast::error_code open_ec;
            file_parser_->get().body().open(upload_path_.c_str(), beast::file_mode::write, open_ec);
            if (open_ec) {
                spdlog::error("request {}: cannot create upload file {}: {}",
                              request_.request_id,
                              upload_path_,
                              open_ec.message());
                upload_path_.clear();
                close_after_ = true;
                Respond(Problem(Error{ErrorCode::kUnavailable,
                                      "upload storage unavailable",
                                      "Không lưu được tệp tải lên",
                                      {}},
                                request_));
                return;
            }
            bhttp::async_read(
                stream_,
                buffer_,
                *file_parser_,
                [self = shared_from_this()](beast::error_code e, std::size_t) { self->OnBody(e); });
            return;
        }
        string_parser_.emplace(std::move(*header_parser_));
        string_parser_->body_limit(limit);
        bhttp::async_read(
            stream_,
            buffer_,
            *string_parser_,
            [self = shared_from_this()](beast::error_code e, std::size_t) { self->OnBody(e); });
    }

    void OnBody(beast::error_code ec) {
        if (ec == bhttp::error::body_limit) {
            Fail(HttpProblem::kPayloadTooLarge);
            return;
        }
        if (ec) {
            Close();
            return;
        }
        if (file_parser_) {
            file_parser_->get().body().close();
            file_parser_.reset();
            request_.upload_file = upload_path_;
        } else {
            request_.body = std::move(string_parser_->get().body());
            string_parser_.reset();
        }
        Dispatch();
    }

    void Dispatch() {
        const Route& route = *route_;
        if (route.dispatch == Dispatch::kInline && route.access == Access::kPublic) {
            Respond(server_.Handle(request_, route));
            return;
        }
        net::post(server_.workers_, [self = shared_from_this(), &route] {
            Response response = self->server_.Handle(self->request_, route);
            net::post(self->stream_.get_executor(),
                      [self, response = std::move(response)]() mutable {
                          self->Respond(std::move(response));
                      });
        });
    }

    bool ParseTarget() {
        const std::string_view target = request_.target;
        if (target.empty() || target.front() != '/') {
            return false;
        }
        const auto q = target.find('?');
        auto path = PercentDecode(target.substr(0, q), false);
        if (!path) {
            return false;
        }
        request_.path = std::move(*path);
        if (q == std::string_view::npos) {
            return true;
        }
        std::string_view rest = target.substr(q + 1);
        while (!rest.empty()) {
            const auto amp = rest.find('&');
            const std::string_view pair = rest.substr(0, amp);
            rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
            if (pair.empty()) {
                continue;
            }
            const auto eq = pair.find('=');
            auto key = PercentDecode(pair.substr(0, eq), true);
            auto value = PercentDecode(
                eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1), true);
            if (!key || !value) {
                return false;
            }
            request_.query.emplace_back(std::move(*key), std::move(*value));
        }
        return true;
    }

    // An error before the body was read: answer and close.
    void Fail(HttpProblem problem) {
        close_after_ = true;
        Respond(Problem(problem, request_));
    }

    void Respond(Response r) {
        status_ = r.status;
        auto res = std::make_shared<bhttp::response<bhttp::string_body>>();
        res->version(version_ == 0 ? 11 : version_);
        res->result(static_cast<unsigned>(r.status));
        if (!r.content_type.empty()) {
            res->set(bhttp::field::content_type, r.content_type);
        }
        res->set("X-Request-Id", request_.request_id);
        res->set(bhttp::field::server, "motcua");
        res->set("X-Content-Type-Options", "nosniff");
        res->set("Referrer-Policy", "same-origin");
        res->set("X-Frame-Options", "DENY");
        bool has_cache_control = false;
        for (const auto& [name, value] : r.headers) {
            has_cache_control = has_cache_control || name == "Cache-Control";
            res->insert(name, value);
        }
        if (!has_cache_control) {
            res->set(bhttp::field::cache_control, "no-store");
        }
        if (request_.method == "HEAD") {
            res->content_length(r.body.size());
        } else {
            res->body() = std::move(r.body);
            res->prepare_payload();
        }
        const bool keep = keep_alive_ && !close_after_ && !server_.stopping_;
        res->keep_alive(keep);
        response_ = res;
        stream_.expires_after(server_.options_.write_timeout);
        bhttp::async_write(stream_,
                           *response_,
                           [self = shared_from_this(), keep](beast::error_code ec, std::size_t n) {
                               self->OnWrite(ec, n, keep);
                           });
    }

    void OnWrite(beast::error_code ec, std::size_t bytes, bool keep) {
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
        server_.metrics_.Record(server_.RouteIndex(route_), status_, seconds);
        if (server_.options_.access_log) {
            server_.options_.access_log->info(
                "{} {} \"{} {}\" {} {} {:.3f}ms {}",
                request_.request_id,
                request_.remote_ip,
                request_.method,
                TargetForLog(request_.target),
                status_,
                bytes,
                seconds * 1000,
                request_.caller ? request_.caller->username : std::string("-"));
        }
        RemoveUpload();
        response_.reset();
        if (ec || !keep) {
            Close();
            return;
        }
        ReadHeader();
    }

    void Close() {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    }

    void RemoveUpload() {
        if (!upload_path_.empty()) {
            std::error_code ec;
            std::filesystem::remove(upload_path_, ec);
            upload_path_.clear();
        }
    }

    beast::tcp_stream stream_;
    Server::Impl& server_;
    beast::flat_buffer buffer_;
    std::optional<bhttp::request_parser<bhttp::empty_body>> header_parser_;
    std::optional<bhttp::request_parser<bhttp::string_body>> string_parser_;
    std::optional<bhttp::request_parser<bhttp::file_body>> file_parser_;
    std::shared_ptr<bhttp::response<bhttp::string_body>> response_;
    Request request_;
    const Route* route_ = nullptr;
    std::string remote_ip_;
    std::string upload_path_;
    std::chrono::steady_clock::time_point started_;
    unsigned version_ = 11;
    bool keep_alive_ = false;
    bool close_after_ = false;
    bool idle_ = true;
    int status_ = 0;
};

void Server::Impl::StartSession(tcp::socket socket) {
    std::make_shared<Session>(std::move(socket), *this)->Start();
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
    {
        const std::lock_guard lock(sessions_mutex_);
        for (Session* s : sessions_) {
            s->StopIfIdle();
        }
    }
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
