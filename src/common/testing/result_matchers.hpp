// gmock matchers for Result<T> (STYLE.md §7): IsOk(), IsOkAndHolds(m), HasError(code).
// Test-only header; never include it from production code.
#pragma once

#include <ostream>

#include <gmock/gmock.h>

#include "common/result.hpp"

namespace motcua {

inline void PrintTo(const Error& e, std::ostream* os) {
    *os << "Error{" << ErrorCodeName(e.code) << ", \"" << e.message << "\"}";
}

MATCHER(IsOk, "is OK") {
    if (arg.has_value()) {
        return true;
    }
    *result_listener << "error " << ErrorCodeName(arg.error().code) << ": " << arg.error().message;
    return false;
}

MATCHER_P(IsOkAndHolds, m, "is OK and holds a value that " + testing::PrintToString(m)) {
    if (!arg.has_value()) {
        *result_listener << "error " << ErrorCodeName(arg.error().code) << ": "
                         << arg.error().message;
        return false;
    }
    return testing::ExplainMatchResult(m, *arg, result_listener);
}

MATCHER_P(HasError, code, "fails with " + std::string(ErrorCodeName(code))) {
    if (arg.has_value()) {
        *result_listener << "succeeded";
        return false;
    }
    *result_listener << "error " << ErrorCodeName(arg.error().code) << ": " << arg.error().message;
    return arg.error().code == code;
}

}  // namespace motcua
