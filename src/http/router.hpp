// Routes: method + path pattern → handler, with the policy the server enforces before the
// handler runs (who may call, CSRF, body limits, where it runs). The table is built explicitly
// in one place (http/routes.cpp, called from app/); nothing registers itself (STYLE.md §6).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "http/message.hpp"

namespace motcua::http {

using Handler = std::function<Result<Response>(Request&)>;

enum class Access {
    kPublic,         // anyone; a valid session is still attached when present
    kAuthenticated,  // a session or API token; handlers check roles and scope
};

// Where the handler runs: inline on the connection's I/O thread (fast, non-blocking reads) or
// on the worker pool (anything that waits for a durable commit or does heavy work).
enum class Dispatch { kInline, kWorker };

struct Route {
    std::string method;   // "GET", "POST", …
    std::string pattern;  // "/api/v1/dossiers/{code}"; {name} matches one non-empty segment
    Handler handler;
    Access access = Access::kAuthenticated;
    Dispatch dispatch = Dispatch::kInline;
    std::size_t body_limit = 0;  // 0: the server's JSON default
    bool multipart = false;      // accepts multipart/form-data, streamed to a temporary file
    bool csrf_exempt = false;    // state-changing but without a session yet (login, register)
    std::string rate_class;      // "" general; "login" and "register" have their own buckets
};

class Router {
public:
    // Adds a route. Patterns are matched segment by segment; literal segments win over
    // parameters, so "/a/new" and "/a/{id}" can coexist.
    void Add(Route route);

    struct Match {
        const Route* route = nullptr;  // null: no route
        bool path_exists = false;      // some route has this path with another method
        std::string allow;             // methods for the path, for 405's Allow header
        Fields params;
    };

    // Finds the route for `method` and the decoded `path`.
    Match Find(std::string_view method, std::string_view path) const;

    const std::vector<Route>& routes() const { return routes_; }

private:
    std::vector<Route> routes_;
    std::vector<std::vector<std::string>> segments_;  // routes_[i]'s pattern, split
};

// Splits "/a/b/" into {"a","b"}.
std::vector<std::string_view> SplitPath(std::string_view path);

}  // namespace motcua::http
