// Reading requests in handlers: the JSON body and query parameters, with errors that name the
// parameter (kInvalidArgument, field = its name) — one place for every route file.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "common/result.hpp"
#include "core/calendar/civil_time.hpp"
#include "http/json_body.hpp"
#include "http/message.hpp"

namespace motcua::http {

// The body as a JSON object; an empty body is {}.
[[nodiscard]] Result<Json> JsonBody(const Request& request);

// kInvalidArgument "query parameter 'name' must be <want>", field = name.
tl::unexpected<Error> BadParam(std::string_view name, std::string_view want);

// An integer in [min, max]; nullopt when absent.
[[nodiscard]] Result<std::optional<std::int64_t>> OptionalIntParam(const Request& request,
                                                                   std::string_view name,
                                                                   std::int64_t min,
                                                                   std::int64_t max);
// An integer in [min, max]; `fallback` when absent.
[[nodiscard]] Result<int> IntParam(const Request& request,
                                   std::string_view name,
                                   int fallback,
                                   int min,
                                   int max);
// "true"/"1"/"" → true, "false"/"0" or absent → false.
[[nodiscard]] Result<bool> BoolParam(const Request& request, std::string_view name);
// YYYY-MM-DD; nullopt when absent.
[[nodiscard]] Result<std::optional<core::calendar::LocalDate>> DateParam(const Request& request,
                                                                         std::string_view name);
// YYYY-MM-DDTHH:MM (or a date, meaning its midnight); nullopt when absent.
[[nodiscard]] Result<std::optional<core::calendar::LocalDateTime>> TimeParam(const Request& request,
                                                                             std::string_view name);

// 200 with a JSON body.
Response JsonOk(const Json& body);

}  // namespace motcua::http
