// A small blocking HTTP/1.1 client for the integration tests: one keep-alive connection to the
// server under test, a cookie jar of one session and the session's CSRF token.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace motcua::testing {

struct HttpResponse {
    int status = 0;
    std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
    std::string body;

    std::optional<std::string> Header(std::string_view name) const;
    // The body as JSON (discarded value when it is not JSON).
    nlohmann::json Json() const;
};

class HttpClient {
public:
    explicit HttpClient(std::uint16_t port);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // Sends one request and reads the response. Sends the session cookie and, on
    // state-changing methods, the CSRF token, when the client has them. Reconnects when the
    // server closed the connection. Throws std::runtime_error on transport failure.
    HttpResponse Send(std::string_view method,
                      std::string_view target,
                      std::string_view body = {},
                      std::vector<std::pair<std::string, std::string>> headers = {});

    HttpResponse Get(std::string_view target) { return Send("GET", target); }

    HttpResponse Post(std::string_view target, const nlohmann::json& body) {
        return Send("POST", target, body.dump(), {{"Content-Type", "application/json"}});
    }

    // Signs in through POST /api/auth/login and keeps the cookie and CSRF token. Returns the
    // login response.
    HttpResponse Login(std::string_view username, std::string_view password);

    void set_bearer(std::string token) { bearer_ = std::move(token); }

    void set_send_csrf(bool send) { send_csrf_ = send; }

    const std::string& csrf_token() const { return csrf_; }

private:
    void Connect();

    struct Impl;
    Impl* impl_;
    std::uint16_t port_;
    std::string cookie_;
    std::string csrf_;
    std::string bearer_;
    bool send_csrf_ = true;
};

// Writes raw bytes on a fresh connection and returns whatever the server answers before it
// closes (or `read_timeout_ms` passes). For malformed-HTTP and slow-client tests.
std::string RawExchange(std::uint16_t port, std::string_view bytes, int read_timeout_ms = 3000);

}  // namespace motcua::testing
