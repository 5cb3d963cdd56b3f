// One connection: read a header, route it, read (or spool) the body, dispatch the handler
// inline or to the worker pool, write the response, log it, and again while kept alive.
#include <cctype>
#include <chrono>
#include <filesystem>
#include <limits>

#include <spdlog/spdlog.h>

#include "common/hex.hpp"
#include "http/access_log.hpp"
#include "http/error_mapping.hpp"
#include "http/internal/server_impl.hpp"

namespace motcua::http {

Result<std::string> PercentDecode(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '%') {
            if (i + 2 >= text.size()) {
                return Fail(ErrorCode::kInvalidArgument, "bad percent escape");
            }
            const int hi = HexDigitValue(text[i + 1]);
            const int lo = HexDigitValue(text[i + 2]);
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

namespace {

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

void Server::Impl::CloseIdleSessions() {
    const std::lock_guard lock(sessions_mutex_);
    for (Session* s : sessions_) {
        s->StopIfIdle();
    }
}

}  // namespace motcua::http
