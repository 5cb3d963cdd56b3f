// Stable text names for enums: one table per enum gives both directions, so the spelling used
// in files, the CLI and the API is written once. Header-only, constexpr tables.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "common/result.hpp"

namespace motcua {

template <class Enum>
struct NamedValue {
    Enum value;
    std::string_view name;
};

// The name of `value` in `table`, or "unknown" when the table misses it (a bug).
template <class Enum, std::size_t N>
std::string_view NameOf(const std::array<NamedValue<Enum>, N>& table, Enum value) {
    for (const auto& entry : table) {
        if (entry.value == value) {
            return entry.name;
        }
    }
    return "unknown";
}

// The value called `name`; kInvalidArgument listing the accepted names otherwise, with `what`
// (e.g. "channel") as the field.
template <class Enum, std::size_t N>
Result<Enum> ParseName(const std::array<NamedValue<Enum>, N>& table,
                       std::string_view name,
                       std::string_view what) {
    for (const auto& entry : table) {
        if (entry.name == name) {
            return entry.value;
        }
    }
    std::string known;
    for (const auto& entry : table) {
        known += known.empty() ? "" : ", ";
        known += entry.name;
    }
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("unknown {} '{}' (expected one of: {})", what, name, known),
                fmt::format("giá trị '{}' không hợp lệ (cần một trong: {})", name, known),
                std::string(what));
}

}  // namespace motcua
