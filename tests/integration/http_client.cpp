#include "http_client.hpp"

#include <chrono>
#include <limits>
#include <stdexcept>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace motcua::testing {

namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

std::optional<std::string> HttpResponse::Header(std::string_view name) const {
    for (const auto& [k, v] : headers) {
        if (k == name) {
            return v;
        }
    }
    return std::nullopt;
}

nlohmann::json HttpResponse::Json() const {
    return nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
}

struct HttpClient::Impl {
    net::io_context ioc;
    beast::tcp_stream stream{ioc};
    beast::flat_buffer buffer;
    bool connected = false;
};

HttpClient::HttpClient(std::uint16_t port) : impl_(new Impl), port_(port) {}

HttpClient::~HttpClient() {
    beast::error_code ec;
    impl_->stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    delete impl_;
}

void HttpClient::Connect() {
    beast::error_code ec;
    impl_->stream.socket().close(ec);
    impl_->buffer.clear();
    impl_->stream.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port_));
    impl_->connected = true;
}

HttpResponse HttpClient::Send(std::string_view method,
                              std::string_view target,
                              std::string_view body,
                              std::vector<std::pair<std::string, std::string>> headers) {
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (!impl_->connected) {
            Connect();
        }
        bhttp::request<bhttp::string_body> req;
        req.method_string(std::string(method));
        req.target(std::string(target));
        req.version(11);
        req.set(bhttp::field::host, "localhost");
        if (!cookie_.empty()) {
            req.set(bhttp::field::cookie, "motcua_session=" + cookie_);
        }
        if (!bearer_.empty()) {
            req.set(bhttp::field::authorization, "Bearer " + bearer_);
        }
        if (send_csrf_ && !csrf_.empty() && method != "GET") {
            req.set("X-CSRF-Token", csrf_);
        }
        for (const auto& [k, v] : headers) {
            req.set(k, v);
        }
        req.body() = std::string(body);
        req.prepare_payload();
        beast::error_code ec;
        impl_->stream.expires_after(std::chrono::seconds(30));
        bhttp::write(impl_->stream, req, ec);
        // Even when the write failed (the server answered early and closed, as with a body
        // over the limit), the answer may be waiting.
        bhttp::response_parser<bhttp::string_body> parser;
        parser.body_limit(std::numeric_limits<std::uint64_t>::max());
        const bool write_failed = static_cast<bool>(ec);
        bhttp::read(impl_->stream, impl_->buffer, parser, ec);
        if (ec && write_failed && attempt == 0) {
            impl_->connected = false;
            continue;
        }
        auto res = parser.release();
        if (ec) {
            impl_->connected = false;
            if (attempt == 0) {
                continue;  // the server closed a kept-alive connection; retry once
            }
            throw std::runtime_error("HTTP transport error: " + ec.message());
        }
        HttpResponse out;
        out.status = static_cast<int>(res.result_int());
        for (const auto& f : res) {
            std::string name(f.name_string());
            for (char& c : name) {
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            }
            out.headers.emplace_back(std::move(name), std::string(f.value()));
        }
        out.body = std::move(res.body());
        if (!res.keep_alive()) {
            impl_->connected = false;
        }
        return out;
    }
    throw std::runtime_error("unreachable");
}

HttpResponse HttpClient::Login(std::string_view username, std::string_view password) {
    HttpResponse r = Post("/api/auth/login", {{"username", username}, {"password", password}});
    if (r.status == 200) {
        const auto set_cookie = r.Header("set-cookie").value_or("");
        const auto eq = set_cookie.find('=');
        const auto semi = set_cookie.find(';');
        cookie_ = set_cookie.substr(eq + 1, semi - eq - 1);
        csrf_ = r.Json().value("csrf_token", "");
    }
    return r;
}

std::string RawExchange(std::uint16_t port, std::string_view bytes, int read_timeout_ms) {
    net::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    beast::error_code ec;
    net::write(stream.socket(), net::buffer(bytes.data(), bytes.size()), ec);
    std::string out;
    char buf[4096];
    stream.expires_after(std::chrono::milliseconds(read_timeout_ms));
    while (true) {
        const std::size_t n = stream.read_some(net::buffer(buf), ec);
        out.append(buf, n);
        if (ec) {
            break;
        }
    }
    return out;
}

}  // namespace motcua::testing
