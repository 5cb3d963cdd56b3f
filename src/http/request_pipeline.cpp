// What every routed request goes through before and around its handler: rate limits,
// credentials (session cookie or API token), CSRF, the Content-Type of JSON bodies, and the
// last-resort catch.
#include <chrono>
#include <exception>

#include <spdlog/spdlog.h>

#include "http/error_mapping.hpp"
#include "http/internal/server_impl.hpp"

namespace motcua::http {

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

}  // namespace motcua::http
