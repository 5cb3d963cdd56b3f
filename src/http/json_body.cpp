#include "http/json_body.hpp"

#include <fmt/format.h>

namespace motcua::http {
namespace {

std::string FieldPath(std::string_view path, std::string_view key) {
    return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
}

tl::unexpected<Error> WrongType(std::string_view path,
                                std::string_view key,
                                std::string_view want) {
    const std::string field = FieldPath(path, key);
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("field '{}' must be {}", field, want),
                fmt::format("Trường '{}' phải là {}", field, want),
                field);
}

tl::unexpected<Error> Missing(std::string_view path, std::string_view key) {
    const std::string field = FieldPath(path, key);
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("field '{}' is required", field),
                fmt::format("Thiếu trường bắt buộc '{}'", field),
                field);
}

const Json* Get(const Json& object, std::string_view key) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
        return nullptr;
    }
    return &*it;
}

}  // namespace

Result<Json> ParseJsonObject(std::string_view body, int max_depth) {
    // Depth scan outside strings: hostile nesting is refused before the parser sees it.
    int depth = 0;
    bool in_string = false;
    bool escaped = false;
    for (const char c : body) {
        if (in_string) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                in_string = false;
            }
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            if (++depth > max_depth) {
                return Fail(ErrorCode::kInvalidArgument,
                            fmt::format("JSON nested deeper than {} levels", max_depth),
                            fmt::format("Dữ liệu JSON lồng quá {} cấp", max_depth));
            }
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    Json value = Json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded()) {
        return Fail(ErrorCode::kInvalidArgument,
                    "request body is not valid JSON",
                    "Dữ liệu gửi lên không phải JSON hợp lệ");
    }
    if (!value.is_object()) {
        return Fail(ErrorCode::kInvalidArgument,
                    "request body must be a JSON object",
                    "Dữ liệu gửi lên phải là một đối tượng JSON");
    }
    return value;
}

Result<std::string> RequiredString(const Json& object,
                                   std::string_view key,
                                   std::string_view path) {
    const Json* v = Get(object, key);
    if (v == nullptr) {
        return Missing(path, key);
    }
    if (!v->is_string()) {
        return WrongType(path, key, "a string");
    }
    return v->get<std::string>();
}

Result<std::optional<std::string>> OptionalString(const Json& object,
                                                  std::string_view key,
                                                  std::string_view path) {
    const Json* v = Get(object, key);
    if (v == nullptr) {
        return std::optional<std::string>{};
    }
    if (!v->is_string()) {
        return WrongType(path, key, "a string");
    }
    return std::optional<std::string>(v->get<std::string>());
}

Result<std::int64_t> RequiredInt(const Json& object, std::string_view key, std::string_view path) {
    MOTCUA_ASSIGN_OR_RETURN(const auto value, OptionalInt(object, key, path));
    if (!value) {
        return Missing(path, key);
    }
    return *value;
}

Result<std::optional<std::int64_t>> OptionalInt(const Json& object,
                                                std::string_view key,
                                                std::string_view path) {
    const Json* v = Get(object, key);
    if (v == nullptr) {
        return std::optional<std::int64_t>{};
    }
    if (!v->is_number_integer()) {
        return WrongType(path, key, "an integer");
    }
    return std::optional<std::int64_t>(v->get<std::int64_t>());
}

Result<std::optional<bool>> OptionalBool(const Json& object,
                                         std::string_view key,
                                         std::string_view path) {
    const Json* v = Get(object, key);
    if (v == nullptr) {
        return std::optional<bool>{};
    }
    if (!v->is_boolean()) {
        return WrongType(path, key, "true or false");
    }
    return std::optional<bool>(v->get<bool>());
}

Result<std::vector<std::string>> StringArray(const Json& object,
                                             std::string_view key,
                                             std::string_view path) {
    std::vector<std::string> out;
    const Json* v = Get(object, key);
    if (v == nullptr) {
        return out;
    }
    if (!v->is_array()) {
        return WrongType(path, key, "an array of strings");
    }
    for (const Json& item : *v) {
        if (!item.is_string()) {
            return WrongType(path, key, "an array of strings");
        }
        out.push_back(item.get<std::string>());
    }
    return out;
}

Result<const Json*> OptionalObject(const Json& object,
                                   std::string_view key,
                                   std::string_view path) {
    const Json* v = Get(object, key);
    if (v != nullptr && !v->is_object()) {
        return WrongType(path, key, "an object");
    }
    return v;
}

Result<std::vector<const Json*>> ObjectArray(const Json& object,
                                             std::string_view key,
                                             std::string_view path) {
    std::vector<const Json*> out;
    const Json* v = Get(object, key);
    if (v == nullptr) {
        return out;
    }
    if (!v->is_array()) {
        return WrongType(path, key, "an array of objects");
    }
    for (const Json& item : *v) {
        if (!item.is_object()) {
            return WrongType(path, key, "an array of objects");
        }
        out.push_back(&item);
    }
    return out;
}

std::string Dump(const Json& value) {
    return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace motcua::http
