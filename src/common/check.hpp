// MOTCUA_CHECK and MOTCUA_ASSERT: assertions for bugs, never for input (STYLE.md §4.8).
//
// MOTCUA_CHECK(cond, msg) is always on: when `cond` is false it prints
// "motcua: check failed: <msg> at <file>:<line>" to stderr and calls std::abort(). Use it for
// invariants whose violation means a defect in motcua itself, such as malformed data compiled
// into the binary. MOTCUA_ASSERT(cond, msg) does the same in debug builds and evaluates neither
// argument when NDEBUG is defined. `msg` is anything convertible to std::string_view and is
// evaluated only on failure. Never use either for anything user input, the database or the
// network can cause: return a Result instead.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace motcua::internal {

// Reports a failed check and aborts. Called only by the macros below.
[[noreturn]] inline void CheckFailed(std::string_view message, const char* file, int line) {
    (void)std::fprintf(stderr,
                       "motcua: check failed: %.*s at %s:%d\n",
                       static_cast<int>(message.size()),
                       message.data(),
                       file,
                       line);
    std::abort();
}

}  // namespace motcua::internal

#define MOTCUA_CHECK(cond, msg)                                         \
    do {                                                                \
        if (!(cond)) {                                                  \
            ::motcua::internal::CheckFailed((msg), __FILE__, __LINE__); \
        }                                                               \
    } while (false)

#ifdef NDEBUG
#define MOTCUA_ASSERT(cond, msg) \
    do {                         \
        (void)sizeof(!(cond));   \
    } while (false)
#else
#define MOTCUA_ASSERT(cond, msg) MOTCUA_CHECK(cond, msg)
#endif
