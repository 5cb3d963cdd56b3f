#include "http/message.hpp"

namespace motcua::http {
namespace {

std::optional<std::string_view> Find(const Fields& fields, std::string_view name) {
    for (const auto& [key, value] : fields) {
        if (key == name) {
            return std::string_view(value);
        }
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string_view> Request::Header(std::string_view name) const {
    return Find(headers, name);
}

std::optional<std::string_view> Request::Query(std::string_view name) const {
    return Find(query, name);
}

std::string_view Request::Param(std::string_view name) const {
    return Find(params, name).value_or(std::string_view{});
}

Response Response::Json(int status, std::string body) {
    Response r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

Response Response::NoContent() {
    Response r;
    r.status = 204;
    r.content_type.clear();
    return r;
}

}  // namespace motcua::http
