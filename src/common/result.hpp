// Result<T> and Error: the one way motcua reports an expected failure (STYLE.md §4).
// Functions return Result<T>; they throw only for bugs. Error carries a canonical code, an
// English message for operators and a Vietnamese one for users, and optionally the field at fault.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include <tl/expected.hpp>

namespace motcua {

// Canonical error codes. Callers return the most specific one that applies; http/ maps each to
// one HTTP status, the CLI to exit status 2 (usage) or 1 (other).
enum class ErrorCode {
    kInvalidArgument,
    kNotFound,
    kAlreadyExists,
    kConflict,
    kFailedPrecondition,
    kOutOfRange,
    kPermissionDenied,
    kUnavailable,
    kInternal,
};

// Stable lower-case name of `code` ("invalid_argument", …), used in logs and problem+json.
std::string_view ErrorCodeName(ErrorCode code);

struct Error {
    ErrorCode code = ErrorCode::kInternal;
    std::string message;     // English, for operators and the English locale.
    std::string message_vi;  // Vietnamese, for users; empty means "use message".
    std::string field;       // Path of the offending input field, empty when not applicable.

    bool operator==(const Error&) const = default;
};

template <class T>
using Result = tl::expected<T, Error>;

// Makes an unexpected Error; `return Fail(ErrorCode::kNotFound, "…", "…");`.
inline tl::unexpected<Error> Fail(ErrorCode code,
                                  std::string message,
                                  std::string message_vi = {},
                                  std::string field = {}) {
    return tl::unexpected<Error>(
        Error{code, std::move(message), std::move(message_vi), std::move(field)});
}

}  // namespace motcua

#define MOTCUA_CONCAT_INNER(a, b) a##b
#define MOTCUA_CONCAT(a, b) MOTCUA_CONCAT_INNER(a, b)

// MOTCUA_TRY(expr): evaluates a Result-returning expression and returns its error, if any.
#define MOTCUA_TRY(expr) MOTCUA_TRY_IMPL(MOTCUA_CONCAT(motcua_try_, __COUNTER__), expr)

#define MOTCUA_TRY_IMPL(tmp, expr)                                          \
    do {                                                                    \
        auto&& tmp = (expr);                                                \
        if (!tmp) {                                                         \
            return tl::unexpected<::motcua::Error>(std::move(tmp).error()); \
        }                                                                   \
    } while (false)

// MOTCUA_ASSIGN_OR_RETURN(lhs, expr): `lhs = *expr` or return expr's error.
#define MOTCUA_ASSIGN_OR_RETURN(lhs, expr) \
    MOTCUA_ASSIGN_OR_RETURN_IMPL(MOTCUA_CONCAT(motcua_result_, __COUNTER__), lhs, expr)

#define MOTCUA_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr)                    \
    auto tmp = (expr);                                                  \
    if (!tmp) {                                                         \
        return tl::unexpected<::motcua::Error>(std::move(tmp).error()); \
    }                                                                   \
    lhs = std::move(*tmp)
