// The one table that turns errors into HTTP statuses and application/problem+json bodies
// (RFC 9457). Nothing else in motcua knows HTTP status numbers (STYLE.md §4.7).
#pragma once

#include <string_view>

#include "common/result.hpp"
#include "http/message.hpp"

namespace motcua::http {

// Failures that exist only at the HTTP layer, before a handler runs.
enum class HttpProblem {
    kUnauthenticated,       // no or expired session / token
    kCsrfRejected,          // state-changing request without the session's CSRF token
    kRouteNotFound,         // no such resource
    kMethodNotAllowed,      // resource exists, method does not
    kPayloadTooLarge,       // body over the route's limit
    kHeaderTooLarge,        // request line and headers over the limit
    kUnsupportedMediaType,  // wrong Content-Type, or an upload whose content is not allowed
    kTooManyRequests,       // rate limit
    kBadRequest,            // unparseable HTTP
    kShuttingDown,          // server is draining
};

// Language of problem details: Vietnamese unless the client prefers English.
enum class Locale { kVi, kEn };
Locale LocaleOf(const Request& request);

// Status code for an error code (the mapping table).
int StatusOf(ErrorCode code);
int StatusOf(HttpProblem problem);

// A problem+json response. Internal errors never expose their message; the request id is
// always included so operators can find the log line.
Response Problem(const Error& error, const Request& request);
Response Problem(HttpProblem problem, const Request& request, std::string_view detail = {});

}  // namespace motcua::http
