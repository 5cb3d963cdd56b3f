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

// The version an If-Match header pins — "3" or a bare 3, at least `min`; nullopt when absent.
// Otherwise kInvalidArgument, field "If-Match", naming what the version is of (`of_en`, e.g.
// "the dossier version"; `of_vi`, e.g. "phiên bản hồ sơ").
[[nodiscard]] Result<std::optional<std::int64_t>> IfMatchVersion(const Request& request,
                                                                 std::int64_t min,
                                                                 std::string_view of_en,
                                                                 std::string_view of_vi);

// 200 with a JSON body.
Response JsonOk(const Json& body);

}  // namespace motcua::http
