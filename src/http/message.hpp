// The request and response values handlers see. They carry no Beast types, so handlers are
// plain functions that tests can call directly; http/server.cpp converts to and from the wire.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/workflow/dossier.hpp"

namespace motcua::http {

using Fields = std::vector<std::pair<std::string, std::string>>;

// Who is calling, once authenticated (by session cookie or API token).
struct Caller {
    core::workflow::Actor actor;  // role, user, agency
    std::string username;
    std::string display_name;
    bool demo = false;
    bool by_token = false;      // API token rather than a browser session
    std::string session_token;  // raw cookie value, for logout
    std::string csrf_token;     // expected X-CSRF-Token on state-changing requests
};

struct Request {
    std::string method;       // "GET", "POST", …
    std::string target;       // as received, path and query
    std::string path;         // percent-decoded path without the query
    Fields query;             // decoded query parameters in order
    Fields headers;           // names lower-case
    std::string body;         // JSON bodies; empty for uploads (see upload_file)
    std::string upload_file;  // multipart bodies are streamed to this temporary file
    std::string remote_ip;
    std::string request_id;
    Fields params;  // path parameters from the route pattern ("{code}")
    std::optional<Caller> caller;

    // The first value of a header (name lower-case), a query parameter or a path parameter.
    std::optional<std::string_view> Header(std::string_view name) const;
    std::optional<std::string_view> Query(std::string_view name) const;
    std::string_view Param(std::string_view name) const;
};

struct Response {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    Fields headers;  // extra headers (Location, Set-Cookie, Cache-Control, …)

    static Response Json(int status, std::string body);
    static Response NoContent();
};

}  // namespace motcua::http
