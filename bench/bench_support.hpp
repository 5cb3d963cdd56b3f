// Small helpers shared by the benchmark programs in bench/ (never part of the product).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <random>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace motcua::bench {

// Seconds in a duration, as a double.
template <class Rep, class Period>
double Seconds(std::chrono::duration<Rep, Period> d) {
    return std::chrono::duration<double>(d).count();
}

// The p-quantile (0..1) of `values` (reordered); 0 for no values.
inline double Percentile(std::vector<double>& values, double p) {
    if (values.empty()) {
        return 0;
    }
    const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1));
    std::nth_element(
        values.begin(), values.begin() + static_cast<std::ptrdiff_t>(index), values.end());
    return values[index];
}

// Removes the directory it was given (if any) on every way out of a scope.
struct RemoveOnExit {
    std::filesystem::path dir;
    RemoveOnExit() = default;
    RemoveOnExit(const RemoveOnExit&) = delete;
    RemoveOnExit& operator=(const RemoveOnExit&) = delete;
    RemoveOnExit(RemoveOnExit&&) = delete;
    RemoveOnExit& operator=(RemoveOnExit&&) = delete;

    ~RemoveOnExit() {
        if (!dir.empty()) {
            std::error_code ignored;
            std::filesystem::remove_all(dir, ignored);
        }
    }
};

// The benchmark's working directory: argv[1] when given (kept), else a new temporary one that
// `cleanup` removes on exit. Created if missing.
inline std::filesystem::path WorkDirectory(int argc,
                                           char** argv,
                                           std::string_view prefix,
                                           RemoveOnExit& cleanup) {
    std::filesystem::path dir;
    if (argc > 1) {
        dir = argv[1];
    } else {
        std::random_device random;
        dir = std::filesystem::temp_directory_path() /
              (std::string(prefix) + std::to_string(random()));
        cleanup.dir = dir;
    }
    std::filesystem::create_directories(dir);
    return dir;
}

}  // namespace motcua::bench
