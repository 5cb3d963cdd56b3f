#include "http/router.hpp"

#include <algorithm>
#include <utility>

namespace motcua::http {

std::vector<std::string_view> SplitPath(std::string_view path) {
    std::vector<std::string_view> parts;
    std::size_t i = 0;
    while (i < path.size()) {
        while (i < path.size() && path[i] == '/') {
            ++i;
        }
        const std::size_t start = i;
        while (i < path.size() && path[i] != '/') {
            ++i;
        }
        if (i > start) {
            parts.push_back(path.substr(start, i - start));
        }
    }
    return parts;
}

namespace {

bool IsParam(std::string_view segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// Number of literal segments, to prefer "/a/new" over "/a/{id}"; -1 when no match.
int MatchPattern(const std::vector<std::string>& segments,
                 const std::vector<std::string_view>& parts,
                 Fields* params) {
    if (segments.size() != parts.size()) {
        return -1;
    }
    int literals = 0;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        if (IsParam(segments[i])) {
            continue;
        }
        if (segments[i] != parts[i]) {
            return -1;
        }
        ++literals;
    }
    if (params != nullptr) {
        for (std::size_t i = 0; i < segments.size(); ++i) {
            if (IsParam(segments[i])) {
                params->emplace_back(std::string(segments[i].substr(1, segments[i].size() - 2)),
                                     std::string(parts[i]));
            }
        }
    }
    return literals;
}

}  // namespace

void Router::Add(Route route) {
    std::vector<std::string> segments;
    for (const std::string_view s : SplitPath(route.pattern)) {
        segments.emplace_back(s);
    }
    segments_.push_back(std::move(segments));
    routes_.push_back(std::move(route));
}

Router::Match Router::Find(std::string_view method, std::string_view path) const {
    Match match;
    const auto parts = SplitPath(path);
    int best = -1;
    std::size_t best_index = 0;
    for (std::size_t i = 0; i < routes_.size(); ++i) {
        const Route& route = routes_[i];
        const int score = MatchPattern(segments_[i], parts, nullptr);
        if (score < 0) {
            continue;
        }
        match.path_exists = true;
        if (match.allow.find(route.method) == std::string::npos) {
            match.allow += match.allow.empty() ? route.method : ", " + route.method;
        }
        if (route.method == method && score > best) {
            best = score;
            best_index = i;
            match.route = &route;
        }
    }
    if (match.route != nullptr) {
        MatchPattern(segments_[best_index], parts, &match.params);
    }
    return match;
}

}  // namespace motcua::http
