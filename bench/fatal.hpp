// How the benchmark programs that link motcua's libraries end on an error (never part of the
// product; bench/bench_support.hpp stays free of them for the standalone HTTP load generator).
#pragma once

#include <string_view>

#include <fmt/format.h>

#include "common/result.hpp"

namespace motcua::bench {

// Prints "<what>: <error>" on stderr and gives the exit status of a failed run (1).
inline int Fatal(std::string_view what, const Error& error) {
    fmt::print(stderr, "{}: {}\n", what, error.message);
    return 1;
}

}  // namespace motcua::bench
