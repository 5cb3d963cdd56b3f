// JSON request bodies: parsing under a depth limit and typed field access whose errors name the
// field (kInvalidArgument, field = JSON pointer-ish path such as "applicant.name").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"

namespace motcua::http {

using Json = nlohmann::json;

inline constexpr int kDefaultMaxJsonDepth = 32;

// Parses `body` as one JSON object. kInvalidArgument for malformed JSON (with the byte offset),
// for nesting deeper than `max_depth` (checked before parsing, so hostile input never recurses)
// and for a top level that is not an object.
[[nodiscard]] Result<Json> ParseJsonObject(std::string_view body,
                                           int max_depth = kDefaultMaxJsonDepth);

// Typed access. Required getters fail kInvalidArgument when the field is missing or has the
// wrong type; optional ones only for the wrong type. `path` prefixes the field name in errors.
[[nodiscard]] Result<std::string> RequiredString(const Json& object,
                                                 std::string_view key,
                                                 std::string_view path = {});
[[nodiscard]] Result<std::optional<std::string>> OptionalString(const Json& object,
                                                                std::string_view key,
                                                                std::string_view path = {});
[[nodiscard]] Result<std::int64_t> RequiredInt(const Json& object,
                                               std::string_view key,
                                               std::string_view path = {});
[[nodiscard]] Result<std::optional<std::int64_t>> OptionalInt(const Json& object,
                                                              std::string_view key,
                                                              std::string_view path = {});
[[nodiscard]] Result<std::optional<bool>> OptionalBool(const Json& object,
                                                       std::string_view key,
                                                       std::string_view path = {});
[[nodiscard]] Result<std::vector<std::string>> StringArray(const Json& object,
                                                           std::string_view key,
                                                           std::string_view path = {});
// An optional nested object (null when absent).
[[nodiscard]] Result<const Json*> OptionalObject(const Json& object,
                                                 std::string_view key,
                                                 std::string_view path = {});
// An optional array of objects (empty when absent).
[[nodiscard]] Result<std::vector<const Json*>> ObjectArray(const Json& object,
                                                           std::string_view key,
                                                           std::string_view path = {});

// `result` unchanged, except that its error names `field` (the input a parser refused).
template <class T>
[[nodiscard]] Result<T> AtField(Result<T> result, std::string_view field) {
    if (!result) {
        result.error().field = std::string(field);
    }
    return result;
}

// Serialises with invalid UTF-8 replaced, never throwing.
std::string Dump(const Json& value);

}  // namespace motcua::http
