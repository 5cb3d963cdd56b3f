#include "http/params.hpp"

#include <charconv>

#include <fmt/format.h>

namespace motcua::http {

namespace cal = core::calendar;

Result<Json> JsonBody(const Request& request) {
    if (request.body.empty()) {
        return Json::object();
    }
    return ParseJsonObject(request.body);
}

tl::unexpected<Error> BadParam(std::string_view name, std::string_view want) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("query parameter '{}' must be {}", name, want),
                fmt::format("Tham số '{}' phải là {}", name, want),
                std::string(name));
}

Result<std::optional<std::int64_t>> IfMatchVersion(const Request& request,
                                                   std::int64_t min,
                                                   std::string_view of_en,
                                                   std::string_view of_vi) {
    const auto text = request.Header("if-match");
    if (!text) {
        return std::optional<std::int64_t>{};
    }
    std::string_view v = *text;
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') {
        v = v.substr(1, v.size() - 2);
    }
    std::int64_t version = 0;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), version);
    if (ec != std::errc() || end != v.data() + v.size() || version < min) {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("If-Match must be {}, e.g. \"3\"", of_en),
                    fmt::format("If-Match phải là {}, ví dụ \"3\"", of_vi),
                    "If-Match");
    }
    return std::optional<std::int64_t>(version);
}

Result<std::optional<std::int64_t>> OptionalIntParam(const Request& request,
                                                     std::string_view name,
                                                     std::int64_t min,
                                                     std::int64_t max) {
    const auto text = request.Query(name);
    if (!text) {
        return std::optional<std::int64_t>{};
    }
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc() || end != text->data() + text->size() || value < min || value > max) {
        return BadParam(name, fmt::format("an integer from {} to {}", min, max));
    }
    return std::optional<std::int64_t>(value);
}

Result<int> IntParam(const Request& request,
                     std::string_view name,
                     int fallback,
                     int min,
                     int max) {
    MOTCUA_ASSIGN_OR_RETURN(const auto value, OptionalIntParam(request, name, min, max));
    return value ? static_cast<int>(*value) : fallback;
}

Result<bool> BoolParam(const Request& request, std::string_view name) {
    const auto text = request.Query(name);
    if (!text || *text == "false" || *text == "0") {
        return false;
    }
    if (*text == "true" || *text == "1" || text->empty()) {
        return true;
    }
    return BadParam(name, "true or false");
}

Result<std::optional<cal::LocalDate>> DateParam(const Request& request, std::string_view name) {
    const auto text = request.Query(name);
    if (!text) {
        return std::optional<cal::LocalDate>{};
    }
    auto date = cal::ParseDate(*text);
    if (!date) {
        return BadParam(name, "a date YYYY-MM-DD");
    }
    return std::optional<cal::LocalDate>(*date);
}

Result<std::optional<cal::LocalDateTime>> TimeParam(const Request& request, std::string_view name) {
    const auto text = request.Query(name);
    if (!text) {
        return std::optional<cal::LocalDateTime>{};
    }
    if (auto t = cal::ParseDateTime(*text)) {
        return std::optional<cal::LocalDateTime>(*t);
    }
    if (auto d = cal::ParseDate(*text)) {
        return std::optional<cal::LocalDateTime>(cal::LocalDateTime{*d});
    }
    return BadParam(name, "a time YYYY-MM-DDTHH:MM or a date YYYY-MM-DD");
}

Response JsonOk(const Json& body) {
    return Response::Json(200, Dump(body));
}

}  // namespace motcua::http
